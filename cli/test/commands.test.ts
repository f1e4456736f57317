// Every command of acr-tasks as a user runs it: the bin as a child process, signed in through the
// emulator's --env-file (a real DefaultAzureCredential sign-in), output piped. What each command sent is
// read from the emulator's request log.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  cliBin,
  escapeCharacter,
  runCli,
  startCliEmulator,
  type CliEmulator,
  type CliResult,
} from "./_support/cliSession.js";

const group = "cli-rg";
const registry = "clitests01";
const seconds = (n: number) => n * 1000;

let emulator: CliEmulator;
let folder: string;

beforeAll(async () => {
  emulator = await startCliEmulator({ timeScale: 0.05 });
  await emulator.createRegistry(registry, group);
  await emulator.client().tasks.create(
    group,
    registry,
    "greet-task",
    {
      location: "westus",
      properties: {
        platform: { os: "Linux" },
        step: {
          type: "EncodedTask",
          encodedTaskContent: Buffer.from("steps:\n  - cmd: bash echo greetings {{.Values.who}}\n").toString("base64"),
        },
      },
    },
    { updateIntervalInMs: 20 },
  );
  folder = mkdtempSync(join(emulator.work, "contexts-"));
  mkdirSync(join(folder, "app"));
  writeFileSync(join(folder, "app/Dockerfile"), "FROM alpine\nRUN echo built\n");
  mkdirSync(join(folder, "task"));
  writeFileSync(join(folder, "task/acb.yaml"), "steps:\n  - cmd: bash echo {{.Values.greeting}} {{.Values.who}}\n");
  writeFileSync(join(folder, "task/values.yaml"), "greeting: hello\nwho: the-file\n");
  writeFileSync(join(folder, "task/nested.yaml"), "who:\n  name: x\n");
  writeFileSync(join(folder, "task/bad.yaml"), "steps:\n  - id: build\n    cmd: bash echo hi\n    retries: -1\n");
  writeFileSync(join(folder, "task/warn.yaml"), "steps:\n  - cmd: bash echo warned {{.Values.who}}\n    timout: 5\n");
  mkdirSync(join(folder, "empty"));
  mkdirSync(join(folder, "badignore"));
  writeFileSync(join(folder, "badignore/Dockerfile"), "FROM alpine\n");
  writeFileSync(join(folder, "badignore/.dockerignore"), "*.log\n[\n");
}, seconds(90));

afterAll(async () => {
  await emulator?.close();
});

/** acr-tasks with the environment the --env-file exported, in the contexts folder. */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return runCli(args, { env: options.env ?? emulator.env, cwd: folder, input: options.input });
}

const target = ["-r", registry];

function expectPlain(result: CliResult): void {
  expect(result.stdout).not.toMatch(escapeCharacter);
  expect(result.stderr).not.toMatch(escapeCharacter);
}

/** The id of the run a --no-wait command printed. */
async function queued(args: string[]): Promise<string> {
  const result = await cli([...args, "--no-wait"]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe("build", () => {
  test(
    "streams the log to stdout as it arrives, the run's end and its images to stderr; exit 0",
    async () => {
      const result = await cli(["build", ...target, "-t", "app:{{.Run.ID}}", "app"]);
      expect(result.code, result.stderr).toBe(0);
      const runId = /Queued run (cb\d+)/.exec(result.stderr)![1]!;
      expect(result.stdout).toContain(`Successfully pushed image: ${registry}.azurecr.io/app:${runId}`);
      expect(result.stdout).toContain(`Run ID: ${runId} was successful`);
      expect(result.stderr).toMatch(
        new RegExp(`Run ${runId}: Succeeded.*\\n  image: ${registry}.azurecr.io/app:${runId}@sha256:[0-9a-f]{64}`),
      );
      expectPlain(result);
    },
    seconds(60),
  );

  test(
    "-o json prints the final ARM Run on stdout and nothing else: its output images carry their digests",
    async () => {
      const result = await cli(["build", ...target, "-t", "app:v1", "-t", "app:latest", "app", "-o", "json"]);
      expect(result.code, result.stderr).toBe(0);
      const run = JSON.parse(result.stdout);
      expect(run).toMatchObject({
        type: "Microsoft.ContainerRegistry/registries/runs",
        properties: { status: "Succeeded", runType: "QuickBuild", platform: { os: "linux", architecture: "amd64" } },
      });
      expect(run.id).toMatch(new RegExp(`/registries/${registry}/runs/${run.name}$`));
      expect(run.properties.outputImages.map((image: { tag: string }) => image.tag).sort()).toEqual(["latest", "v1"]);
      for (const image of run.properties.outputImages) expect(image.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      // The log went to stderr, so stdout stayed JSON.
      expect(result.stderr).toContain("Successfully pushed image");
    },
    seconds(60),
  );

  test(
    "--no-wait prints the queued run's id (the queued Run with -o json); --no-logs waits and prints the summary",
    async () => {
      const runId = await queued(["build", ...target, "-t", "app:nowait", "app"]);
      expect(runId).toMatch(/^cb\d+$/);
      const asJson = await cli(["build", ...target, "app", "--no-wait", "-o", "json"]);
      expect(JSON.parse(asJson.stdout).properties).toMatchObject({ status: "Queued" });
      const noLogs = await cli(["build", ...target, "-t", "app:nologs", "app", "--no-logs"]);
      expect(noLogs.code, noLogs.stderr).toBe(0);
      expect(noLogs.stdout).toMatch(/^Run cb\d+: Succeeded after \d\d:\d\d:\d\d\n  image: \S+app:nologs@sha256:/);
      expect(noLogs.stdout).not.toContain("Executing step");
    },
    seconds(90),
  );

  test(
    "-o none prints nothing; the exit code still says how the run ended",
    async () => {
      const result = await cli(["build", ...target, "app", "-o", "none"]);
      expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    },
    seconds(60),
  );
});

describe("build --dry-run", () => {
  test(
    "lists what would be uploaded (the .dockerignore applied) and sends nothing, not even a sign-in",
    async () => {
      writeFileSync(join(folder, "app/notes.log"), "left out\n");
      writeFileSync(join(folder, "app/.dockerignore"), "*.log\n");
      const mark = emulator.log().length;
      const result = await cli(["build", ...target, "-t", "app:v1", "app", "--dry-run"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.split("\n")).toEqual([
        expect.stringMatching(/^TYPE +BYTES +PATH$/),
        expect.stringMatching(/^-+ +-+ +-+$/),
        expect.stringMatching(/^file +6 +\.dockerignore$/),
        expect.stringMatching(/^file +27 +Dockerfile$/),
        "",
        expect.stringMatching(/^2 files, 33 B before compression, from \/\S+\/app$/),
        expect.stringMatching(/^Dockerfile: Dockerfile; ignore file: \/\S+\/app\/\.dockerignore$/),
        "",
      ]);
      expect(result.stderr).toBe("");
      expect(emulator.requestsSince(mark)).toEqual([]);
    },
    seconds(30),
  );

  test(
    "-o json prints the listing; no subscription is needed; a line Docker refuses in .dockerignore is exit 2",
    async () => {
      const { AZURE_SUBSCRIPTION_ID: _, ...env } = emulator.env;
      const mark = emulator.log().length;
      const result = await cli(["build", ...target, "app", "--dry-run", "-o", "json"], { env });
      expect(result.code, result.stderr).toBe(0);
      const listing = JSON.parse(result.stdout);
      expect(listing).toMatchObject({ dockerFilePath: "Dockerfile", fileCount: 2, totalBytes: 33 });
      expect(listing.entries.map((entry: { path: string }) => entry.path)).toEqual([".dockerignore", "Dockerfile"]);
      const refused = await cli(["build", ...target, "badignore", "--dry-run"]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toMatch(
        /^acr-tasks: \S+\/badignore\/\.dockerignore line 2 has a syntax error in pattern "\[".*\n$/,
      );
      expect(emulator.requestsSince(mark)).toEqual([]);
    },
    seconds(30),
  );
});

describe("lint", () => {
  test(
    "a task ACR's runner refuses: exit 2, FILE:LINE: error on stdout, and nothing is signed in to or sent",
    async () => {
      const mark = emulator.log().length;
      const result = await cli(["lint", "task/bad.yaml"]);
      expect(result).toEqual({
        code: 2,
        stdout:
          "task/bad.yaml:4: error: failed to unmarshal task before running: step must specify retries >= 0 (step 'build')\n",
        stderr: "task/bad.yaml: ACR's runner refuses this task\n",
      });
      expect(emulator.requestsSince(mark)).toEqual([]);
    },
    seconds(30),
  );

  test(
    "warnings (exit 0); --values and --set rendered in, a nested value refused as acb refuses it; -o json; stdin",
    async () => {
      const warned = await cli(["lint", "task/warn.yaml", "--set", "who=me"]);
      expect(warned.code).toBe(0);
      expect(warned.stdout).toBe(
        "task/warn.yaml:3: warning: acb ignores the unknown key 'timout' on a step: did you mean 'timeout'? (step 'acb_step_0')\n",
      );
      expect(warned.stderr).toBe("task/warn.yaml: ACR's runner runs this task (1 warning)\n");
      const clean = await cli(["lint", "task/acb.yaml", "--values", "task/values.yaml", "-o", "json"]);
      expect(clean.code).toBe(0);
      expect(JSON.parse(clean.stdout)).toEqual({ file: "task/acb.yaml", errors: [], warnings: [] });
      const nested = await cli(["lint", "task/acb.yaml", "--values", "task/nested.yaml"]);
      expect(nested.code).toBe(2);
      expect(nested.stdout).toMatch(
        /^task\/nested\.yaml: error: unable to render task: failed to override values: failed to serialize Values: json: unsupported type/,
      );
      const piped = await cli(["lint", "-"], { input: "steps:\n  - cmd: c\n    repeat: -2\n" });
      expect(piped.code).toBe(2);
      expect(piped.stdout).toMatch(/^<stdin>:3: error: .*repeat/);
    },
    seconds(30),
  );
});

describe("run", () => {
  test(
    "--cmd with /dev/null; a log line holding escape sequences reaches a pipe without them",
    async () => {
      const result = await cli(["run", ...target, "--cmd", "bash echo \x1b[31mred\x1b[0m done", "/dev/null"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("red done");
      // No context: nothing is downloaded before acb starts.
      expect(result.stdout).not.toContain("Downloading source code...");
      expectPlain(result);
    },
    seconds(60),
  );

  test(
    "-f and --values are read inside DIR (uploaded as the context); --set overrides the values file",
    async () => {
      const result = await cli([
        "run",
        ...target,
        "-f",
        "acb.yaml",
        "--values",
        "values.yaml",
        "--set",
        "who=the-cli",
        "task",
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("hello the-cli");
      expect(result.stdout).toContain("Downloading source code...");
    },
    seconds(60),
  );

  test(
    "-f - reads the task from stdin",
    async () => {
      const result = await cli(["run", ...target, "-f", "-", "--set", "who=stdin", "/dev/null"], {
        input: "steps:\n  - cmd: bash echo from {{.Values.who}}\n",
      });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("from stdin");
    },
    seconds(60),
  );

  test(
    "the lint's warnings go to stderr, and the run is queued all the same",
    async () => {
      const result = await cli(["run", ...target, "-f", "warn.yaml", "--set", "who=you", "task", "--no-wait"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^cb\d+\n$/);
      expect(result.stderr).toBe(
        "acr-tasks: warn.yaml:3: warning: acb ignores the unknown key 'timout' on a step: did you mean 'timeout'? (step 'acb_step_0')\n",
      );
    },
    seconds(60),
  );

  test(
    "a failing run: exit 1, its status, its error and the log's last lines on stderr",
    async () => {
      const result = await cli(["run", ...target, "--cmd", "bash -c 'exit 3'", "/dev/null"]);
      expect(result.code).toBe(1);
      // ACR's error is acb's exit status; acb's own error (the step's exit status) is in the log's tail.
      expect(result.stderr).toMatch(
        /acr-tasks: run cb\d+ ended with status Failed: failed during run, err: exit status 1\n/,
      );
      expect(result.stderr).toMatch(/acr-tasks: the last \d+ lines of its log:\n/);
      expect(result.stderr).toContain("Container failed during run: acb_step_0");
      expect(result.stderr).toContain("failed to run step ID: acb_step_0: exit status 3");
      // With --no-logs the tail comes from the wait (one ranged read of the log).
      const quiet = await cli(["run", ...target, "--cmd", "bash -c 'exit 4'", "/dev/null", "--no-logs"]);
      expect(quiet.code).toBe(1);
      expect(quiet.stdout).toMatch(/^Run cb\d+: Failed/);
      expect(quiet.stderr).toContain("Container failed during run: acb_step_0");
      const none = await cli(["run", ...target, "--cmd", "bash -c 'exit 5'", "/dev/null", "-o", "none"]);
      expect(none.code).toBe(1);
      expect(none.stdout).toBe("");
      expect(none.stderr).toContain("failed to run step ID: acb_step_0: exit status 5");
    },
    seconds(90),
  );
});

describe("following runs", () => {
  test(
    "logs RUN_ID streams the log until the run ends; its exit code is the run's",
    async () => {
      const good = await queued(["run", ...target, "--cmd", "bash echo slow && sleep 20", "/dev/null"]);
      const result = await cli(["logs", ...target, good]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("slow");
      expect(result.stdout).toContain(`Run ID: ${good} was successful`);
      const bad = await queued(["run", ...target, "--cmd", "bash -c 'exit 2'", "/dev/null"]);
      const failed = await cli(["logs", ...target, "--run-id", bad, "-o", "json"]);
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.stdout).properties.status).toBe("Failed");
    },
    seconds(90),
  );

  test(
    "a reader that closes the pipe early (| head -1) ends the command quietly, with 141 as SIGPIPE would",
    async () => {
      // Long enough (10 s at this time scale) that the log is still growing when `logs` starts: the
      // lines after the first reach a closed pipe, whatever the machine's speed.
      const runId = await queued(["run", ...target, "--cmd", "bash echo one && sleep 200", "/dev/null"]);
      const piped = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
        execFile(
          "bash",
          ["-c", `"$0" logs -r ${registry} ${runId} | head -1; echo "status \${PIPESTATUS[0]}"`, cliBin],
          { env: emulator.env, cwd: folder, timeout: 60_000 },
          (error, stdout, stderr) => (error ? reject(error) : resolve({ stdout, stderr })),
        ),
      );
      expect(piped.stdout).toMatch(/^\S+ \S+ Using acb_vol_\S+ as the home volume\nstatus 141\n$/);
      expect(piped.stderr).toBe("");
    },
    seconds(60),
  );

  test(
    "wait RUN_ID...: each run's end; exit 1 when one did not succeed; -o json the runs in order",
    async () => {
      const ok = await queued(["run", ...target, "--cmd", "bash sleep 10", "/dev/null"]);
      const bad = await queued(["run", ...target, "--cmd", "bash -c 'exit 1'", "/dev/null"]);
      const both = await cli(["wait", ...target, ok, bad, "-o", "json"]);
      expect(both.code).toBe(1);
      expect(
        JSON.parse(both.stdout).map((run: { name: string; properties: { status: string } }) => [
          run.name,
          run.properties.status,
        ]),
      ).toEqual([
        [ok, "Succeeded"],
        [bad, "Failed"],
      ]);
      expect(both.stderr).toContain(`acr-tasks: run ${bad} ended with status Failed`);
      const one = await cli(["wait", ...target, ok]);
      expect(one.code).toBe(0);
      expect(one.stdout).toMatch(new RegExp(`^${ok}  Succeeded  \\d\\d:\\d\\d:\\d\\d\\n$`));
    },
    seconds(90),
  );

  test(
    "show RUN_ID and cancel RUN_ID",
    async () => {
      const runId = await queued(["run", ...target, "--cmd", "bash sleep 600", "/dev/null"]);
      const shown = await cli(["show", ...target, runId]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(
        new RegExp(`^Run ID: +${runId}\\nStatus: +(Queued|Started|Running)\\nType: +QuickRun\\n`),
      );
      const canceled = await cli(["cancel", ...target, runId, "-o", "json"]);
      expect(canceled.code, canceled.stderr).toBe(0);
      expect(JSON.parse(canceled.stdout).properties.status).toBe("Canceled");
      const again = await cli(["show", ...target, "--run-id", runId, "-o", "json"]);
      expect(JSON.parse(again.stdout)).toMatchObject({ name: runId, properties: { status: "Canceled" } });
    },
    seconds(60),
  );
});

describe("runs and task run", () => {
  test(
    "task run NAME --set: a run of the registry's task with the value; runs lists it, filtered as az filters",
    async () => {
      const result = await cli(["task", "run", ...target, "greet-task", "--set", "who=everyone"]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("greetings everyone");
      const runId = /Queued run (cb\d+)/.exec(result.stderr)![1]!;
      const byTask = await cli(["runs", ...target, "--task", "greet-task", "-o", "json"]);
      expect(byTask.code).toBe(0);
      expect(JSON.parse(byTask.stdout).map((run: { name: string }) => run.name)).toEqual([runId]);
      const failed = JSON.parse((await cli(["runs", ...target, "--status", "failed", "-o", "json"])).stdout);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((run: { properties: { status: string } }) => run.properties.status === "Failed")).toBe(true);
      const top = await cli(["runs", ...target, "--top", "2"]);
      const lines = top.stdout.trim().split("\n");
      expect(lines[0]).toMatch(/^RUN ID +TASK +PLATFORM +STATUS +TRIGGER +STARTED +DURATION$/);
      expect(lines).toHaveLength(4);
      expect(lines[2]).toMatch(new RegExp(`^${runId} +greet-task +linux/amd64 +Succeeded +Manual `));
    },
    seconds(60),
  );
});

describe("where the commands go", () => {
  test(
    "without -g the group is found as az finds it: one listing of the registries; with -g none",
    async () => {
      const runId = await queued(["run", ...target, "--cmd", "bash echo x", "/dev/null"]);
      const mark = emulator.log().length;
      expect((await cli(["show", ...target, runId])).code).toBe(0);
      const withoutGroup = emulator.requestsSince(mark);
      expect(withoutGroup.filter((line) => line.includes("/resources?"))).toEqual([
        expect.stringContaining(
          "/resources?$filter=resourceType%20eq%20%27Microsoft.ContainerRegistry%2Fregistries%27&api-version=",
        ),
      ]);
      const second = emulator.log().length;
      expect((await cli(["show", ...target, "-g", group, runId])).code).toBe(0);
      expect(emulator.requestsSince(second).filter((line) => line.includes("/resources?"))).toEqual([]);
    },
    seconds(60),
  );

  test(
    "--endpoint instead of ACR_TASKS_ENDPOINT; the subscription from az's default in azureProfile.json",
    async () => {
      const { ACR_TASKS_ENDPOINT, AZURE_SUBSCRIPTION_ID, ...rest } = emulator.env;
      const azConfig = join(emulator.work, "az-profile");
      mkdirSync(azConfig, { recursive: true });
      writeFileSync(
        join(azConfig, "azureProfile.json"),
        `\uFEFF${JSON.stringify({ subscriptions: [{ id: AZURE_SUBSCRIPTION_ID, name: "Emulated", isDefault: true }] })}`,
      );
      const env = { ...rest, AZURE_CONFIG_DIR: azConfig };
      const result = await cli(["runs", ...target, "--endpoint", ACR_TASKS_ENDPOINT!, "--top", "1", "-o", "json"], {
        env,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveLength(1);
      rmSync(azConfig, { recursive: true, force: true });
    },
    seconds(60),
  );
});

describe("exit codes of refusals", () => {
  test.each([
    ["an unknown flag", ["build", ...target, "--no-such-flag", "app"], /unknown flag '--no-such-flag'/],
    [
      "a bad registry name",
      ["build", "-r", "my_registry!", "app"],
      /-r\/--registry must be 5 to 50 letters and digits/,
    ],
    ["a missing folder", ["build", ...target, "missing"], /DIR must be an existing folder: 'missing' does not exist/],
    ["a folder without Dockerfile", ["build", ...target, "empty"], /does not exist/],
    [
      "a timeout out of range",
      ["build", ...target, "--timeout", "10", "app"],
      /--timeout must be a whole number of seconds from 300 to 28800/,
    ],
    [
      "a bad platform",
      ["build", ...target, "--platform", "linux/arm/v7/extra", "app"],
      /--platform must be OS\[\/ARCH\[\/VARIANT\]\]/,
    ],
    [
      "-f and --cmd together",
      ["run", ...target, "-f", "acb.yaml", "--cmd", "echo", "/dev/null"],
      /give -f FILE or --cmd COMMAND, not both/,
    ],
    [
      "a missing task file",
      ["run", ...target, "-f", "nope.yaml", "task"],
      /-f\/--file: 'nope.yaml' \(in task\) does not exist/,
    ],
    [
      "a task ACR's runner refuses (the lint, before any sign-in)",
      ["run", ...target, "-f", "bad.yaml", "task"],
      /^acr-tasks: bad\.yaml:4: error: failed to unmarshal task before running: step must specify retries >= 0 \(step 'build'\)$/m,
    ],
    [
      "a values file acb cannot use (a nested map)",
      ["run", ...target, "--values", "nested.yaml", "task"],
      /^acr-tasks: nested\.yaml: error: unable to render task: failed to override values: .*json: unsupported type/m,
    ],
    [
      "a --cmd the lint refuses",
      ["run", ...target, "--cmd", "echo {{ .Run.ID", "/dev/null"],
      /^acr-tasks: --cmd:2: error: unable to render task: error while rendering templates/m,
    ],
    ["an unknown run status", ["runs", ...target, "--status", "Sleeping"], /--status must be one of Queued, Started/],
    ["a missing RUN_ID", ["show", ...target], /RUN_ID is required/],
    ["a bad task name", ["task", "run", ...target, "x"], /NAME must be 5 to 50 letters/],
    ["an unknown output format", ["runs", ...target, "-o", "yaml"], /--output must be text, json or none/],
    ["an unknown command", ["deploy", ...target], /no command 'deploy'/],
  ])(
    "%s: exit 2, one line on stderr, nothing sent",
    async (_, args, message) => {
      const mark = emulator.log().length;
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^acr-tasks: [^\n]+\n$/);
      // The token endpoint and ARM both log what they answer: nothing reached the emulator.
      expect(emulator.requestsSince(mark)).toEqual([]);
    },
    seconds(30),
  );

  test(
    "no subscription anywhere is bad input too, before any sign-in",
    async () => {
      const { AZURE_SUBSCRIPTION_ID: _, ...env } = emulator.env;
      const mark = emulator.log().length;
      const result = await cli(["runs", ...target], { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "acr-tasks: no subscription: give --subscription, set AZURE_SUBSCRIPTION_ID, or sign in with az login\n",
      );
      expect(emulator.requestsSince(mark)).toEqual([]);
    },
    seconds(30),
  );

  test(
    "exit 3: a refused sign-in (a wrong secret), and a registry the service does not know; each one line",
    async () => {
      const wrongSecret = await cli(["runs", ...target], {
        env: { ...emulator.env, AZURE_CLIENT_SECRET: "not-the-secret" },
      });
      expect(wrongSecret.code).toBe(3);
      expect(wrongSecret.stderr).toMatch(
        /^acr-tasks: sign-in failed: EnvironmentCredential \(.*Invalid client secret provided.*\)\n$/,
      );
      expect(wrongSecret.stderr).not.toContain("not-the-secret");
      const unknown = await cli(["runs", "-r", "nosuchregistry"]);
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toBe(
        `acr-tasks: the registry 'nosuchregistry' was not found in subscription ${emulator.subscriptionId} (give -g GROUP, or --subscription)\n`,
      );
      const wrongGroup = await cli(["runs", "-r", registry, "-g", "no-such-group"]);
      expect(wrongGroup.code).toBe(3);
      expect(wrongGroup.stderr).toMatch(/^acr-tasks: Runs_List failed with HTTP 404 \w+: [^\n]+\n$/);
    },
    seconds(60),
  );

  test(
    "exit 3 when no credential works: one line saying what DefaultAzureCredential tried",
    async () => {
      const { AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST, ...env } = emulator.env;
      const result = await cli(["runs", ...target, "-g", group], { env });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(
        /^acr-tasks: sign-in failed, no credential worked; tried EnvironmentCredential \([^\n]*AzureCliCredential \([^\n]*\n$/,
      );
    },
    seconds(90),
  );
});
