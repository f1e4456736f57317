// Long-running operations: the three polling styles and their progression (lro.ts documents which
// request gets which). Progress is observed poll by poll, never by timing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, build, createRegistry, registryPath, send, waitFor } from "./helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, "lroreg001");
});
afterAll(() => emulator.close());

const header = (value: string | string[] | undefined) => String(value);

describe("PUT creating a resource: 201 + Azure-AsyncOperation", () => {
  test("the status endpoint says InProgress, then Succeeded; provisioningState goes Creating -> Succeeded", async () => {
    const url = `${registryPath("lroreg001")}/agentPools/pool1?api-version=${build}`;
    const created = await send(emulator, "PUT", url, { body: { location: "westus" } });
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe("Creating");
    expect(created.headers["retry-after"]).toBeDefined();
    const status = header(created.headers["azure-asyncoperation"]);
    expect(status).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\/operationStatuses\/.+\?api-version=2019-06-01-preview$/);
    const first = await send(emulator, "GET", status);
    expect(first.body.status).toBe("InProgress");
    let last = first;
    await waitFor(async () => {
      last = await send(emulator, "GET", status);
      return last.body.status !== "InProgress";
    });
    expect(last.body).toMatchObject({ status: "Succeeded" });
    expect(last.body.endTime).toBeDefined();
    expect((await send(emulator, "GET", url)).body.properties.provisioningState).toBe("Succeeded");
  });

  test("the status endpoint needs a token too", async () => {
    const created = await send(emulator, "PUT", `${registryPath("lroreg001")}/scopeMaps/maps1?api-version=${arm}`, { body: { properties: { actions: ["repositories/hello/content/read"] } } });
    expect((await send(emulator, "GET", header(created.headers["azure-asyncoperation"]), { token: null })).status).toBe(401);
  });
});

test("PUT replacing a resource: 200 with provisioningState Updating, polled on the resource itself", async () => {
  const url = `${registryPath("lroreg001")}/replications/eastus?api-version=${arm}`;
  await send(emulator, "PUT", url, { body: { location: "eastus" } });
  await waitFor(async () => (await send(emulator, "GET", url)).body.properties.provisioningState === "Succeeded");
  const replaced = await send(emulator, "PUT", url, { body: { location: "eastus", tags: { a: "b" } } });
  expect(replaced.status).toBe(200);
  expect(replaced.headers["azure-asyncoperation"]).toBeUndefined();
  expect(replaced.headers["location"]).toBeUndefined();
  expect(replaced.body.properties.provisioningState).toBe("Updating");
  expect((await send(emulator, "GET", url)).body.properties.provisioningState).toBe("Updating");
  await waitFor(async () => (await send(emulator, "GET", url)).body.properties.provisioningState === "Succeeded");
  expect((await send(emulator, "GET", url)).body.tags).toEqual({ a: "b" });
});

test("PATCH: 201 with Azure-AsyncOperation and Location; the Location answers 202 then the updated resource", async () => {
  const url = `${registryPath("lroreg001")}?api-version=${arm}`;
  const patched = await send(emulator, "PATCH", url, { body: { properties: { adminUserEnabled: true } } });
  expect(patched.status).toBe(201);
  expect(patched.body.properties.provisioningState).toBe("Updating");
  expect(patched.headers["azure-asyncoperation"]).toBeDefined();
  const location = header(patched.headers["location"]);
  const first = await send(emulator, "GET", location);
  expect(first.status).toBe(202);
  let done = first;
  await waitFor(async () => (done = await send(emulator, "GET", location)).status !== 202);
  expect(done.status).toBe(200);
  expect(done.body.properties).toMatchObject({ adminUserEnabled: true, provisioningState: "Succeeded" });
});

test("DELETE: 202 with Location only; 202 until done, then 204, and the resource is gone", async () => {
  const url = `${registryPath("lroreg001")}/webhooks/hook1?api-version=${arm}`;
  await send(emulator, "PUT", url, { body: { location: "westus", properties: { serviceUri: "https://example.com", actions: ["push"] } } });
  await waitFor(async () => (await send(emulator, "GET", url)).body.properties.provisioningState === "Succeeded");
  const deleted = await send(emulator, "DELETE", url);
  expect(deleted.status).toBe(202);
  expect(deleted.headers["azure-asyncoperation"]).toBeUndefined();
  const location = header(deleted.headers["location"]);
  // The first poll of an operation, whichever URL it uses, always sees it in progress.
  expect((await send(emulator, "GET", url)).body.properties.provisioningState).toBe("Deleting");
  let done = await send(emulator, "GET", location);
  await waitFor(async () => (done = await send(emulator, "GET", location)).status !== 202);
  expect(done.status).toBe(204);
  expect((await send(emulator, "GET", url)).status).toBe(404);
});

test("POST action with a result: the Location answers the result (generateCredentials)", async () => {
  const scopeMap = `${registryPath("lroreg001")}/scopeMaps/readers?api-version=${arm}`;
  const created = await send(emulator, "PUT", scopeMap, { body: { properties: { actions: ["repositories/hello/content/read"] } } });
  const tokenUrl = `${registryPath("lroreg001")}/tokens/reader1?api-version=${arm}`;
  const token = await send(emulator, "PUT", tokenUrl, { body: { properties: { scopeMapId: created.body.id } } });
  expect(token.status).toBe(201);
  const generated = await send(emulator, "POST", `${registryPath("lroreg001")}/generateCredentials?api-version=${arm}`, { body: { tokenId: token.body.id, name: "password1" } });
  expect(generated.status).toBe(202);
  const location = header(generated.headers["location"]);
  let done = await send(emulator, "GET", location);
  await waitFor(async () => (done = await send(emulator, "GET", location)).status !== 202);
  expect(done.status).toBe(200);
  expect(done.body.passwords[0]).toMatchObject({ name: "password1" });
  expect(done.body.passwords[0].value).toMatch(/.{10,}/);
  const shown = await send(emulator, "GET", tokenUrl);
  expect(shown.body.properties.credentials.passwords[0]).not.toHaveProperty("value");
});

test("a failing operation: the status endpoint reports Failed with an error (pipeline run of a missing pipeline)", async () => {
  const url = `${registryPath("lroreg001")}/pipelineRuns/pipelinerun1?api-version=${arm}`;
  const created = await send(emulator, "PUT", url, { body: { properties: { request: { pipelineResourceId: `${registryPath("lroreg001")}/importPipelines/none`, artifacts: ["hello:1"] } } } });
  expect(created.status).toBe(201);
  const status = header(created.headers["azure-asyncoperation"]);
  let last = await send(emulator, "GET", status);
  await waitFor(async () => (last = await send(emulator, "GET", status)).body.status !== "InProgress");
  expect(last.body.status).toBe("Failed");
  expect(last.body.error).toMatchObject({ code: "PipelineNotFound" });
  expect((await send(emulator, "GET", url)).body.properties).toMatchObject({ provisioningState: "Failed", response: { status: "Failed" } });
});

test("an unknown operation id is 404", async () => {
  const response = await send(emulator, "GET", `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.ContainerRegistry/locations/westus/operationStatuses/nope?api-version=${arm}`);
  expect(response.status).toBe(404);
});
