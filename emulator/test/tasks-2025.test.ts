// The tasks operations at 2025-03-01-preview are served by that feed: its schemas, its status codes, its
// long-running operations and their final-state-via, and at 2019-06-01-preview as before. Raw requests,
// so that statuses and headers are seen exactly.
import { alternativeFeeds, feeds, type OperationSpec } from "acr-tasks/catalog";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import {
  build,
  createRegistry,
  encoded,
  getRun,
  pollingHeaders,
  registryPath,
  rg,
  send,
  subscriptionId,
  untilCanceled,
  waitFor,
} from "./helpers.js";
import { OperationCaller } from "./operationCaller.js";

const v2025 = "2025-03-01-preview";
const feed2025 = alternativeFeeds.find((feed) => feed.apiVersion === v2025)!;
const feed2019 = feeds.find((feed) => feed.apiVersion === build)!;

let fast: RunningEmulator;
let slow: RunningEmulator;
const registry = "feed2025reg";
beforeAll(async () => {
  [fast, slow] = await Promise.all([startEmulator({ timeScale: 0.001 }), startEmulator({ timeScale: 1000 })]);
  await createRegistry(fast, registry);
  // On the slow emulator operations last half an hour: what is seen there is the operation in progress.
  await send(slow, "PUT", `${registryPath(registry)}?api-version=2021-08-01-preview`, {
    body: { location: "westus", sku: { name: "Premium" } },
  });
});
afterAll(() => Promise.all([fast.close(), slow.close()]));

const url = (path: string, version = v2025) => `${registryPath(registry)}${path}?api-version=${version}`;
const task = {
  location: "westus",
  properties: {
    platform: { os: "Linux" },
    step: { type: "EncodedTask", encodedTaskContent: encoded("steps:\n  - cmd: bash echo hi\n") },
  },
};
const quickRun = {
  type: "EncodedTaskRunRequest",
  encodedTaskContent: encoded("steps:\n  - cmd: bash echo hi\n"),
  platform: { os: "Linux" },
};

/** The one header a client follows for the feed's final-state-via, or none when answered at once. */
function expectedPolling(op: OperationSpec): string[] {
  if (!op.lro) return [];
  return [op.lro.finalStateVia === "location" ? "location" : "azure-asyncoperation"];
}

test("all 25 tasks operations at 2025-03-01-preview: declared statuses, the polling header of their final-state-via or none, the feed's schemas", async () => {
  const names = {
    subscriptionId,
    resourceGroupName: rg,
    registryName: registry,
    agentPoolName: "pool25",
    taskName: "task25",
    taskRunName: "taskrun25",
    runId: "",
  };
  const caller = new OperationCaller(fast, alternativeFeeds, names);
  const call = async (operationId: string, body?: unknown) => {
    const { first, final } = await caller.call(operationId, body);
    const op = caller.spec(operationId);
    expect(op.apiVersion).toBe(v2025);
    expect(pollingHeaders(first), operationId).toEqual(expectedPolling(op));
    for (const header of pollingHeaders(first))
      expect(String(first.headers[header]), operationId).toMatch(/\?api-version=2025-03-01-preview$/);
    return final;
  };
  await call("AgentPools_Create", { location: "westus", properties: { count: 1 } });
  await call("AgentPools_Get");
  expect((await call("AgentPools_Update", { properties: { count: 2 } })).body.properties).toMatchObject({
    count: 2,
    provisioningState: "Succeeded",
  });
  await call("AgentPools_List");
  await call("AgentPools_GetQueueStatus");
  const created = await call("Tasks_Create", task);
  expect(created.body.properties.provisioningState).toBe("Succeeded");
  await call("Tasks_Get");
  await call("Tasks_GetDetails");
  await call("Tasks_Update", { properties: { timeout: 600 } });
  await call("Tasks_List");
  await call("Registries_GetBuildSourceUploadUrl");
  const run = await call("Registries_ScheduleRun", {
    ...untilCanceled(),
    credentials: { sourceRegistry: { identity: "[system]" } },
  });
  names.runId = run.body.name;
  await call("Runs_Get");
  await call("Runs_List");
  await call("Runs_Update", { isArchiveEnabled: true });
  await call("Runs_GetLogSasUrl");
  await call("Runs_Cancel");
  expect((await getRun(fast, registry, names.runId)).properties.status).toBe("Canceled");
  await call("TaskRuns_Create", {
    properties: { runRequest: { type: "TaskRunRequest", taskId: created.body.id }, forceUpdateTag: "1" },
  });
  await call("TaskRuns_Get");
  await call("TaskRuns_GetDetails");
  await call("TaskRuns_Update", { properties: { forceUpdateTag: "2" } });
  await call("TaskRuns_List");
  for (const operationId of ["TaskRuns_Delete", "Tasks_Delete", "AgentPools_Delete"]) await call(operationId);
  expect((await send(fast, "GET", url("/agentPools/pool25"))).status).toBe(404);
  expect(caller.operationIds.filter((operationId) => !caller.called.has(operationId))).toEqual([]);
  expect(caller.called.size).toBe(25);
});

describe("answered at once at 2025-03-01-preview", () => {
  test("Runs_Cancel: 200 with no body and no polling header, and the run is Canceled when it comes back (2019: 202 polled)", async () => {
    const run = (await send(fast, "POST", url("/scheduleRun"), { body: untilCanceled() })).body;
    await waitFor(async () => (await getRun(fast, registry, run.name)).properties.status === "Running");
    const canceled = await send(fast, "POST", url(`/runs/${run.name}/cancel`));
    expect(canceled.status).toBe(200);
    expect(canceled.text).toBe("");
    expect(pollingHeaders(canceled)).toEqual([]);
    expect((await getRun(fast, registry, run.name)).properties).toMatchObject({
      status: "Canceled",
      finishTime: expect.any(String),
    });

    const other = (await send(fast, "POST", url("/scheduleRun", build), { body: untilCanceled() })).body;
    const at2019 = await send(fast, "POST", url(`/runs/${other.name}/cancel`, build));
    expect(at2019.status).toBe(202);
    expect(pollingHeaders(at2019)).toEqual(["azure-asyncoperation", "location"]);
  });

  test("Runs_Cancel of a run that has ended: 200, and it stays as it ended", async () => {
    const run = (await send(fast, "POST", url("/scheduleRun"), { body: quickRun })).body;
    await waitFor(async () => (await getRun(fast, registry, run.name)).properties.status === "Succeeded");
    expect((await send(fast, "POST", url(`/runs/${run.name}/cancel`))).status).toBe(200);
    expect((await getRun(fast, registry, run.name)).properties.status).toBe("Succeeded");
  });

  test("Registries_ScheduleRun: 200 with the queued run, even while operations last half an hour", async () => {
    const scheduled = await send(slow, "POST", url("/scheduleRun"), { body: quickRun });
    expect(scheduled.status).toBe(200);
    expect(pollingHeaders(scheduled)).toEqual([]);
    expect(scheduled.body.properties.status).toBe("Queued");
  });

  test("Tasks_Create, replacing it, Tasks_Update, Runs_Update: 200 with the finished result on a slow emulator", async () => {
    for (const [method, path, body] of [
      ["PUT", "/tasks/slowtask", task],
      ["PUT", "/tasks/slowtask", { ...task, tags: { a: "b" } }],
      ["PATCH", "/tasks/slowtask", { properties: { timeout: 900 } }],
    ] as const) {
      const answered = await send(slow, method, url(path), { body });
      expect(answered.status, `${method} ${path}`).toBe(200);
      expect(pollingHeaders(answered)).toEqual([]);
      expect(answered.body.properties.provisioningState).toBe("Succeeded");
    }
    const run = (await send(slow, "POST", url("/scheduleRun"), { body: quickRun })).body;
    const updated = await send(slow, "PATCH", url(`/runs/${run.name}`), { body: { isArchiveEnabled: true } });
    expect([updated.status, pollingHeaders(updated), updated.body.properties.isArchiveEnabled]).toEqual([
      200,
      [],
      true,
    ]);
  });

  test("Tasks_Delete and TaskRuns_Delete: 200 and gone at once; 204 for one that does not exist", async () => {
    await send(slow, "PUT", url("/tasks/gonetask"), { body: task });
    await send(fast, "PUT", url("/taskRuns/gonetaskrun"), { body: { properties: { runRequest: quickRun } } });
    await waitFor(
      async () =>
        (await send(fast, "GET", url("/taskRuns/gonetaskrun"))).body.properties.provisioningState === "Succeeded",
    );
    for (const [emulator, path] of [
      [slow, "/tasks/gonetask"],
      [fast, "/taskRuns/gonetaskrun"],
    ] as const) {
      const deleted = await send(emulator, "DELETE", url(path));
      expect([deleted.status, pollingHeaders(deleted)], path).toEqual([200, []]);
      expect((await send(emulator, "GET", url(path))).status).toBe(404);
      expect((await send(emulator, "DELETE", url(path))).status).toBe(204);
    }
  });
});

describe("long-running at 2025-03-01-preview, as its final-state-via says", () => {
  test("AgentPools_Create: 201 with Azure-AsyncOperation only; the monitor says the pool is Creating", async () => {
    const created = await send(slow, "PUT", url("/agentPools/slowpool"), { body: { location: "westus" } });
    expect(created.status).toBe(201);
    expect(pollingHeaders(created)).toEqual(["azure-asyncoperation"]);
    expect(created.body.properties.provisioningState).toBe("Creating");
    const monitor = await send(slow, "GET", String(created.headers["azure-asyncoperation"]));
    expect(monitor.body).toEqual({ status: "Creating" });
    expect(Number(monitor.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });

  test("replacing an agent pool or a task run: 201 with Azure-AsyncOperation, at 2019-06-01-preview too", async () => {
    const cases = [
      [
        "/agentPools/replacedpool",
        { location: "westus" },
        { location: "westus", tags: { a: "b" } },
        { tags: { a: "b" } },
      ],
      [
        "/taskRuns/replacedrun",
        { properties: { runRequest: quickRun } },
        { properties: { runRequest: quickRun, forceUpdateTag: "2" } },
        { properties: { forceUpdateTag: "2" } },
      ],
    ] as const;
    for (const [path, body, changed, expected] of cases) {
      await send(fast, "PUT", url(path), { body });
      await waitFor(async () => (await send(fast, "GET", url(path))).body.properties.provisioningState === "Succeeded");
      const replaced = await send(fast, "PUT", url(path), { body: changed });
      expect([replaced.status, pollingHeaders(replaced), replaced.body.properties.provisioningState], path).toEqual([
        201,
        ["azure-asyncoperation"],
        "Updating",
      ]);
      await waitFor(
        async () =>
          (await send(fast, "GET", String(replaced.headers["azure-asyncoperation"]))).body.status === "Succeeded",
      );
      expect((await send(fast, "GET", url(path))).body, path).toMatchObject({
        ...expected,
        properties: { ...("properties" in expected ? expected.properties : {}), provisioningState: "Succeeded" },
      });
      const at2019 = await send(fast, "PUT", url(path, build), { body: changed });
      expect([at2019.status, pollingHeaders(at2019), at2019.body.properties.provisioningState], path).toEqual([
        201,
        ["azure-asyncoperation"],
        "Updating",
      ]);
    }
  });

  test("AgentPools_Update and TaskRuns_Update: 201 with Azure-AsyncOperation only, at both versions", async () => {
    const cases = [
      ["/agentPools/patchedpool", { location: "westus" }],
      ["/taskRuns/patchedrun", { properties: { runRequest: quickRun } }],
    ] as const;
    for (const [path, body] of cases) {
      await send(fast, "PUT", url(path), { body });
      for (const [version, headers] of [
        [v2025, ["azure-asyncoperation"]],
        [build, ["azure-asyncoperation"]],
      ] as const) {
        await waitFor(
          async () => (await send(fast, "GET", url(path))).body.properties.provisioningState === "Succeeded",
        );
        const patched = await send(fast, "PATCH", url(path, version), { body: { tags: { c: "d" } } });
        expect([patched.status, pollingHeaders(patched)], `${path} at ${version}`).toEqual([201, headers]);
      }
    }
  });

  test("AgentPools_Delete: 202 with the pool Deleting and Location only, 202 until done, then 200 `{status: Succeeded}`; 204 for a pool that does not exist", async () => {
    await send(fast, "PUT", url("/agentPools/gonepool"), { body: { location: "westus" } });
    await waitFor(
      async () =>
        (await send(fast, "GET", url("/agentPools/gonepool"))).body.properties.provisioningState === "Succeeded",
    );
    const deleted = await send(fast, "DELETE", url("/agentPools/gonepool"));
    expect([deleted.status, pollingHeaders(deleted), deleted.body.properties.provisioningState]).toEqual([
      202,
      ["location"],
      "Deleting",
    ]);
    const location = String(deleted.headers["location"]);
    expect(location).toMatch(/\/operationResults\/.+\?api-version=2025-03-01-preview$/);
    let done = await send(fast, "GET", location);
    await waitFor(async () => (done = await send(fast, "GET", location)).status !== 202);
    expect([done.status, done.body]).toEqual([200, { status: "Succeeded" }]);
    expect((await send(fast, "GET", url("/agentPools/gonepool"))).status).toBe(404);
    expect((await send(fast, "DELETE", url("/agentPools/gonepool"))).status).toBe(204);
  });
});

describe("requests checked against the 2025-03-01-preview schemas", () => {
  const withIdentity = (identity: unknown) => ({ ...quickRun, credentials: { sourceRegistry: { identity } } });

  test("SourceRegistryCredentials.identity is a string there: another type is 400 naming it; at 2019 it is not declared, so not checked", async () => {
    const refused = await send(fast, "POST", url("/scheduleRun"), { body: withIdentity(42) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: "InvalidRequestContent",
      target: "runRequest.credentials.sourceRegistry.identity",
    });
    expect(refused.body.error.message).toContain("must be a string");
    expect((await send(fast, "POST", url("/scheduleRun", build), { body: withIdentity(42) })).status).toBe(200);
  });

  test("a task's source registry identity is kept and returned", async () => {
    const body = {
      ...task,
      properties: { ...task.properties, credentials: { sourceRegistry: { identity: "[system]" } } },
    };
    const created = await send(fast, "PUT", url("/tasks/identitytask"), { body });
    expect(created.status).toBe(200);
    expect((await send(fast, "GET", url("/tasks/identitytask"))).body.properties.credentials.sourceRegistry).toEqual({
      identity: "[system]",
    });
  });
});

describe("errors", () => {
  const errorFields = (apiVersion: string) => {
    const schemas = (apiVersion === v2025 ? feed2025 : feed2019).schemas;
    const detail = apiVersion === v2025 ? schemas["ErrorDetailSchema"]! : schemas["ErrorResponseBodySchema"]!;
    return Object.keys(detail.properties);
  };

  test.each([v2025, build])(
    "at %s an error is { error: { code, message, target? } }: the feed's ErrorResponse, common-types v6 at 2025",
    async (apiVersion) => {
      // On the slow emulator the pool stays Creating, so deleting it conflicts.
      const pool = `/agentPools/busypool${apiVersion.slice(0, 4)}`;
      await send(slow, "PUT", url(pool, apiVersion), { body: { location: "westus" } });
      const errors = [
        await send(slow, "GET", url("/tasks/notask", apiVersion)),
        await send(slow, "POST", url("/scheduleRun", apiVersion), { body: { type: "EncodedTaskRunRequest" } }),
        await send(slow, "DELETE", url(pool, apiVersion)),
        await send(slow, "POST", url("/runs/norun/cancel", apiVersion)),
      ];
      expect(errors.map((e) => e.status)).toEqual([404, 400, 409, 404]);
      for (const error of errors) {
        expect(Object.keys(error.body)).toEqual(["error"]);
        expect(error.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
        for (const field of Object.keys(error.body.error)) expect(errorFields(apiVersion), error.text).toContain(field);
      }
    },
  );

  test("the 2025 error model is common-types v6 (details an array of errors, additionalInfo), a superset of what the emulator sends", () => {
    expect(errorFields(v2025).sort()).toEqual(["additionalInfo", "code", "details", "message", "target"]);
    for (const field of ["code", "message", "target"]) expect(errorFields(build)).toContain(field);
  });
});
