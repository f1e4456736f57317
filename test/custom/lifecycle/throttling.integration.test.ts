// Waiters against an emulator that enforces a tiny ARM read budget (one read, refilled every 2 s of
// real time): they are throttled with 429 + Retry-After and still finish, and they never ask again
// before the Retry-After has passed: a read sent too early would find the bucket still empty and be
// refused again, so "no two 429s in a row" is what honouring Retry-After looks like in the recorded
// requests, whatever the machine's speed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import { createEncodedTaskRunRequest, type ContainerRegistryTasksClient } from "../../../src/index.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";

const resourceGroup = "throttle-rg";
const registry = "throttlereg01";

let emulator: RunningEmulator;

beforeAll(async () => {
  // 0.005 reads a second of emulated time are 0.5 a second of real time at timeScale 0.01.
  emulator = await startEmulator({ timeScale: 0.01, armRateLimit: { reads: { size: 1, refillPerSecond: 0.005 } } });
});
afterAll(() => emulator.close());

function clientWith(maxRetries: number): ContainerRegistryTasksClient {
  return emulatorClient(emulator, {
    subscriptionId: "00000000-0000-0000-0000-0000000000c1",
    retryOptions: { maxRetries, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
  });
}

async function scheduleSleeps(client: ContainerRegistryTasksClient, count: number): Promise<string[]> {
  const ids: string[] = [];
  // 60 s of emulated time: 0.6 s of real time, so every wait below is throttled before its runs end.
  const request = createEncodedTaskRunRequest({
    taskYaml: "steps:\n  - cmd: bash sleep 60\n",
    platform: { os: "Linux" },
  });
  for (let i = 0; i < count; i++)
    ids.push((await client.registries.scheduleRun(resourceGroup, registry, request)).name!);
  return ids;
}

/** The statuses of the ARM reads answered since `from`. */
function readStatuses(from: number): number[] {
  return emulator.requests
    .slice(from)
    .filter((request) => request.server === "arm" && request.method === "GET")
    .map((request) => request.status ?? 0);
}

function backToBack429s(statuses: number[]): number {
  return statuses.filter((status, i) => status === 429 && statuses[i + 1] === 429).length;
}

describe("waiters under ARM throttling", () => {
  beforeAll(async () => {
    // Creating the registry polls its LRO: with one read every 2 s, that takes a few seconds.
    await createPremiumRegistry(clientWith(10), resourceGroup, registry, { updateIntervalInMs: 5 });
  }, 60_000);

  it("waitForCompletion polling ARM is throttled, waits each Retry-After out (the pipeline's retries), and finishes", async () => {
    const client = clientWith(3);
    const [runId] = await scheduleSleeps(client, 1);
    const from = emulator.requests.length;
    const run = await client.runs.waitForCompletion(resourceGroup, registry, runId!, {
      pollIntervalMs: 1,
      followLog: false,
    });
    expect(run.properties?.status).toBe("Succeeded");
    const statuses = readStatuses(from);
    expect(statuses).toContain(429);
    expect(backToBack429s(statuses)).toBe(0);
    expect(statuses.at(-1)).toBe(200);
  }, 60_000);

  it("waitForAll rides out a 429 that reaches it (no pipeline retries), waiting its Retry-After, and finishes", async () => {
    const client = clientWith(0);
    const runIds = await scheduleSleeps(client, 5);
    const from = emulator.requests.length;
    const runs = await client.runs.waitForAll(resourceGroup, registry, runIds, {
      pollIntervalMs: 1,
      followLogs: false,
    });
    expect(runs.map((run) => run.properties?.status)).toEqual(Array(5).fill("Succeeded"));
    const statuses = readStatuses(from);
    expect(statuses).toContain(429);
    expect(backToBack429s(statuses)).toBe(0);
  }, 60_000);
});
