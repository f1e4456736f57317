// The emulator through the public client: `new ContainerRegistryTasksClient(emulator.credential, sub,
// { ...emulator.clientOptions, endpoint: emulator.endpoint })` must just work, LROs and paging included.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ContainerRegistryTasksClient } from "acr-tasks";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { encoded, rg, send, subscriptionId, tarGz, untilCanceledYaml } from "./helpers.js";

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
const registry = "clientreg01";
const lro = { updateIntervalInMs: 1 };

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001, pageSize: 3 });
  client = new ContainerRegistryTasksClient(emulator.credential, subscriptionId, {
    ...emulator.clientOptions,
    endpoint: emulator.endpoint,
  });
  await client.registries.create(rg, registry, { location: "westus", sku: { name: "Premium" } }, lro).pollUntilDone();
});
afterAll(() => emulator.close());

async function waitForEnd(runId: string) {
  for (;;) {
    const run = await client.runs.get(rg, registry, runId);
    if (["Succeeded", "Failed", "Canceled", "Timeout", "Error"].includes(run.properties!.status!)) return run;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("through ContainerRegistryTasksClient", () => {
  test("registries.create polls to a Succeeded registry", async () => {
    const got = await client.registries.get(rg, registry);
    expect(got.properties?.provisioningState).toBe("Succeeded");
    expect(got.properties?.loginServer).toBe(`${registry}.azurecr.io`);
  });

  test("a quick build from an uploaded context, its log, and no bearer token on the blob side", async () => {
    const upload = await client.registries.getBuildSourceUploadUrl(rg, registry);
    const put = await send(emulator, "PUT", upload.uploadUrl!, {
      raw: await tarGz({ Dockerfile: "FROM alpine\n" }),
      headers: { "x-ms-blob-type": "BlockBlob" },
      token: null,
    });
    expect(put.status).toBe(201);
    const scheduled = await client.registries
      .scheduleRun(
        rg,
        registry,
        {
          type: "DockerBuildRequest",
          dockerFilePath: "Dockerfile",
          imageNames: ["app:{{.Run.ID}}"],
          platform: { os: "Linux" },
          sourceLocation: upload.relativePath,
        },
        lro,
      )
      .pollUntilDone();
    expect(scheduled.properties?.status).toBe("Queued");
    const run = await waitForEnd(scheduled.name!);
    expect(run.properties?.status).toBe("Succeeded");
    expect(run.properties?.createTime).toBeInstanceOf(Date);
    expect(run.properties?.outputImages?.[0]).toMatchObject({ repository: "app", tag: scheduled.name });
    const { logLink } = await client.runs.getLogSasUrl(rg, registry, scheduled.name!);
    const log = await send(emulator, "GET", logLink!, { token: null });
    expect(log.text).toContain(`Run ID: ${scheduled.name} was successful`);
    expect(emulator.requests.filter((r) => r.server === "blob").every((r) => !r.hasAuthorization)).toBe(true);
    expect(emulator.requests.filter((r) => r.server === "arm").every((r) => r.hasAuthorization)).toBe(true);
  });

  test("tasks, a TaskRunRequest, taskRuns.create, getDetails and runs.list paging with $filter", async () => {
    const task = await client.tasks
      .create(
        rg,
        registry,
        "hello",
        {
          location: "westus",
          properties: {
            platform: { os: "Linux" },
            step: {
              type: "EncodedTask",
              encodedTaskContent: encoded("steps:\n  - cmd: bash echo {{.Values.greeting}}\n"),
              values: [{ name: "greeting", value: "hi", isSecret: true }],
            },
          },
        },
        lro,
      )
      .pollUntilDone();
    expect(task.properties?.provisioningState).toBe("Succeeded");
    expect((await client.tasks.get(rg, registry, "hello")).properties?.step).not.toHaveProperty("values.0.value");
    const details = await client.tasks.getDetails(rg, registry, "hello");
    expect((details.properties?.step as { values?: { value: string }[] }).values?.[0]?.value).toBe("hi");

    const run = await client.registries
      .scheduleRun(rg, registry, { type: "TaskRunRequest", taskId: task.id! }, lro)
      .pollUntilDone();
    expect((await waitForEnd(run.name!)).properties).toMatchObject({
      status: "Succeeded",
      runType: "QuickRun",
      task: "hello",
    });

    const taskRun = await client.taskRuns
      .create(
        rg,
        registry,
        "taskrun1",
        { properties: { runRequest: { type: "TaskRunRequest", taskId: task.id! } } },
        lro,
      )
      .pollUntilDone();
    expect(taskRun.properties?.runResult?.properties?.task).toBe("hello");

    const all: string[] = [];
    for await (const item of client.runs.list(rg, registry)) all.push(item.name!);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const fromTask: string[] = [];
    for await (const item of client.runs.list(rg, registry, { filter: "TaskName eq 'hello'" }))
      fromTask.push(item.name!);
    expect(fromTask).toHaveLength(2);
    const pages = [];
    for await (const page of client.runs.list(rg, registry).byPage()) pages.push(page.length);
    expect(pages[0]).toBe(3);
  });

  test("runs.cancel stops a running run", async () => {
    const run = await client.registries
      .scheduleRun(
        rg,
        registry,
        {
          type: "EncodedTaskRunRequest",
          encodedTaskContent: encoded(untilCanceledYaml()),
          platform: { os: "Linux" },
          timeout: 28800,
        },
        lro,
      )
      .pollUntilDone();
    await client.runs.cancel(rg, registry, run.name!, lro).pollUntilDone();
    expect((await client.runs.get(rg, registry, run.name!)).properties?.status).toBe("Canceled");
  });

  test("agent pools, pipelines, webhooks and the operations list", async () => {
    await client.agentPools
      .create(rg, registry, "pool1", { location: "westus", properties: { count: 1 } }, lro)
      .pollUntilDone();
    expect(await client.agentPools.getQueueStatus(rg, registry, "pool1")).toEqual({ count: 0 });
    const pipeline = await client.importPipelines
      .create(
        rg,
        registry,
        "import1",
        {
          location: "westus",
          identity: { type: "SystemAssigned" },
          properties: {
            source: {
              type: "AzureStorageBlobContainer",
              uri: "https://account.blob.core.windows.net/transfer",
              keyVaultUri: "https://vault.vault.azure.net/secrets/sas",
            },
          },
        },
        lro,
      )
      .pollUntilDone();
    const pipelineRun = await client.pipelineRuns
      .create(
        rg,
        registry,
        "prun1",
        {
          properties: {
            request: {
              pipelineResourceId: pipeline.id,
              source: { type: "AzureStorageBlob", name: "hello-world.tar.gz" },
            },
          },
        },
        lro,
      )
      .pollUntilDone();
    expect(pipelineRun.properties?.response).toMatchObject({
      status: "Succeeded",
      importedArtifacts: ["hello-world:latest"],
    });
    await client.webhooks
      .create(
        rg,
        registry,
        "hook1",
        { location: "westus", properties: { serviceUri: "https://example.com/hook", actions: ["push"] } },
        lro,
      )
      .pollUntilDone();
    expect((await client.webhooks.getCallbackConfig(rg, registry, "hook1")).serviceUri).toBe(
      "https://example.com/hook",
    );
    const ping = await client.webhooks.ping(rg, registry, "hook1");
    const events = [];
    for await (const event of client.webhooks.listEvents(rg, registry, "hook1")) events.push(event.id);
    expect(events).toEqual([ping.id]);
    const operations = [];
    for await (const operation of client.operations.list()) operations.push(operation.name);
    expect(operations).toContain("Microsoft.ContainerRegistry/registries/runs/read");
    await client.webhooks.delete(rg, registry, "hook1", lro).pollUntilDone();
    await expect(client.webhooks.get(rg, registry, "hook1")).rejects.toMatchObject({ statusCode: 404 });
  });
});
