// 1,000 operations through one client while the emulator injects 10% seeded faults (429 with
// Retry-After, 500, 503 without Retry-After, connection resets): every idempotent operation (GETs,
// lists, PUT creates, DELETEs, LRO polls, waitForCompletion) succeeds thanks to retries, and the one
// non-idempotent operation, registries.scheduleRun (a POST), is never duplicated. The rule under test
// (src/custom/retryPolicy.ts): a POST that changes something is retried only when the service said it did
// not process it (429, or 503 with Retry-After); after a reset or a 500 the caller gets the error and
// nothing was created. (The POSTs that only read, such as the log link, are retried as GETs are.)
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "acr-tasks-emulator";
import { RestError, type ContainerRegistryTasksClient } from "../../src/index.js";
import { FAST_POLL, LINUX, LRO, RG, b64, clientFor, collect, emulatorWith, quickTask } from "./_support/env.js";

const MAIN = "faultmain01";
const SCHED = "faultsched01";
const TOTAL_OPERATIONS = 1000;
const CONCURRENCY = 8;

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  emulator = await emulatorWith({
    timeScale: 0.002,
    // 10% in total, mixed; seeded so a failure is reproducible.
    faults: {
      seed: Number(process.env.ACR_FAULT_SEED ?? 20261122),
      rate429: 0.03,
      rate503: 0.03,
      rateReset: 0.02,
      rate500: 0.02,
      applyTo: "arm",
    },
  });
  client = clientFor(emulator);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await emulator?.close();
});

type Kind =
  | "schedule"
  | "wait"
  | "taskRunCreate"
  | "taskCreate"
  | "taskGet"
  | "taskList"
  | "taskDelete"
  | "agentPoolCreate"
  | "agentPoolGet"
  | "runGet"
  | "runListPage"
  | "registryGet"
  | "taskRunGet";

// 20 operations per cycle, 50 cycles.
const CYCLE: Kind[] = [
  "schedule",
  "runGet",
  "taskCreate",
  "registryGet",
  "wait",
  "schedule",
  "taskGet",
  "runListPage",
  "taskRunCreate",
  "agentPoolGet",
  "schedule",
  "taskList",
  "runGet",
  "taskDelete",
  "wait",
  "agentPoolCreate",
  "registryGet",
  "runListPage",
  "taskRunGet",
  "runGet",
];

describe("one client, 1,000 operations, 10% injected faults", () => {
  test("idempotent operations all succeed, pollers and waitForCompletion survive, scheduleRun is never duplicated", async () => {
    // Setup goes through the faulty emulator too (PUT + LRO polls are retried).
    await client.registries.create(RG, MAIN, { location: "westus", sku: { name: "Premium" } }, LRO);
    await client.registries.create(RG, SCHED, { location: "westus", sku: { name: "Premium" } }, LRO);
    await client.agentPools.create(
      RG,
      MAIN,
      "pool0",
      { location: "westus", properties: { count: 1, os: "Linux", tier: "S1" } },
      LRO,
    );
    await client.tasks.create(
      RG,
      MAIN,
      "task-keep",
      {
        location: "westus",
        properties: {
          platform: LINUX,
          step: { type: "EncodedTask", encodedTaskContent: b64("steps:\n  - cmd: bash echo k\n") },
        },
      },
      LRO,
    );
    const seedTaskRun = await client.taskRuns.create(
      RG,
      MAIN,
      "trun-seed",
      { location: "westus", properties: { runRequest: quickTask("seed") } },
      LRO,
    );
    const seedRunId = seedTaskRun.properties!.runResult!.name!;

    const scheduledIds: string[] = [];
    const pendingWaits: string[] = [];
    const scheduleFailures: unknown[] = [];
    let scheduleCalls = 0;
    const idempotentFailures: { kind: Kind; error: unknown }[] = [];
    const completed: Record<string, number> = {};
    let createdTasks = 0;
    let deletedTasks = 0;

    // A delete waits for the create it deletes (operations run CONCURRENCY at a time).
    const creations = new Map<string, Promise<unknown>>();
    const operation = async (index: number): Promise<void> => {
      const kind = CYCLE[index % CYCLE.length]!;
      if (kind === "schedule") {
        scheduleCalls++;
        try {
          const run = await client.registries.scheduleRun(RG, SCHED, quickTask(`op${index}`), LRO);
          scheduledIds.push(run.name!);
          pendingWaits.push(run.name!);
        } catch (error) {
          scheduleFailures.push(error);
        }
        return;
      }
      try {
        switch (kind) {
          case "wait": {
            const runId = pendingWaits.shift();
            const run = runId
              ? await client.runs.waitForCompletion(RG, SCHED, runId, FAST_POLL)
              : await client.runs.waitForCompletion(RG, MAIN, seedRunId, FAST_POLL);
            expect(run.properties?.status).toBe("Succeeded");
            break;
          }
          case "taskRunCreate": {
            const taskRun = await client.taskRuns.create(
              RG,
              MAIN,
              `trun-${index}`,
              { location: "westus", properties: { runRequest: quickTask(`tr${index}`) } },
              LRO,
            );
            expect(taskRun.properties?.provisioningState).toBe("Succeeded");
            expect(taskRun.properties?.runResult?.name).toMatch(/^c[a-z]\d+$/);
            break;
          }
          case "taskCreate": {
            const creation = client.tasks
              .create(
                RG,
                MAIN,
                `task-${index}`,
                {
                  location: "westus",
                  properties: {
                    platform: LINUX,
                    step: { type: "EncodedTask", encodedTaskContent: b64("steps:\n  - cmd: bash echo t\n") },
                  },
                },
                LRO,
              )
              .then((created) => created);
            creations.set(
              `task-${index}`,
              creation.catch(() => undefined),
            );
            const task = await creation;
            expect(task.properties?.provisioningState).toBe("Succeeded");
            createdTasks++;
            break;
          }
          case "taskGet": {
            expect((await client.tasks.get(RG, MAIN, "task-keep")).name).toBe("task-keep");
            break;
          }
          case "taskList":
            await collect(client.tasks.list(RG, MAIN));
            break;
          case "taskDelete": {
            // Delete the task created 11 operations earlier in this cycle (it exists: that create succeeded or the test fails).
            const name = `task-${index - 11}`;
            await creations.get(name);
            await client.tasks.delete(RG, MAIN, name, LRO);
            deletedTasks++;
            await expect(client.tasks.get(RG, MAIN, name)).rejects.toMatchObject({ statusCode: 404 });
            break;
          }
          case "agentPoolCreate": {
            const pool = await client.agentPools.create(
              RG,
              MAIN,
              `pool${index}`,
              { location: "westus", properties: { count: 1, os: "Linux", tier: "S1" } },
              LRO,
            );
            expect(pool.properties?.provisioningState).toBe("Succeeded");
            break;
          }
          case "agentPoolGet":
            expect((await client.agentPools.get(RG, MAIN, "pool0")).name).toBe("pool0");
            break;
          case "runGet":
            expect((await client.runs.get(RG, MAIN, seedRunId)).name).toBe(seedRunId);
            break;
          case "runListPage": {
            const page = await client.runs.list(RG, SCHED, { top: 5 }).byPage().next();
            expect(page.done).toBe(false);
            break;
          }
          case "registryGet":
            expect((await client.registries.get(RG, MAIN)).properties?.provisioningState).toBe("Succeeded");
            break;
          case "taskRunGet":
            expect((await client.taskRuns.get(RG, MAIN, "trun-seed")).name).toBe("trun-seed");
            break;
        }
        completed[kind] = (completed[kind] ?? 0) + 1;
      } catch (error) {
        idempotentFailures.push({ kind, error });
      }
    };

    // A small pool of workers pulling operation indexes in order.
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let index = next++; index < TOTAL_OPERATIONS; index = next++) await operation(index);
      }),
    );

    // Faults really were injected, of every kind, on the ARM listener.
    const faulted = emulator.requests.filter((request) => request.fault !== undefined);
    expect(new Set(faulted.map((request) => request.fault))).toEqual(new Set(["429", "500", "503", "reset"]));
    expect(faulted.length).toBeGreaterThan(100);

    // Every idempotent operation succeeded.
    expect(idempotentFailures.map(({ kind, error }) => `${kind}: ${String(error)}`)).toEqual([]);
    expect(Object.values(completed).reduce((a, b) => a + b, 0) + scheduleCalls).toBe(TOTAL_OPERATIONS);
    expect(createdTasks).toBe(50);
    expect(deletedTasks).toBe(50);

    // scheduleRun: the failures are the faults a POST must not retry, surfaced as RestErrors.
    for (const error of scheduleFailures) {
      expect(error).toBeInstanceOf(RestError);
      const { statusCode, code } = error as RestError;
      expect(
        statusCode === 500 || statusCode === 503 || code === "ECONNRESET",
        `unexpected scheduleRun failure ${String(error)}`,
      ).toBe(true);
    }
    expect(scheduledIds.length + scheduleFailures.length).toBe(scheduleCalls);
    expect(new Set(scheduledIds).size).toBe(scheduledIds.length);

    // At the emulator: one POST per call, plus one more per 429 (the only fault a POST is retried after here).
    const schedulePosts = emulator.requests.filter(
      (request) => request.method === "POST" && request.url.includes(`/registries/${SCHED}/scheduleRun`),
    );
    const throttled = schedulePosts.filter((request) => request.fault === "429").length;
    expect(schedulePosts.length).toBe(scheduleCalls + throttled);
    expect(schedulePosts.filter((request) => request.status === 200).length).toBe(scheduledIds.length);
    // Resets and 500s on scheduleRun did happen, and were not retried.
    expect(
      schedulePosts.filter((request) => request.fault === "reset" || request.fault === "500").length,
    ).toBeGreaterThan(0);

    // The runs the emulator holds are exactly the resolved calls: none lost, none duplicated.
    const held = await collect(client.runs.list(RG, SCHED));
    expect(held.map((run) => run.name).sort()).toEqual([...scheduledIds].sort());

    // And no floating promise blew up along the way.
    expect(unhandled).toEqual([]);
  }, 180_000);
});

describe("faults on the storage host", () => {
  test("quickBuild uploads and streamLogs reads survive 10% blob faults (429 / 500 / 503 / resets)", async () => {
    const blobFaulty = await emulatorWith({
      timeScale: 0.002,
      faults: { seed: 77, rate429: 0.03, rate500: 0.02, rate503: 0.03, rateReset: 0.02, applyTo: "blob" },
    });
    try {
      const blobClient = clientFor(blobFaulty);
      const registry = "blobfaults01";
      await blobClient.registries.create(RG, registry, { location: "westus", sku: { name: "Premium" } }, LRO);
      const { makeTree, removeTrees } = await import("../custom/lifecycle/support/tree.js");
      try {
        const sourceDir = await makeTree({ Dockerfile: "FROM alpine\nCOPY . /app\n", "app/main.sh": "echo hi\n" });
        for (let i = 0; i < 15; i++) {
          const run = await blobClient.registries.quickBuild(RG, registry, {
            sourceDir,
            platform: LINUX,
            imageNames: [`app:v${i}`],
          });
          const lines = await collect(blobClient.runs.streamLogs(RG, registry, run.name!, FAST_POLL));
          expect(lines.join("\n")).toContain(`Run ID: ${run.name} was successful`);
        }
      } finally {
        await removeTrees();
      }
      const blobRequests = blobFaulty.requests.filter((request) => request.server === "blob");
      expect(blobRequests.filter((request) => request.fault !== undefined).length).toBeGreaterThan(0);
      expect(blobRequests.filter((request) => request.method === "PUT" && request.status === 201)).toHaveLength(15);
      expect(unhandled).toEqual([]);
    } finally {
      await blobFaulty.close();
    }
  }, 120_000);
});
