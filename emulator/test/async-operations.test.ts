// Long-running operations as the recordings of live Azure show them: PUT and PATCH 201 with
// Azure-AsyncOperation, DELETE 202 with Location, the status monitor's `{status}` (the resource's
// provisioningState while in progress), the Location's 202 then 200, Retry-After, and operations that
// finish on the clock whether or not anyone polls (longRunning/firstAnswer.ts decides which request gets which). What an operation
// looks like while in progress is observed on a slow emulator (its operations take half an hour), how
// it ends on a fast one, waiting for the state rather than timing anything.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, build, createRegistry, operationEnded, registryPath, send, waitFor } from "./helpers.js";

let fast: RunningEmulator;
let slow: RunningEmulator;
beforeAll(async () => {
  [fast, slow] = await Promise.all([startEmulator({ timeScale: 0.001 }), startEmulator({ timeScale: 1000 })]);
  await createRegistry(fast, "lroreg001");
  // On the slow emulator the registry stays Creating for half an hour: its children can be created all the same.
  await send(slow, "PUT", `${registryPath("lroreg001")}?api-version=${arm}`, {
    body: { location: "westus", sku: { name: "Premium" } },
  });
});
afterAll(() => Promise.all([fast.close(), slow.close()]));

const header = (value: string | string[] | undefined) => String(value);
const poolUrl = (name: string) => `${registryPath("lroreg001")}/agentPools/${name}?api-version=${build}`;

describe("PUT creating a resource: 201 + Azure-AsyncOperation", () => {
  test("the status endpoint says the resource's provisioningState (Creating), and nothing else, with Retry-After", async () => {
    const created = await send(slow, "PUT", poolUrl("pool1"), { body: { location: "westus" } });
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe("Creating");
    const status = header(created.headers["azure-asyncoperation"]);
    expect(status).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\/operationStatuses\/.+\?api-version=2019-06-01-preview$/,
    );
    const first = await send(slow, "GET", status);
    expect(first.body).toEqual({ status: "Creating" });
    expect(Number(first.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await send(slow, "GET", poolUrl("pool1"))).body.properties.provisioningState).toBe("Creating");
  });

  test("it ends `{status: Succeeded}`, and the resource Succeeded", async () => {
    const created = await send(fast, "PUT", poolUrl("pool1"), { body: { location: "westus" } });
    const status = header(created.headers["azure-asyncoperation"]);
    let last = await send(fast, "GET", status);
    await waitFor(async () => operationEnded((last = await send(fast, "GET", status)).body.status));
    expect(last.body).toEqual({ status: "Succeeded" });
    expect((await send(fast, "GET", poolUrl("pool1"))).body.properties.provisioningState).toBe("Succeeded");
  });

  test("the status endpoint needs a token too", async () => {
    const created = await send(slow, "PUT", `${registryPath("lroreg001")}/replications/eastus?api-version=${arm}`, {
      body: { location: "eastus" },
    });
    expect((await send(slow, "GET", header(created.headers["azure-asyncoperation"]), { token: null })).status).toBe(
      401,
    );
  });
});

describe("operations finish on the clock", () => {
  test("a creation nobody polls finishes (a --no-wait create), and a later change is not refused", async () => {
    const list = `${registryPath("lroreg001")}/agentPools?api-version=${build}`;
    const before = fast.requests.length;
    await send(fast, "PUT", poolUrl("nowait1"), { body: { location: "westus" } });
    // Neither the status URL nor the resource is read: only the list, which never counted as a poll.
    await waitFor(
      async () =>
        (await send(fast, "GET", list)).body.value.find((p: { name: string }) => p.name === "nowait1")?.properties
          .provisioningState === "Succeeded",
    );
    const since = fast.requests.slice(before).map((r) => `${r.method} ${r.url.split("?")[0]}`);
    expect(since.filter((line) => !line.endsWith("/agentPools"))).toEqual([
      `PUT ${registryPath("lroreg001")}/agentPools/nowait1`,
    ]);
    expect((await send(fast, "PATCH", poolUrl("nowait1"), { body: { properties: { count: 2 } } })).status).toBe(201);
  });

  test("Retry-After is at least 1 even at timeScale 0.001, with the exact wait in retry-after-ms", async () => {
    const created = await send(fast, "PUT", poolUrl("retry1"), { body: { location: "westus" } });
    expect(created.headers["retry-after"]).toBe("1");
    expect(created.headers["retry-after-ms"]).toBe("1");
  });

  test("polling URLs carry the api-version of the request (a version the tool sent, not the feed's)", async () => {
    const created = await send(
      slow,
      "PUT",
      `${registryPath("lroreg001")}/replications/westeurope?api-version=2022-02-01-preview`,
      { body: { location: "westeurope" } },
    );
    expect(header(created.headers["azure-asyncoperation"])).toMatch(/\?api-version=2022-02-01-preview$/);
  });
});

test("PUT replacing a resource: 201 with Azure-AsyncOperation alone, as when creating it", async () => {
  const url = `${registryPath("lroreg001")}/replications/northeurope?api-version=${arm}`;
  await send(fast, "PUT", url, { body: { location: "northeurope" } });
  await waitFor(async () => (await send(fast, "GET", url)).body.properties.provisioningState === "Succeeded");
  const replaced = await send(fast, "PUT", url, { body: { location: "northeurope", tags: { a: "b" } } });
  expect(replaced.status).toBe(201);
  expect(replaced.headers["azure-asyncoperation"]).toBeDefined();
  expect(replaced.headers["location"]).toBeUndefined();
  expect(replaced.body.properties.provisioningState).toBe("Updating");
  await waitFor(async () => (await send(fast, "GET", url)).body.properties.provisioningState === "Succeeded");
  expect((await send(fast, "GET", url)).body.tags).toEqual({ a: "b" });
});

test("PATCH: 201 with Azure-AsyncOperation alone; the monitor ends Succeeded with the resource updated", async () => {
  await send(fast, "PUT", poolUrl("patch1"), { body: { location: "westus" } });
  await waitFor(
    async () => (await send(fast, "GET", poolUrl("patch1"))).body.properties.provisioningState === "Succeeded",
  );
  const patched = await send(fast, "PATCH", poolUrl("patch1"), { body: { properties: { count: 3 } } });
  expect(patched.status).toBe(201);
  expect(patched.body.properties.provisioningState).toBe("Updating");
  expect(patched.headers["location"]).toBeUndefined();
  const status = header(patched.headers["azure-asyncoperation"]);
  await waitFor(async () => (await send(fast, "GET", status)).body.status === "Succeeded");
  expect((await send(fast, "GET", poolUrl("patch1"))).body.properties).toMatchObject({
    count: 3,
    provisioningState: "Succeeded",
  });
});

test("the Location of a deletion in progress answers 202 with `{status: Deleting}` and Retry-After", async () => {
  const created = await send(slow, "PUT", `${registryPath("lroreg001")}/scopeMaps/slowmap1?api-version=${arm}`, {
    body: { properties: { actions: ["repositories/a/content/read"] } },
  });
  expect(created.status).toBe(200); // ScopeMaps_Create is synchronous, so the DELETE is the one that waits
  const deleted = await send(slow, "DELETE", `${registryPath("lroreg001")}/scopeMaps/slowmap1?api-version=${arm}`);
  expect(deleted.status).toBe(202);
  expect(deleted.body).toBeUndefined();
  const first = await send(slow, "GET", header(deleted.headers["location"]));
  expect(first.status).toBe(202);
  expect(first.body).toEqual({ status: "Deleting" });
  expect(Number(first.headers["retry-after"])).toBeGreaterThanOrEqual(1);
});

test("DELETE of an agent pool: 202 with the pool Deleting and Location only; 202 until done, then 200 `{status: Succeeded}`", async () => {
  await send(fast, "PUT", poolUrl("delete1"), { body: { location: "westus" } });
  await waitFor(
    async () => (await send(fast, "GET", poolUrl("delete1"))).body.properties.provisioningState === "Succeeded",
  );
  const deleted = await send(fast, "DELETE", poolUrl("delete1"));
  expect(deleted.status).toBe(202);
  expect(deleted.body.properties.provisioningState).toBe("Deleting");
  expect(deleted.headers["azure-asyncoperation"]).toBeUndefined();
  const location = header(deleted.headers["location"]);
  let done = await send(fast, "GET", location);
  await waitFor(async () => (done = await send(fast, "GET", location)).status !== 202);
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ status: "Succeeded" });
  expect((await send(fast, "GET", poolUrl("delete1"))).status).toBe(404);
});

test("DELETE of a replication: 202 without a body; its Location ends 200 without one", async () => {
  const url = `${registryPath("lroreg001")}/replications/brazilsouth?api-version=${arm}`;
  await send(fast, "PUT", url, { body: { location: "brazilsouth" } });
  await waitFor(async () => (await send(fast, "GET", url)).body.properties.provisioningState === "Succeeded");
  const deleted = await send(fast, "DELETE", url);
  expect(deleted.status).toBe(202);
  const location = header(deleted.headers["location"]);
  let done = await send(fast, "GET", location);
  await waitFor(async () => (done = await send(fast, "GET", location)).status !== 202);
  expect(done.status).toBe(200);
  expect(done.text).toBe("");
  expect((await send(fast, "GET", url)).status).toBe(404);
});

test("a DELETE while the creation is in progress: 409 AnotherOperationInProgress", async () => {
  const url = `${registryPath("lroreg001")}/replications/eastus?api-version=${arm}`;
  const refused = await send(slow, "DELETE", url);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe("AnotherOperationInProgress");
});

test("a failing operation: the status endpoint reports Failed with an error (pipeline run of a missing pipeline)", async () => {
  const url = `${registryPath("lroreg001")}/pipelineRuns/pipelinerun1?api-version=${arm}`;
  const created = await send(fast, "PUT", url, {
    body: {
      properties: {
        request: { pipelineResourceId: `${registryPath("lroreg001")}/importPipelines/none`, artifacts: ["hello:1"] },
      },
    },
  });
  expect(created.status).toBe(201);
  const status = header(created.headers["azure-asyncoperation"]);
  let last = await send(fast, "GET", status);
  await waitFor(async () => operationEnded((last = await send(fast, "GET", status)).body.status));
  expect(last.body.status).toBe("Failed");
  expect(last.body.error).toMatchObject({ code: "PipelineNotFound" });
  expect((await send(fast, "GET", url)).body.properties).toMatchObject({
    provisioningState: "Failed",
    response: { status: "Failed" },
  });
});

test("an unknown operation id is 404", async () => {
  const response = await send(
    fast,
    "GET",
    `/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.ContainerRegistry/locations/westus/operationStatuses/nope?api-version=${arm}`,
  );
  expect(response.status).toBe(404);
});
