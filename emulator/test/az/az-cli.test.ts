// The real Azure CLI against the emulator, unchanged: signed in through `acr-tasks-emulator --az-setup`,
// then one scenario per area (each with its registry and its own copy of the config folder, so the
// scenarios run concurrently): registries and replications, tasks (create, run with logs, list-runs,
// logs, cancel, update, timer, credential, identity), `acr run` and `acr build` with logs, task runs,
// agent pools, webhooks, scope maps and tokens, import. Skipped, saying so, when `az` is not on PATH.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AzFailure, findAz, startAzSession, type AzSession } from "./azSession.js";

const az = findAz();
if (!az)
  console.warn(
    "az-cli suite SKIPPED: `az` (the Azure CLI) is not on PATH. Install it (Debian: apt-get install azure-cli) to run it.",
  );

const group = "azsuite";
const minutes = (n: number) => n * 60_000;

describe.skipIf(!az)("the Azure CLI against the emulator", () => {
  let shared: AzSession;
  let contexts: string;

  beforeAll(async () => {
    shared = await startAzSession(az!, 0.02);
    await shared.run(shared.configDir(), ["group", "create", "-n", group, "-l", "westus", "-o", "none"]);
    contexts = mkdtempSync(join(tmpdir(), "acr-az-contexts-"));
    writeFileSync(join(contexts, "Dockerfile"), "FROM alpine\nRUN echo built-by-az\n");
    // Carries its own version line: `az acr run -f` prepends another, and the last one wins.
    writeFileSync(join(contexts, "acb.yaml"), "version: v1.1.0\nsteps:\n  - cmd: bash echo from-the-file\n");
  }, minutes(3));
  afterAll(async () => {
    await shared?.close();
    if (contexts) rmSync(contexts, { recursive: true, force: true });
  });

  /** One scenario's az: its own config folder, JSON output where asked, the emulator's log on failure. */
  function scenario(session: AzSession = shared) {
    const dir = session.configDir();
    const run = async (...args: string[]) => {
      try {
        return await session.run(dir, args);
      } catch (error) {
        if (error instanceof AzFailure)
          error.message += `\n--- emulator log (last lines) ---\n${session.emulatorLog().split("\n").slice(-15).join("\n")}`;
        throw error;
      }
    };
    return {
      run,
      json: async (...args: string[]) => (await run(...args, "-o", "json")).json,
      /** Runs a command expected to fail; resolves to its error output. */
      fails: async (...args: string[]) => {
        const outcome = await session.run(dir, args).then(
          () => undefined,
          (error: AzFailure) => error.stderr,
        );
        if (outcome === undefined) throw new Error(`az ${args.join(" ")} succeeded, but it should have failed`);
        return outcome;
      },
      createRegistry: (name: string) => run("acr", "create", "-n", name, "-g", group, "--sku", "Premium", "-o", "none"),
    };
  }

  test.concurrent(
    "sign-in: the account is the emulator's subscription, as a service principal",
    async () => {
      const { json } = scenario();
      const account = await json("account", "show");
      expect(account).toMatchObject({
        id: shared.subscription,
        environmentName: "AcrTasksEmulator",
        user: { type: "servicePrincipal" },
      });
    },
    minutes(2),
  );

  test.concurrent(
    "registry: create, show and update; no replication until geo-replicated; replication create, update, delete; delete",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("azregistry01");
      expect(await json("acr", "show", "-n", "azregistry01")).toMatchObject({
        loginServer: "azregistry01.azurecr.io",
        provisioningState: "Succeeded",
        tags: {},
        resourceGroup: group,
      });
      expect((await json("acr", "update", "-n", "azregistry01", "--admin-enabled", "true")).adminUserEnabled).toBe(
        true,
      );
      expect((await json("acr", "credential", "show", "-n", "azregistry01")).username).toBe("azregistry01");
      expect(await json("acr", "identity", "assign", "-n", "azregistry01", "--identities", "[system]")).toMatchObject({
        identity: { type: "SystemAssigned", principalId: expect.any(String) },
      });
      // As the recordings of live Azure show: no replication until the first one elsewhere, which brings the home one.
      expect(await json("acr", "replication", "list", "-r", "azregistry01")).toEqual([]);
      expect((await json("acr", "replication", "create", "-r", "azregistry01", "-l", "eastus")).provisioningState).toBe(
        "Succeeded",
      );
      expect((await json("acr", "replication", "show", "-n", "westus", "-r", "azregistry01")).provisioningState).toBe(
        "Succeeded",
      );
      expect(
        (await json("acr", "replication", "update", "-n", "eastus", "-r", "azregistry01", "--tags", "team=a")).tags,
      ).toEqual({ team: "a" });
      await run("acr", "replication", "delete", "-n", "eastus", "-r", "azregistry01");
      expect(
        (await json("acr", "replication", "list", "-r", "azregistry01")).map((r: { name: string }) => r.name),
      ).toEqual(["westus"]);
      await run("acr", "delete", "-n", "azregistry01", "--yes");
      expect((await json("acr", "list", "-g", group)).map((r: { name: string }) => r.name)).not.toContain(
        "azregistry01",
      );
    },
    minutes(4),
  );

  test.concurrent(
    "tasks: create, run with logs, list-runs, logs, update, timer, credential add/remove, identity, delete",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("aztasks01");
      expect(
        await json(
          "acr",
          "task",
          "create",
          "-n",
          "hello",
          "-r",
          "aztasks01",
          "--cmd",
          "bash echo hello-from-task",
          "-c",
          "/dev/null",
        ),
      ).toMatchObject({ name: "hello", provisioningState: "Succeeded" });
      expect((await run("acr", "task", "run", "-n", "hello", "-r", "aztasks01")).stdout).toMatch(
        /hello-from-task[\s\S]*Run ID: cb1 was successful/,
      );
      const runs = await json("acr", "task", "list-runs", "-r", "aztasks01", "-n", "hello");
      expect(runs).toEqual([expect.objectContaining({ runId: "cb1", status: "Succeeded", task: "hello" })]);
      expect((await run("acr", "task", "logs", "-r", "aztasks01", "-n", "hello")).stdout).toContain("hello-from-task");
      expect(
        (await json("acr", "task", "update", "-n", "hello", "-r", "aztasks01", "--cmd", "bash echo updated")).step
          .encodedTaskContent,
      ).toBeTruthy();
      await run(
        "acr",
        "task",
        "timer",
        "add",
        "-n",
        "hello",
        "-r",
        "aztasks01",
        "--timer-name",
        "nightly",
        "--schedule",
        "0 3 * * *",
        "-o",
        "none",
      );
      expect(await json("acr", "task", "timer", "list", "-n", "hello", "-r", "aztasks01")).toEqual([
        expect.objectContaining({ name: "nightly", schedule: "0 3 * * *", status: "Enabled" }),
      ]);
      await run(
        "acr",
        "task",
        "credential",
        "add",
        "-n",
        "hello",
        "-r",
        "aztasks01",
        "--login-server",
        "other.azurecr.io",
        "-u",
        "someone",
        "-p",
        "s3cret",
        "-o",
        "none",
      );
      expect(Object.keys(await json("acr", "task", "credential", "list", "-n", "hello", "-r", "aztasks01"))).toEqual([
        "other.azurecr.io",
      ]);
      // Sends {"properties":{"credentials":{"customRegistries":{"other.azurecr.io":null}}}}: merge-patch removes it.
      await run(
        "acr",
        "task",
        "credential",
        "remove",
        "-n",
        "hello",
        "-r",
        "aztasks01",
        "--login-server",
        "other.azurecr.io",
        "-o",
        "none",
      );
      expect(await json("acr", "task", "credential", "list", "-n", "hello", "-r", "aztasks01")).toEqual({});
      await run("acr", "task", "identity", "assign", "-n", "hello", "-r", "aztasks01", "-o", "none");
      expect(await json("acr", "task", "identity", "show", "-n", "hello", "-r", "aztasks01")).toMatchObject({
        type: "SystemAssigned",
        principalId: expect.any(String),
        tenantId: expect.any(String),
      });
      await run("acr", "task", "delete", "-n", "hello", "-r", "aztasks01", "--yes");
      expect(await json("acr", "task", "list", "-r", "aztasks01")).toEqual([]);
    },
    minutes(5),
  );

  test.concurrent(
    "tasks: a long run started with --no-wait, cancel-run, show-run Canceled",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("azcancel01");
      await run(
        "acr",
        "task",
        "create",
        "-n",
        "longtask",
        "-r",
        "azcancel01",
        "--cmd",
        "bash sleep 100000",
        "-c",
        "/dev/null",
        "--timeout",
        "28800",
        "-o",
        "none",
      );
      // --no-wait prints nothing (the queued message is a warning): the run is found by listing.
      await run("acr", "task", "run", "-n", "longtask", "-r", "azcancel01", "--no-wait");
      const [queued] = await json("acr", "task", "list-runs", "-r", "azcancel01", "-n", "longtask");
      expect(queued).toMatchObject({ runId: "cb1", status: expect.stringMatching(/^(Queued|Started|Running)$/) });
      await run("acr", "task", "cancel-run", "-r", "azcancel01", "--run-id", "cb1");
      expect((await json("acr", "task", "show-run", "-r", "azcancel01", "--run-id", "cb1")).status).toBe("Canceled");
    },
    minutes(3),
  );

  test.concurrent(
    "acr run (--cmd and -f with a context) and acr build, with their logs",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("azquick01");
      expect((await run("acr", "run", "-r", "azquick01", "--cmd", "bash echo quick-run", "/dev/null")).stdout).toMatch(
        /quick-run[\s\S]*was successful/,
      );
      expect((await run("acr", "run", "-r", "azquick01", "-f", "acb.yaml", contexts)).stdout).toMatch(
        /Finished downloading source code[\s\S]*from-the-file[\s\S]*was successful/,
      );
      const built = (await run("acr", "build", "-r", "azquick01", "-t", "app:v1", contexts)).stdout;
      expect(built).toMatch(
        /Step 2\/2 : RUN echo built-by-az[\s\S]*Successfully pushed image: azquick01\.azurecr\.io\/app:v1[\s\S]*was successful/,
      );
      const noLogs = await json("acr", "build", "-r", "azquick01", "-t", "app:v2", "--no-logs", contexts);
      expect(noLogs).toMatchObject({
        status: "Succeeded",
        runType: "QuickBuild",
        outputImages: [expect.objectContaining({ repository: "app", tag: "v2" })],
      });
    },
    minutes(4),
  );

  test.concurrent(
    "taskrun: created by ARM (az rest), then list, show, logs and delete",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("aztaskrun01");
      await run(
        "acr",
        "task",
        "create",
        "-n",
        "trtask",
        "-r",
        "aztaskrun01",
        "--cmd",
        "bash echo from-taskrun",
        "-c",
        "/dev/null",
        "-o",
        "none",
      );
      const registryId = `/subscriptions/${shared.subscription}/resourceGroups/${group}/providers/Microsoft.ContainerRegistry/registries/aztaskrun01`;
      const body = JSON.stringify({
        properties: { runRequest: { type: "TaskRunRequest", taskId: `${registryId}/tasks/trtask` } },
      });
      await run(
        "rest",
        "--method",
        "put",
        "--url",
        `${shared.arm}${registryId}/taskRuns/taskrun1?api-version=2019-06-01-preview`,
        "--body",
        body,
        "-o",
        "none",
      );
      expect((await json("acr", "taskrun", "list", "-r", "aztaskrun01")).map((t: { name: string }) => t.name)).toEqual([
        "taskrun1",
      ]);
      expect(await json("acr", "taskrun", "show", "-n", "taskrun1", "-r", "aztaskrun01")).toMatchObject({
        name: "taskrun1",
        runResult: { task: "trtask" },
      });
      expect((await run("acr", "taskrun", "logs", "-n", "taskrun1", "-r", "aztaskrun01")).stdout).toContain(
        "from-taskrun",
      );
      await run("acr", "taskrun", "delete", "-n", "taskrun1", "-r", "aztaskrun01", "--yes");
      expect(await json("acr", "taskrun", "list", "-r", "aztaskrun01")).toEqual([]);
    },
    minutes(4),
  );

  test.concurrent(
    "agentpool: create, show, list, update, queue count, delete",
    async () => {
      // az reads the pool right after its DELETE and fails on a 404, then sleeps 30 s (real time) between
      // reads: an emulator of its own at timeScale 0.5 keeps the pool Deleting for 15 s after the DELETE,
      // so that first read never races the clock however loaded the machine is, and it is gone by the next.
      const poolSession = await startAzSession(az!, 0.5);
      try {
        await poolSession.run(poolSession.configDir(), ["group", "create", "-n", group, "-l", "westus", "-o", "none"]);
        await agentPoolScenario(scenario(poolSession));
      } finally {
        await poolSession.close();
      }
    },
    minutes(4),
  );

  async function agentPoolScenario({ run, json, createRegistry }: ReturnType<typeof scenario>): Promise<void> {
    await createRegistry("azpool01");
    expect(await json("acr", "agentpool", "create", "-n", "pool1", "-r", "azpool01", "--count", "1")).toMatchObject({
      count: 1,
      provisioningState: "Succeeded",
    });
    expect((await json("acr", "agentpool", "show", "-n", "pool1", "-r", "azpool01")).tier).toBe("S1");
    expect((await json("acr", "agentpool", "list", "-r", "azpool01")).map((p: { name: string }) => p.name)).toEqual([
      "pool1",
    ]);
    expect((await json("acr", "agentpool", "update", "-n", "pool1", "-r", "azpool01", "--count", "2")).count).toBe(2);
    expect(await json("acr", "agentpool", "show", "-n", "pool1", "-r", "azpool01", "--queue-count")).toEqual({
      count: 0,
    });
    await run("acr", "agentpool", "delete", "-n", "pool1", "-r", "azpool01", "--yes");
    expect(await json("acr", "agentpool", "list", "-r", "azpool01")).toEqual([]);
  }

  test.concurrent(
    "webhook: create, show, update, get-config, ping, list-events, delete",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("azhooks01");
      expect(
        await json(
          "acr",
          "webhook",
          "create",
          "-n",
          "hook1",
          "-r",
          "azhooks01",
          "--uri",
          "https://example.com/hook",
          "--actions",
          "push",
        ),
      ).toMatchObject({ status: "enabled", actions: ["push"] });
      // The service URI is a secret: only get-config shows it.
      expect(JSON.stringify(await json("acr", "webhook", "show", "-n", "hook1", "-r", "azhooks01"))).not.toContain(
        "example.com/hook",
      );
      expect(
        (await json("acr", "webhook", "update", "-n", "hook1", "-r", "azhooks01", "--status", "disabled")).status,
      ).toBe("disabled");
      expect((await json("acr", "webhook", "get-config", "-n", "hook1", "-r", "azhooks01")).serviceUri).toBe(
        "https://example.com/hook",
      );
      const ping = await json("acr", "webhook", "ping", "-n", "hook1", "-r", "azhooks01");
      expect(
        (await json("acr", "webhook", "list-events", "-n", "hook1", "-r", "azhooks01")).map(
          (e: { id: string }) => e.id,
        ),
      ).toEqual([ping.id]);
      await run("acr", "webhook", "delete", "-n", "hook1", "-r", "azhooks01");
      expect(await json("acr", "webhook", "list", "-r", "azhooks01")).toEqual([]);
    },
    minutes(4),
  );

  test.concurrent(
    "scope-map and token: create, update, passwords generated and deleted, delete",
    async () => {
      const { run, json, createRegistry } = scenario();
      await createRegistry("aztokens01");
      await run(
        "acr",
        "scope-map",
        "create",
        "-n",
        "readers",
        "-r",
        "aztokens01",
        "--repository",
        "hello",
        "content/read",
        "-o",
        "none",
      );
      // az builds the actions from a set: their order is not the command line's.
      expect(
        (
          await json(
            "acr",
            "scope-map",
            "update",
            "-n",
            "readers",
            "-r",
            "aztokens01",
            "--add-repository",
            "other",
            "content/write",
          )
        ).actions.sort(),
      ).toEqual(["repositories/hello/content/read", "repositories/other/content/write"]);
      // Creates the token, then generates both passwords and sets them on the token's credentials.
      const token = await json("acr", "token", "create", "-n", "reader1", "-r", "aztokens01", "--scope-map", "readers");
      expect(token.credentials.passwords.map((p: { name: string; value: string }) => [p.name, typeof p.value])).toEqual(
        [
          ["password1", "string"],
          ["password2", "string"],
        ],
      );
      const bare = await json(
        "acr",
        "token",
        "create",
        "-n",
        "reader2",
        "-r",
        "aztokens01",
        "--scope-map",
        "readers",
        "--no-passwords",
      );
      expect(bare.credentials).toBeTruthy();
      expect(
        (await json("acr", "token", "credential", "generate", "-n", "reader2", "-r", "aztokens01", "--password1"))
          .passwords[0].name,
      ).toBe("password1");
      await run(
        "acr",
        "token",
        "credential",
        "delete",
        "-n",
        "reader1",
        "-r",
        "aztokens01",
        "--password2",
        "-o",
        "none",
      );
      expect(
        (await json("acr", "token", "show", "-n", "reader1", "-r", "aztokens01")).credentials.passwords.map(
          (p: { name: string }) => p.name,
        ),
      ).toEqual(["password1"]);
      expect(
        (await json("acr", "token", "update", "-n", "reader1", "-r", "aztokens01", "--status", "disabled")).status,
      ).toBe("disabled");
      expect(
        (await json("acr", "token", "list", "-r", "aztokens01")).map((t: { name: string }) => t.name).sort(),
      ).toEqual(["reader1", "reader2"]);
      await run("acr", "token", "delete", "-n", "reader1", "-r", "aztokens01", "--yes");
      await run("acr", "token", "delete", "-n", "reader2", "-r", "aztokens01", "--yes");
      await run("acr", "scope-map", "delete", "-n", "readers", "-r", "aztokens01", "--yes");
      expect(await json("acr", "scope-map", "list", "-r", "aztokens01")).toEqual([]);
    },
    minutes(5),
  );

  test.concurrent(
    "import: from Docker Hub with a tag and from MCR; the same tag again needs --force",
    async () => {
      const { run, fails, createRegistry } = scenario();
      await createRegistry("azimport01");
      await run(
        "acr",
        "import",
        "-n",
        "azimport01",
        "--source",
        "docker.io/library/hello-world:latest",
        "-t",
        "hello:v1",
      );
      await run("acr", "import", "-n", "azimport01", "--source", "mcr.microsoft.com/hello-world:latest");
      expect(
        await fails(
          "acr",
          "import",
          "-n",
          "azimport01",
          "--source",
          "docker.io/library/hello-world:latest",
          "-t",
          "hello:v1",
        ),
      ).toContain("TagAlreadyExists");
      await run(
        "acr",
        "import",
        "-n",
        "azimport01",
        "--source",
        "docker.io/library/hello-world:latest",
        "-t",
        "hello:v1",
        "--force",
      );
    },
    minutes(3),
  );
});
