// Surviving restarts. (1) A poller serialized in a process that is then SIGKILLed is restored in
// this process with restorePoller and completes. (2) The emulator restarted on the same dataDir (and
// ports) in the middle of a run loses nothing, and one client carries on across the restart: a
// waitForCompletion started before it resolves after it, and the registry, a task, a finished run with
// its log, and an uploaded build context are all still there.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDefaultHttpClient, type HttpClient, type PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import { ContainerRegistryTasksClient, restorePoller, type TaskRun } from "../../src/index.js";
import { makeTree, removeTrees } from "../custom/lifecycle/support/tree.js";
import {
  FAST_POLL,
  LINUX,
  LRO,
  RG,
  SUBSCRIPTION,
  agentFor,
  b64,
  clientFor,
  collect,
  emulatorWith,
  waitFor,
} from "./_support/env.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHILD = path.join(ROOT, "test/reliability/_support/startTaskRun.child.ts");

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await removeTrees();
});

/** The first line the child writes, or a rejection carrying its stderr if it exits first. */
function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const newline = out.indexOf("\n");
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before printing its poller: ${err}`)),
    );
  });
}

describe("a poller across a killed process", () => {
  test("taskRuns.create serialized in a child process that is SIGKILLed is restored here and completes", async () => {
    const emulator = await emulatorWith({ timeScale: 0.01 });
    cleanups.push(() => emulator.close());
    const client = clientFor(emulator);
    const registry = "restartpoll01";
    await client.registries.create(RG, registry, { location: "westus", sku: { name: "Premium" } }, LRO);
    const token = (await emulator.credential.getToken(`${emulator.endpoint}/.default`))!.token;

    const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ACR_TEST_ENDPOINT: emulator.endpoint,
        ACR_TEST_CA: emulator.caPem,
        ACR_TEST_TOKEN: token,
        ACR_TEST_SUBSCRIPTION: SUBSCRIPTION,
        ACR_TEST_RG: RG,
        ACR_TEST_REGISTRY: registry,
        ACR_TEST_TASKRUN: "killed-midway",
        ACR_TEST_MARKER: "from-the-killed-process",
      },
    });
    const exited = once(child, "exit");
    let line: string;
    try {
      line = await firstLine(child);
    } finally {
      child.kill("SIGKILL");
    }
    const [, signal] = await exited;
    expect(signal).toBe("SIGKILL");

    const { state, done } = JSON.parse(line) as { state: string; done: boolean };
    expect(done).toBe(false);
    expect(state).not.toContain(token);
    // The operation is still in progress on the service side.
    expect(JSON.parse(state)).toMatchObject({ operationId: "TaskRuns_Create" });

    const restored = restorePoller<TaskRun>(client, state, client.taskRuns.create, { updateIntervalInMs: 5 });
    const taskRun = await restored;
    expect(restored.isDone).toBe(true);
    expect(taskRun.name).toBe("killed-midway");
    expect(taskRun.properties?.provisioningState).toBe("Succeeded");
    const runId = taskRun.properties!.runResult!.name!;
    const run = await client.runs.waitForCompletion(RG, registry, runId, FAST_POLL);
    expect(run.properties?.status).toBe("Succeeded");
    const log = await collect(client.runs.streamLogs(RG, registry, runId, { follow: false }));
    expect(log.join("\n")).toContain("from-the-killed-process");
  }, 120_000);
});

describe("the emulator restarted on its dataDir in the middle of a run", () => {
  test("one client carries on: the in-flight run completes, and registry, task, runs, logs and the uploaded context survive", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "acr-reliability-data-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const timeScale = 0.01;
    let emulator: RunningEmulator = await startEmulator({ timeScale, dataDir });
    cleanups.push(() => emulator.close());
    const port = Number(new URL(emulator.endpoint).port);
    const blobPort = Number(new URL(emulator.blobEndpoint).port);

    // The emulator makes a new CA at every start (a real service keeps its certificate). The transport
    // below trusts whichever emulator is current, and holds requests while a new one starts; requests
    // caught by the shutdown itself fail and go through the client's retry policy.
    let agent = agentFor(emulator);
    let gate: Promise<void> | undefined;
    const inner = createDefaultHttpClient();
    const httpClient: HttpClient = {
      async sendRequest(request) {
        while (gate) await gate;
        request.agent = agent;
        return inner.sendRequest(request);
      },
    };
    // The relative path of each uploaded context, read off the getBuildSourceUploadUrl response.
    const uploads: string[] = [];
    const recordUploads: PipelinePolicy = {
      name: "recordUploads",
      async sendRequest(request, next) {
        const response = await next(request);
        if (request.url.includes("/listBuildSourceUploadUrl") && response.status === 200)
          uploads.push(JSON.parse(response.bodyAsText!).relativePath);
        return response;
      },
    };
    const client = new ContainerRegistryTasksClient(emulator.credential, SUBSCRIPTION, {
      endpoint: emulator.endpoint,
      httpClient,
      retryOptions: { retryDelayInMs: 20, maxRetryDelayInMs: 200, maxRetries: 10 },
      additionalPolicies: [{ policy: recordUploads, position: "perCall" }],
    });
    const registry = "restartdata01";

    await client.registries.create(RG, registry, { location: "westus", sku: { name: "Premium" } }, LRO);
    await client.tasks.create(
      RG,
      registry,
      "kept-task",
      {
        location: "westus",
        properties: {
          platform: LINUX,
          step: { type: "EncodedTask", encodedTaskContent: b64("steps:\n  - cmd: bash echo kept\n") },
        },
      },
      LRO,
    );
    const sourceDir = await makeTree({
      Dockerfile: "FROM alpine\nCOPY . /app\n",
      "app/marker.txt": "uploaded before the restart\n",
    });
    const built = await client.registries.quickBuild(RG, registry, {
      sourceDir,
      platform: LINUX,
      imageNames: ["app:{{.Run.ID}}"],
    });
    expect(uploads).toHaveLength(1);
    expect((await client.runs.waitForCompletion(RG, registry, built.name!, FAST_POLL)).properties?.status).toBe(
      "Succeeded",
    );
    const builtLog = await collect(client.runs.streamLogs(RG, registry, built.name!, FAST_POLL));

    // A run that lasts (400 realistic seconds: 4 s here) and is running when the emulator stops.
    const long = await client.registries.scheduleRun(RG, registry, {
      type: "EncodedTaskRunRequest",
      encodedTaskContent: b64("steps:\n  - cmd: bash echo before-restart && sleep 400\n"),
      platform: LINUX,
    });
    await waitFor(async () => (await client.runs.get(RG, registry, long.name!)).properties?.status === "Running");
    const waiting = client.runs.waitForCompletion(RG, registry, long.name!, {
      pollIntervalMs: 20,
      maxPollIntervalMs: 100,
    });
    // Let the waiter look at the run's log a few times before the restart (it follows the log blob).
    await waitFor(
      () =>
        emulator.requests.filter(
          (request) => request.server === "blob" && request.url.includes(`/${long.name}/rawtext.log`),
        ).length >= 3,
    );

    await emulator.close();
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    agent.destroy();
    emulator = await startEmulator({ timeScale, dataDir, port, blobPort });
    agent = agentFor(emulator);
    gate = undefined;
    release();

    // The waiter started before the restart resolves after it, with the run's real outcome.
    const finished = await waiting;
    expect(finished.properties?.status).toBe("Succeeded");
    expect(emulator.requests.some((request) => request.url.includes(`/runs/${long.name}?`))).toBe(true);
    const longLog = (await collect(client.runs.streamLogs(RG, registry, long.name!, FAST_POLL))).join("\n");
    expect(longLog).toContain("before-restart");
    // It was in flight at the restart: the emulator resumed it (rather than it having finished before).
    expect(longLog).toContain("The emulator restarted: resuming the run.");
    expect(longLog).toContain(`Run ID: ${long.name} was successful`);

    // Nothing was lost.
    expect((await client.registries.get(RG, registry)).properties?.provisioningState).toBe("Succeeded");
    expect((await client.tasks.get(RG, registry, "kept-task")).properties?.provisioningState).toBe("Succeeded");
    expect((await client.runs.get(RG, registry, built.name!)).properties?.status).toBe("Succeeded");
    expect(await collect(client.runs.streamLogs(RG, registry, built.name!, { follow: false }))).toEqual(builtLog);
    // The uploaded context is still there: a new build from its relative path succeeds (a missing blob ends in Error).
    const rebuilt = await client.registries.scheduleRun(RG, registry, {
      type: "DockerBuildRequest",
      sourceLocation: uploads[0],
      dockerFilePath: "Dockerfile",
      platform: LINUX,
      isPushEnabled: false,
    });
    expect((await client.runs.waitForCompletion(RG, registry, rebuilt.name!, FAST_POLL)).properties?.status).toBe(
      "Succeeded",
    );
    const runIds = (await collect(client.runs.list(RG, registry))).map((run) => run.name).sort();
    expect(runIds).toEqual([built.name, long.name, rebuilt.name].sort());
    agent.destroy();
  }, 120_000);
});
