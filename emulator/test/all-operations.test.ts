// Every one of the 84 operations, called through URLs built from the catalog's path templates, with
// each status among those the swagger declares, each success body checked against its generated
// schema, and registry deletion cascading.
import { afterAll, beforeAll, expect, test } from "vitest";
import { feeds } from "acr-tasks/catalog";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { encoded, registryPath, rg, send, subscriptionId, type RawResponse } from "./helpers.js";
import { OperationCaller } from "./operationCaller.js";

let emulator: RunningEmulator;
let caller: OperationCaller;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  caller = new OperationCaller(emulator, feeds, names);
});
afterAll(() => emulator.close());

const registry = "everyopreg";
const names: Record<string, string> = {
  subscriptionId,
  resourceGroupName: rg,
  registryName: registry,
  agentPoolName: "pool1",
  taskName: "mytask",
  taskRunName: "mytaskrun",
  runId: "cb1",
  replicationName: "eastus",
  webhookName: "hook1",
  scopeMapName: "readers",
  tokenName: "reader1",
  connectedRegistryName: "edge1",
  privateEndpointConnectionName: "pec1",
  exportPipelineName: "export1",
  importPipelineName: "import1",
  pipelineRunName: "prun1",
};

/** Calls an operation by id, waits for its LRO if any, and checks the final body against the schema. */
const call = async (operationId: string, body?: unknown): Promise<RawResponse> =>
  (await caller.call(operationId, body)).final;

const id = (collection: string, name: string) => `${registryPath(registry)}/${collection}/${name}`;

test("all 84 operations answer with schema-conformant data", async () => {
  expect(
    (await call("Registries_CheckNameAvailability", { name: registry, type: "Microsoft.ContainerRegistry/registries" }))
      .body,
  ).toEqual({ nameAvailable: true });
  await call("Registries_Create", { location: "westus", sku: { name: "Premium" }, tags: { env: "test" } });
  expect(
    (await call("Registries_CheckNameAvailability", { name: registry, type: "Microsoft.ContainerRegistry/registries" }))
      .body,
  ).toMatchObject({ nameAvailable: false, reason: "AlreadyExists" });
  expect((await call("Registries_Get")).body.properties).toMatchObject({
    loginServer: `${registry}.azurecr.io`,
    provisioningState: "Succeeded",
  });
  expect((await call("Registries_List")).body.value.map((r: { name: string }) => r.name)).toContain(registry);
  expect((await call("Registries_ListByResourceGroup")).body.value).toHaveLength(1);
  expect(
    (await call("Registries_Update", { properties: { adminUserEnabled: true } })).body.properties.adminUserEnabled,
  ).toBe(true);
  const credentials = (await call("Registries_ListCredentials")).body;
  expect(credentials.username).toBe(registry);
  const regenerated = (await call("Registries_RegenerateCredential", { name: "password2" })).body;
  expect(regenerated.passwords[0].value).toBe(credentials.passwords[0].value);
  expect(regenerated.passwords[1].value).not.toBe(credentials.passwords[1].value);
  expect((await call("Registries_ListUsages")).body.value.map((u: { name: string }) => u.name)).toContain("Webhooks");
  expect((await call("Registries_ListPrivateLinkResources")).body.value[0].properties.groupId).toBe("registry");
  await call("Registries_ImportImage", {
    source: { registryUri: "docker.io", sourceImage: "library/hello-world:latest" },
    targetTags: ["hello-world:latest"],
  });
  const again = await send(emulator, "POST", `${registryPath(registry)}/importImage?api-version=2021-08-01-preview`, {
    body: {
      source: { registryUri: "docker.io", sourceImage: "library/hello-world:latest" },
      targetTags: ["hello-world:latest"],
    },
  });
  expect(again.status).toBe(409);

  await call("Replications_Create", { location: "eastus" });
  await call("Replications_Get");
  await call("Replications_Update", { tags: { a: "b" } });
  expect((await call("Replications_List")).body.value.find((r: { name: string }) => r.name === "eastus").tags).toEqual({
    a: "b",
  });

  await call("Webhooks_Create", {
    location: "westus",
    properties: {
      serviceUri: "https://hooks.invalid/hook",
      customHeaders: { Authorization: "secret" },
      actions: ["push"],
    },
  });
  expect(JSON.stringify((await call("Webhooks_Get")).body)).not.toContain("hooks.invalid");
  await call("Webhooks_Update", { properties: { serviceUri: "https://hooks.invalid/v2" } });
  expect((await call("Webhooks_GetCallbackConfig")).body).toEqual({
    serviceUri: "https://hooks.invalid/v2",
    customHeaders: { Authorization: "secret" },
  });
  await call("Webhooks_Ping");
  expect((await call("Webhooks_ListEvents")).body.value).toHaveLength(1);
  await call("Webhooks_List");

  const scopeMap = (await call("ScopeMaps_Create", { properties: { actions: ["repositories/hello/content/read"] } }))
    .body;
  await call("ScopeMaps_Get");
  await call("ScopeMaps_Update", { properties: { description: "readers" } });
  await call("ScopeMaps_List");
  const token = (await call("Tokens_Create", { properties: { scopeMapId: scopeMap.id } })).body;
  await call("Tokens_Get");
  await call("Tokens_Update", { properties: { status: "disabled" } });
  await call("Tokens_List");
  expect((await call("Registries_GenerateCredentials", { tokenId: token.id })).body.passwords).toHaveLength(2);

  await call("ConnectedRegistries_Create", {
    properties: { mode: "ReadOnly", parent: { syncProperties: { tokenId: token.id, messageTtl: "P2D" } } },
  });
  await call("ConnectedRegistries_Get");
  await call("ConnectedRegistries_Update", { properties: { logging: { logLevel: "Debug" } } });
  await call("ConnectedRegistries_List");
  await call("ConnectedRegistries_Deactivate");
  expect((await call("ConnectedRegistries_Get")).body.properties.activation.status).toBe("Inactive");

  await call("PrivateEndpointConnections_CreateOrUpdate", {
    properties: {
      privateEndpoint: { id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/privateEndpoints/pe" },
    },
  });
  await call("PrivateEndpointConnections_Get");
  await call("PrivateEndpointConnections_List");
  expect((await call("Registries_Get")).body.properties.privateEndpointConnections).toHaveLength(1);

  const exportPipeline = (
    await call("ExportPipelines_Create", {
      location: "westus",
      properties: {
        target: {
          type: "AzureStorageBlobContainer",
          uri: "https://a.blob.core.windows.net/c",
          keyVaultUri: "https://v.vault.azure.net/secrets/s",
        },
      },
    })
  ).body;
  await call("ExportPipelines_Get");
  await call("ExportPipelines_List");
  await call("ImportPipelines_Create", {
    location: "westus",
    properties: {
      source: {
        type: "AzureStorageBlobContainer",
        uri: "https://a.blob.core.windows.net/c",
        keyVaultUri: "https://v.vault.azure.net/secrets/s",
      },
    },
  });
  await call("ImportPipelines_Get");
  await call("ImportPipelines_List");
  const pipelineRun = (
    await call("PipelineRuns_Create", {
      properties: {
        request: {
          pipelineResourceId: exportPipeline.id,
          artifacts: ["hello-world:latest"],
          target: { type: "AzureStorageBlob", name: "out.tar.gz" },
        },
      },
    })
  ).body;
  expect(pipelineRun.properties.response).toMatchObject({
    status: "Succeeded",
    target: { type: "AzureStorageBlobContainer" },
  });
  expect(pipelineRun.properties.response.catalogDigest).toMatch(/^sha256:/);
  await call("PipelineRuns_Get");
  await call("PipelineRuns_List");
  await call("Operations_List");

  await call("AgentPools_Create", { location: "westus", properties: { count: 2 } });
  await call("AgentPools_Get");
  await call("AgentPools_Update", { properties: { count: 3 } });
  await call("AgentPools_List");
  expect((await call("AgentPools_GetQueueStatus")).body).toEqual({ count: 0 });

  const task = (
    await call("Tasks_Create", {
      location: "westus",
      properties: {
        platform: { os: "Linux" },
        step: { type: "EncodedTask", encodedTaskContent: encoded("steps:\n  - cmd: bash echo hi\n") },
      },
    })
  ).body;
  await call("Tasks_Get");
  await call("Tasks_GetDetails");
  await call("Tasks_Update", { properties: { timeout: 600 } });
  expect((await call("Tasks_List")).body.value[0].properties.timeout).toBe(600);
  await call("Registries_GetBuildSourceUploadUrl");
  const run = (await call("Registries_ScheduleRun", { type: "TaskRunRequest", taskId: task.id })).body;
  expect(run.name).toBe("cb1");
  await call("Runs_Get");
  await call("Runs_List");
  await call("Runs_Update", { isArchiveEnabled: true });
  await call("Runs_GetLogSasUrl");
  await call("Runs_Cancel");
  await call("TaskRuns_Create", {
    properties: { runRequest: { type: "TaskRunRequest", taskId: task.id }, forceUpdateTag: "1" },
  });
  await call("TaskRuns_Get");
  await call("TaskRuns_GetDetails");
  await call("TaskRuns_Update", { properties: { forceUpdateTag: "2" } });
  expect((await call("TaskRuns_List")).body.value[0].properties.runResult.name).toBe("cb3");

  for (const operationId of [
    "TaskRuns_Delete",
    "Tasks_Delete",
    "AgentPools_Delete",
    "PipelineRuns_Delete",
    "ImportPipelines_Delete",
    "ExportPipelines_Delete",
    "PrivateEndpointConnections_Delete",
    "ConnectedRegistries_Delete",
    "Tokens_Delete",
    "ScopeMaps_Delete",
    "Webhooks_Delete",
    "Replications_Delete",
  ]) {
    await call(operationId);
  }
  expect((await send(emulator, "GET", `${id("tasks", "mytask")}?api-version=2019-06-01-preview`)).status).toBe(404);
  await call("Registries_Delete");
  expect((await send(emulator, "GET", `${id("runs", "cb1")}?api-version=2019-06-01-preview`)).status).toBe(404);

  expect(caller.operationIds.filter((operationId) => !caller.called.has(operationId))).toEqual([]);
});
