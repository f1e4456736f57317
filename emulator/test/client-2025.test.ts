// The public client with `tasksApiVersion: "2025-03-01-preview"` against the emulator: every one of the 25
// tasks operations, each recorded by the emulator at 2025-03-01-preview (and none at 2019-06-01-preview),
// the methods that are answered at once at that version sending exactly one request.
import { alternativeFeeds } from "acr-tasks/catalog";
import { ContainerRegistryTasksClient, createEncodedTaskRunRequest } from "acr-tasks";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { route } from "../src/arm/router.js";
import { encoded, rg, send, subscriptionId, tarGz, untilCanceledYaml } from "./helpers.js";

const v2025 = "2025-03-01-preview";
const tasksOperationIds = new Set(
  alternativeFeeds.find((feed) => feed.apiVersion === v2025)!.operations.map((op) => op.operationId),
);

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
const registry = "client2025reg";
const lro = { updateIntervalInMs: 1 };

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  client = new ContainerRegistryTasksClient(emulator.credential, subscriptionId, {
    ...emulator.clientOptions,
    endpoint: emulator.endpoint,
    tasksApiVersion: v2025,
  });
  await client.registries.create(rg, registry, { location: "westus", sku: { name: "Premium" } }, lro).pollUntilDone();
});
afterAll(() => emulator.close());

/** Runs a call and returns the ARM requests it sent. */
async function sent<T>(call: () => Promise<T>): Promise<{ result: T; requests: string[] }> {
  const before = emulator.requests.length;
  const result = await call();
  return {
    result,
    requests: emulator.requests
      .slice(before)
      .filter((r) => r.server === "arm")
      .map((r) => `${r.method} ${r.url.split("?")[0]}`),
  };
}

test("every tasks operation through the client at 2025-03-01-preview, recorded by the emulator at that version", async () => {
  const pool = await client.agentPools.create(
    rg,
    registry,
    "pool2025",
    { location: "westus", properties: { count: 1, os: "Linux" } },
    lro,
  );
  expect(pool.properties?.provisioningState).toBe("Succeeded");
  expect((await client.agentPools.get(rg, registry, "pool2025")).properties?.count).toBe(1);
  expect(
    (await client.agentPools.update(rg, registry, "pool2025", { properties: { count: 2 } }, lro)).properties?.count,
  ).toBe(2);
  const pools = [];
  for await (const item of client.agentPools.list(rg, registry)) pools.push(item.name);
  expect(pools).toEqual(["pool2025"]);
  expect(await client.agentPools.getQueueStatus(rg, registry, "pool2025")).toEqual({ count: 0 });

  // Answered at once at this version: the poller is done with the one request.
  const taskBody = {
    location: "westus",
    properties: {
      platform: { os: "Linux" },
      step: {
        type: "EncodedTask" as const,
        encodedTaskContent: encoded("steps:\n  - cmd: bash echo {{.Values.who}}\n"),
        values: [{ name: "who", value: "you", isSecret: true }],
      },
      credentials: { sourceRegistry: { identity: "[system]" } },
    },
  };
  const created = await sent(() => client.tasks.create(rg, registry, "task2025", taskBody, lro).pollUntilDone());
  expect(created.requests).toHaveLength(1);
  expect(created.result.properties?.credentials?.sourceRegistry).toEqual({ identity: "[system]" });
  expect((await client.tasks.get(rg, registry, "task2025")).properties?.step).not.toHaveProperty("values.0.value");
  expect((await client.tasks.getDetails(rg, registry, "task2025")).properties?.step).toHaveProperty(
    "values.0.value",
    "you",
  );
  const updated = await sent(() =>
    client.tasks.update(rg, registry, "task2025", { properties: { timeout: 900 } }, lro).pollUntilDone(),
  );
  expect([updated.requests.length, updated.result.properties?.timeout]).toEqual([1, 900]);
  const tasks = [];
  for await (const item of client.tasks.list(rg, registry)) tasks.push(item.name);
  expect(tasks).toEqual(["task2025"]);

  const upload = await client.registries.getBuildSourceUploadUrl(rg, registry);
  expect(
    (
      await send(emulator, "PUT", upload.uploadUrl!, {
        raw: await tarGz({ Dockerfile: "FROM alpine\n" }),
        headers: { "x-ms-blob-type": "BlockBlob" },
        token: null,
      })
    ).status,
  ).toBe(201);
  const scheduled = await sent(() =>
    client.registries
      .scheduleRun(
        rg,
        registry,
        createEncodedTaskRunRequest({ taskYaml: untilCanceledYaml(), platform: { os: "Linux" }, timeout: 28800 }),
        lro,
      )
      .pollUntilDone(),
  );
  expect(scheduled.requests).toHaveLength(1);
  const runId = scheduled.result.properties!.runId!;
  expect((await client.runs.get(rg, registry, runId)).properties?.runId).toBe(runId);
  const runs = [];
  for await (const item of client.runs.list(rg, registry)) runs.push(item.properties?.runId);
  expect(runs).toContain(runId);
  const archived = await sent(() =>
    client.runs.update(rg, registry, runId, { isArchiveEnabled: true }, lro).pollUntilDone(),
  );
  expect([archived.requests.length, archived.result.properties?.isArchiveEnabled]).toEqual([1, true]);
  expect((await client.runs.getLogSasUrl(rg, registry, runId)).logLink).toMatch(/^https:/);
  const canceled = await sent(() => client.runs.cancel(rg, registry, runId, lro).pollUntilDone());
  expect(canceled.requests).toEqual([
    `POST /subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${registry}/runs/${runId}/cancel`,
  ]);
  expect((await client.runs.get(rg, registry, runId)).properties?.status).toBe("Canceled");

  const taskRun = await client.taskRuns.create(
    rg,
    registry,
    "taskrun2025",
    { properties: { runRequest: { type: "TaskRunRequest", taskId: created.result.id! } } },
    lro,
  );
  expect(taskRun.properties?.provisioningState).toBe("Succeeded");
  expect((await client.taskRuns.get(rg, registry, "taskrun2025")).properties?.runResult?.properties?.task).toBe(
    "task2025",
  );
  expect((await client.taskRuns.getDetails(rg, registry, "taskrun2025")).name).toBe("taskrun2025");
  expect(
    (await client.taskRuns.update(rg, registry, "taskrun2025", { properties: { forceUpdateTag: "2" } }, lro)).properties
      ?.forceUpdateTag,
  ).toBe("2");
  const taskRuns = [];
  for await (const item of client.taskRuns.list(rg, registry)) taskRuns.push(item.name);
  expect(taskRuns).toEqual(["taskrun2025"]);

  for (const remove of [
    () => client.taskRuns.delete(rg, registry, "taskrun2025", lro).pollUntilDone(),
    () => client.tasks.delete(rg, registry, "task2025", lro).pollUntilDone(),
  ]) {
    expect((await sent(remove)).requests).toHaveLength(1);
  }
  await client.agentPools.delete(rg, registry, "pool2025", lro).pollUntilDone();

  // What the emulator recorded: every tasks operation, and every one of its requests at 2025-03-01-preview.
  const seen = new Set<string>();
  for (const request of emulator.requests.filter((r) => r.server === "arm")) {
    const url = new URL(request.url, emulator.endpoint);
    expect(url.searchParams.get("api-version"), request.url).not.toBe("2019-06-01-preview");
    let operationId: string | undefined;
    try {
      operationId = route(request.method, url.pathname, url.searchParams).op.operationId;
    } catch {
      continue; // a polling URL, or a blob request
    }
    if (!tasksOperationIds.has(operationId)) continue;
    expect(url.searchParams.get("api-version"), `${operationId}: ${request.url}`).toBe(v2025);
    expect(request.status, `${operationId}: ${request.url}`).toBeLessThan(300);
    seen.add(operationId);
  }
  expect([...tasksOperationIds].filter((operationId) => !seen.has(operationId))).toEqual([]);
  expect(seen.size).toBe(25);
  await expect(client.agentPools.get(rg, registry, "pool2025")).rejects.toMatchObject({ statusCode: 404 });
});
