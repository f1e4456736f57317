// Waiting off the ARM budget, end to end against the emulator, counted from its recorded requests
// (never from timings): runs last minutes of emulated time and milliseconds of real time (timeScale),
// while the client keeps its default safety net of 30 s, so no count below depends on the machine's speed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RecordedRequest, type RunningEmulator } from "acr-tasks-emulator";
import {
  createEncodedTaskRunRequest,
  isRestError,
  RunFailedError,
  WaitForAllTimeoutError,
  type ContainerRegistryTasksClient,
  type Run,
} from "../../../src/index.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";

const resourceGroup = "budget-rg";
const registry = "budgetreg01";
const linux = { os: "Linux" as const };
/** Looks at the logs (storage) often; ARM is not polled, so this costs no ARM request. */
const fast = { pollIntervalMs: 5, maxPollIntervalMs: 20 };

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;

beforeAll(async () => {
  // 10 minutes of emulated time are 0.6 s of real time.
  emulator = await startEmulator({ timeScale: 0.001 });
  client = emulatorClient(emulator, { subscriptionId: "00000000-0000-0000-0000-0000000000b1" });
  await createPremiumRegistry(client, resourceGroup, registry, { updateIntervalInMs: 5 });
});
afterAll(() => emulator.close());

/** A run that sleeps `seconds` (emulated) in one silent step, then exits with `exit`. */
async function schedule(seconds: number, exit = 0): Promise<string> {
  const taskYaml = `steps:\n  - cmd: bash echo working && sleep ${seconds}${exit ? ` && exit ${exit}` : ""}\n    timeout: 3600\n`;
  const run = await client.registries.scheduleRun(
    resourceGroup,
    registry,
    createEncodedTaskRunRequest({ taskYaml, platform: linux, timeout: 3600 }),
  );
  return run.name!;
}

/** The requests `action` caused, on each listener. */
async function traffic<T>(
  action: () => Promise<T>,
): Promise<{ result: T; arm: RecordedRequest[]; blob: RecordedRequest[] }> {
  const before = emulator.requests.length;
  const result = await action();
  const caused = emulator.requests.slice(before);
  return {
    result,
    arm: caused.filter((request) => request.server === "arm"),
    blob: caused.filter((request) => request.server === "blob"),
  };
}

const shape = (request: RecordedRequest) =>
  `${request.method} ${request.url.split("?")[0]!.replace(/^.*\/runs\//, "runs/")}`;

describe("runs.waitForCompletion", () => {
  it.each([10, 60, 600])(
    "costs 2 ARM requests for a run of %i s, however long it runs: the log link and the final run",
    async (seconds) => {
      const runId = await schedule(seconds);
      const { result, arm, blob } = await traffic(() =>
        client.runs.waitForCompletion(resourceGroup, registry, runId, fast),
      );
      expect(result.properties?.status).toBe("Succeeded");
      expect(arm.map(shape)).toEqual([`POST runs/${runId}/listLogSasUrl`, `GET runs/${runId}`]);
      // The waiter looks at the log (storage), however often: a 10 s run (10 ms here) may be over at the first look.
      expect(blob.length).toBeGreaterThanOrEqual(1);
      expect(blob.every((request) => request.method === "HEAD")).toBe(true);
    },
  );

  it("a failed run costs the same 2, plus one storage GET for the end of its log, which RunFailedError carries", async () => {
    const runId = await schedule(60, 3);
    const {
      result: error,
      arm,
      blob,
    } = await traffic(() =>
      client.runs.waitForCompletion(resourceGroup, registry, runId, fast).catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(RunFailedError);
    const failed = error as RunFailedError;
    expect(failed.status).toBe("Failed");
    expect(failed.message).toBe(`Run ${runId} ended with status Failed: failed during run, err: exit status 1`);
    // acb's own error, with the step's exit status, is in the log.
    expect(failed.logTail).toContain("failed to run step ID: acb_step_0: exit status 3");
    expect(failed.logTail.at(-1)).toMatch(
      new RegExp(`Run ID: ${runId} failed after \\d+s\\. Error: failed during run`),
    );
    expect(failed.logTail.some((line) => line.includes("Container failed during run: acb_step_0"))).toBe(true);
    expect(failed.logTail.length).toBeLessThanOrEqual(50);
    expect(arm.map(shape)).toEqual([`POST runs/${runId}/listLogSasUrl`, `GET runs/${runId}`]);
    expect(blob.filter((request) => request.method === "GET")).toHaveLength(1);
  });

  it("with followLog: false, polls Runs_Get as before (a count that grows with the run's length)", async () => {
    const runId = await schedule(600);
    const { arm, blob } = await traffic(() =>
      client.runs.waitForCompletion(resourceGroup, registry, runId, { ...fast, followLog: false }),
    );
    expect(arm.length).toBeGreaterThan(2);
    expect(arm.every((request) => request.method === "GET")).toBe(true);
    expect(blob).toEqual([]);
  });
});

describe("runs.waitForAll", () => {
  it("waits on 40 runs of 10 s to 10 min for at most 80 ARM requests in all, and resolves in the order given", async () => {
    const durations = Array.from({ length: 40 }, (_, i) => [10, 30, 60, 120, 300, 600][i % 6]!);
    const runIds: string[] = [];
    for (const [i, seconds] of durations.entries()) runIds.push(await schedule(seconds, i % 10 === 9 ? 1 : 0));
    const asked = [...runIds].reverse();
    let rounds = 0;
    const { result, arm } = await traffic(() =>
      client.runs.waitForAll(resourceGroup, registry, asked, { ...fast, onProgress: () => rounds++ }),
    );
    expect(result.map((run) => run.name)).toEqual(asked);
    expect(result.map((run) => run.properties?.status)).toEqual(
      asked.map((id) => (runIds.indexOf(id) % 10 === 9 ? "Failed" : "Succeeded")),
    );
    expect(arm.length).toBeLessThanOrEqual(80);
    expect(rounds).toBeGreaterThan(0);
    // Lists with a filter on the run ids, and at most one log link per run.
    const lists = arm.filter((request) => request.method === "GET" && /\/runs\?/.test(request.url));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((request) => decodeURIComponent(request.url).includes("RunId eq '"))).toBe(true);
    expect(arm.filter((request) => request.method === "POST").length).toBeLessThanOrEqual(40);
  }, 60_000);

  it("splits the filter over several lists for 120 runs, each URL under 2,048 characters, and follows every page", async () => {
    const runIds: string[] = [];
    for (let i = 0; i < 120; i++) runIds.push(await schedule(10));
    const { result, arm } = await traffic(() =>
      client.runs.waitForAll(resourceGroup, registry, runIds, { ...fast, followLogs: false }),
    );
    expect(result.every((run) => run.properties?.status === "Succeeded")).toBe(true);
    const firstPages = arm.filter((request) => /\/runs\?/.test(request.url) && !request.url.includes("skipToken"));
    expect(firstPages.length).toBeGreaterThanOrEqual(3);
    for (const request of arm) expect(`${emulator.endpoint}${request.url}`.length).toBeLessThan(2_048);
    expect(arm.some((request) => request.url.includes("skipToken"))).toBe(true);
  }, 60_000);

  it("returns a run named twice twice, and an empty list at once", async () => {
    const runId = await schedule(10);
    const [first, second] = await client.runs.waitForAll(resourceGroup, registry, [runId, runId.toUpperCase()], fast);
    expect(first!.name).toBe(runId);
    expect(second).toBe(first);
    const { result, arm } = await traffic(() => client.runs.waitForAll(resourceGroup, registry, []));
    expect(result).toEqual([]);
    expect(arm).toEqual([]);
  });

  it("rejects with the 404 of a run that does not exist", async () => {
    const runId = await schedule(10);
    const error = await client.runs
      .waitForAll(resourceGroup, registry, [runId, "cbnothere"], fast)
      .catch((e: unknown) => e);
    expect(isRestError(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, code: "ResourceNotFound" });
  });

  it("rejects with a WaitForAllTimeoutError after maxWaitMs, naming the runs not finished", async () => {
    const short = await schedule(10);
    const long = await schedule(3000);
    const error = (await client.runs
      .waitForAll(resourceGroup, registry, [short, long], { ...fast, maxWaitMs: 1_000 })
      .catch((e: unknown) => e)) as WaitForAllTimeoutError;
    expect(error).toBeInstanceOf(WaitForAllTimeoutError);
    expect(error.unfinishedRunIds).toEqual([long]);
    expect(error.runs.map((run?: Run) => run?.name)).toEqual([short, long]);
    expect(error.message).toMatch(new RegExp(`^1 of 2 runs did not finish within maxWaitMs \\(1000 ms\\): ${long}\\.`));
    await client.runs.beginCancelAndWait(resourceGroup, registry, long, { updateIntervalInMs: 5 });
  });

  it("rejects with an AbortError when aborted, and sends nothing after", async () => {
    const runId = await schedule(3000);
    const controller = new AbortController();
    const waiting = client.runs.waitForAll(resourceGroup, registry, [runId], {
      ...fast,
      abortSignal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    const count = emulator.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.requests.length).toBe(count);
    await client.runs.beginCancelAndWait(resourceGroup, registry, runId, { updateIntervalInMs: 5 });
  });

  it("rejects bad input before sending anything, naming the parameter", async () => {
    const { arm } = await traffic(async () => {
      await expect(client.runs.waitForAll(resourceGroup, registry, undefined as never)).rejects.toMatchObject({
        name: "ValidationError",
        parameter: "runIds",
      });
      await expect(client.runs.waitForAll(resourceGroup, registry, ["cb1", ""])).rejects.toMatchObject({
        parameter: "runIds[1]",
      });
      await expect(client.runs.waitForAll(resourceGroup, "bad-name!", ["cb1"])).rejects.toMatchObject({
        parameter: "registryName",
      });
      await expect(
        client.runs.waitForAll(resourceGroup, registry, ["cb1"], { pollIntervalMs: 0 }),
      ).rejects.toMatchObject({ parameter: "pollIntervalMs" });
    });
    expect(arm).toEqual([]);
  });
});
