// The official @azure/arm-containerregistry 11.0.0 (the last with Tasks; a devDependency, for this test
// only) against the emulator, unchanged: it sends registries at 2025-11-01 and tasks, runs, task runs and
// agent pools at 2019-06-01-preview, polls its long-running operations with its own core-lro, and reads
// the answers into its flattened models. Everything it does here is what tools written for it do.
import { ContainerRegistryManagementClient, type Run } from "@azure/arm-containerregistry";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { encoded, rg, send, subscriptionId, tarGz, untilCanceled } from "./helpers.js";

let emulator: RunningEmulator;
let client: ContainerRegistryManagementClient;
const registry = "officialsdkreg";
const polling = { updateIntervalInMs: 5 };
const terminal = ["Succeeded", "Failed", "Canceled", "Error", "Timeout"];

async function runEnd(runId: string): Promise<Run> {
  for (;;) {
    const run = await client.runs.get(rg, registry, runId);
    if (terminal.includes(run.status ?? "")) return run;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  client = new ContainerRegistryManagementClient(emulator.credential, subscriptionId, {
    $host: emulator.endpoint,
    endpoint: emulator.endpoint,
    ...emulator.clientOptions,
  });
});
afterAll(() => emulator.close());

describe("the official @azure/arm-containerregistry 11.0.0, unchanged", () => {
  test("creates and reads a registry (at 2025-11-01)", async () => {
    const created = await client.registries.beginCreateAndWait(
      rg,
      registry,
      { location: "westus", sku: { name: "Premium" }, adminUserEnabled: false },
      polling,
    );
    expect(created).toMatchObject({
      name: registry,
      loginServer: `${registry}.azurecr.io`,
      provisioningState: "Succeeded",
    });
    const read = await client.registries.get(rg, registry);
    expect(read.sku.name).toBe("Premium");
    expect(emulator.requests.some((r) => r.url.includes("api-version=2025-11-01") && r.status === 201)).toBe(true);
  });

  test("uploads a context, schedules a run, reads its log link and the log, lists runs", async () => {
    const upload = await client.registries.getBuildSourceUploadUrl(rg, registry);
    const put = await send(emulator, "PUT", upload.uploadUrl!, {
      raw: await tarGz({ Dockerfile: "FROM mcr.microsoft.com/hello-world\n" }),
      headers: { "x-ms-blob-type": "BlockBlob" },
      token: null,
    });
    expect(put.status).toBe(201);
    const queued = await client.registries.beginScheduleRunAndWait(
      rg,
      registry,
      {
        type: "DockerBuildRequest",
        sourceLocation: upload.relativePath,
        dockerFilePath: "Dockerfile",
        imageNames: ["hello:{{.Run.ID}}"],
        isPushEnabled: true,
        platform: { os: "Linux" },
      },
      polling,
    );
    expect(queued.runId).toMatch(/^cb\d+$/);
    const ended = await runEnd(queued.runId!);
    expect(ended).toMatchObject({ status: "Succeeded", runType: "QuickBuild" });
    expect(ended.outputImages?.[0]).toMatchObject({ repository: "hello", tag: queued.runId });
    const { logLink } = await client.runs.getLogSasUrl(rg, registry, queued.runId!);
    expect((await send(emulator, "GET", logLink!, { token: null })).text).toMatch(/Successfully pushed/);
    const listed = await collect(client.runs.list(rg, registry, { filter: "TaskName eq null", top: 10 }));
    expect(listed.map((run) => run.runId)).toContain(queued.runId);
  });

  test("works through the life of a task: create, read, update, details, list, run by name, delete", async () => {
    const created = await client.tasks.beginCreateAndWait(
      rg,
      registry,
      "sdktask",
      {
        location: "westus",
        platform: { os: "Linux" },
        step: { type: "EncodedTask", encodedTaskContent: encoded("steps:\n  - cmd: bash echo {{.Values.who}}\n") },
      },
      polling,
    );
    expect(created).toMatchObject({ name: "sdktask", status: "Enabled", provisioningState: "Succeeded" });
    const updated = await client.tasks.beginUpdateAndWait(rg, registry, "sdktask", { timeout: 600 }, polling);
    expect(updated.timeout).toBe(600);
    expect((await client.tasks.get(rg, registry, "sdktask")).timeout).toBe(600);
    expect((await client.tasks.getDetails(rg, registry, "sdktask")).step?.type).toBe("EncodedTask");
    expect((await collect(client.tasks.list(rg, registry))).map((task) => task.name)).toContain("sdktask");
    const run = await client.registries.beginScheduleRunAndWait(
      rg,
      registry,
      {
        type: "TaskRunRequest",
        taskId: "sdktask",
        overrideTaskStepProperties: { values: [{ name: "who", value: "sdk" }] },
      },
      polling,
    );
    expect(await runEnd(run.runId!)).toMatchObject({ status: "Succeeded", task: "sdktask" });
    await client.tasks.beginDeleteAndWait(rg, registry, "sdktask", polling);
    await expect(client.tasks.get(rg, registry, "sdktask")).rejects.toMatchObject({ statusCode: 404 });
  });

  test("works through the life of a task run: create, read, details, list, update, delete", async () => {
    const created = await client.taskRuns.beginCreateAndWait(
      rg,
      registry,
      "sdktaskrun",
      {
        location: "westus",
        runRequest: {
          type: "EncodedTaskRunRequest",
          encodedTaskContent: encoded("steps:\n  - cmd: bash echo run\n"),
          platform: { os: "Linux" },
        },
      },
      polling,
    );
    expect(created).toMatchObject({ name: "sdktaskrun", provisioningState: "Succeeded" });
    expect((await client.taskRuns.get(rg, registry, "sdktaskrun")).runResult?.runId).toMatch(/^cb\d+$/);
    expect((await client.taskRuns.getDetails(rg, registry, "sdktaskrun")).runRequest?.type).toBe(
      "EncodedTaskRunRequest",
    );
    expect((await collect(client.taskRuns.list(rg, registry))).map((taskRun) => taskRun.name)).toContain("sdktaskrun");
    const first = created.runResult?.runId;
    const rerun = await client.taskRuns.beginUpdateAndWait(
      rg,
      registry,
      "sdktaskrun",
      { forceUpdateTag: "again" },
      polling,
    );
    expect(rerun.runResult?.runId).not.toBe(first);
    await client.taskRuns.beginDeleteAndWait(rg, registry, "sdktaskrun", polling);
    await expect(client.taskRuns.get(rg, registry, "sdktaskrun")).rejects.toMatchObject({ statusCode: 404 });
  });

  test("works through the life of an agent pool: create, read, queue status, list, update, delete", async () => {
    const created = await client.agentPools.beginCreateAndWait(
      rg,
      registry,
      "sdkpool",
      { location: "westus", count: 1, tier: "S1", os: "Linux" },
      polling,
    );
    expect(created).toMatchObject({ name: "sdkpool", count: 1, provisioningState: "Succeeded" });
    expect((await client.agentPools.get(rg, registry, "sdkpool")).tier).toBe("S1");
    expect((await client.agentPools.getQueueStatus(rg, registry, "sdkpool")).count).toBe(0);
    expect((await collect(client.agentPools.list(rg, registry))).map((pool) => pool.name)).toContain("sdkpool");
    const updated = await client.agentPools.beginUpdateAndWait(rg, registry, "sdkpool", { count: 2 }, polling);
    expect(updated.count).toBe(2);
    await client.agentPools.beginDeleteAndWait(rg, registry, "sdkpool", polling);
    await expect(client.agentPools.get(rg, registry, "sdkpool")).rejects.toMatchObject({ statusCode: 404 });
  });

  test("cancels a run", async () => {
    const run = await client.registries.beginScheduleRunAndWait(rg, registry, untilCanceled() as never, polling);
    await client.runs.beginCancelAndWait(rg, registry, run.runId!, polling);
    expect((await client.runs.get(rg, registry, run.runId!)).status).toBe("Canceled");
  });
});
