// The `tasksApiVersion` option: the 25 tasks operations at 2019-06-01-preview (the default) or
// 2025-03-01-preview, through the same methods. At 2025 a method that is long-running at 2019 but not
// there still returns a poller, done with the first response; pollers resume at the version they were
// started at; refusals in the common-types v6 error shape are RestErrors; bodies are checked against the
// selected version's schemas.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { alternativeFeeds, feeds } from "../../src/generated/catalog.js";
import type { OperationSpec } from "../../src/generated/runtime.js";
import {
  ContainerRegistryTasksClient,
  createOperationContext,
  RestError,
  restorePoller,
  RunsOperations,
  type ArmRestError,
  type Task,
  type TasksApiVersion,
  ValidationError,
} from "../../src/index.js";
import {
  ARM,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  SUBSCRIPTION,
  fakeCredential,
  makeClient,
  scripted,
  type ScriptedReply,
  setupNock,
  teardownNock,
} from "./_support/client.js";

const V2019 = "2019-06-01-preview";
const V2025 = "2025-03-01-preview";
const now = { "retry-after": "0" };
const MONITOR_URL = `${ARM}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerRegistry/locations/eastus/operationStatuses/op1?api-version=${V2019}`;

beforeEach(setupNock);
afterEach(teardownNock);

/** Path arguments that every path pattern accepts. */
const PATH_VALUES: Record<string, string> = {
  resourceGroupName: RG,
  registryName: REGISTRY,
  runId: "cb1",
  taskName: "mytask",
  taskRunName: "mytaskrun",
  agentPoolName: "mypool",
};

const encodedTask = "c3RlcHM6IFtdCg==";
/** A valid body for each tasks operation that takes one. */
const BODIES: Record<string, unknown> = {
  AgentPools_Create: { location: "eastus", properties: { count: 1, os: "Linux" } },
  AgentPools_Update: { properties: { count: 2 } },
  Registries_ScheduleRun: { type: "EncodedTaskRunRequest", encodedTaskContent: encodedTask, platform: { os: "Linux" } },
  Runs_Update: { isArchiveEnabled: true },
  TaskRuns_Create: {
    location: "eastus",
    properties: {
      runRequest: { type: "EncodedTaskRunRequest", encodedTaskContent: encodedTask, platform: { os: "Linux" } },
    },
  },
  TaskRuns_Update: { properties: { forceUpdateTag: "again" } },
  Tasks_Create: {
    location: "eastus",
    properties: { platform: { os: "Linux" }, step: { type: "EncodedTask", encodedTaskContent: encodedTask } },
  },
  Tasks_Update: { properties: { status: "Disabled" } },
};

/** The answer that ends a call at once at either version: the first success status the spec declares. */
function immediateReply(spec: OperationSpec): ScriptedReply {
  const status = ["200", "204"].find((code) => spec.responses[code]) ?? Object.keys(spec.responses)[0]!;
  return {
    status: Number(status),
    body: spec.paging
      ? { value: [] }
      : status === "204" || !spec.responses[status]!.bodyType
        ? undefined
        : { name: "x" },
  };
}

/** Calls the client method of a spec with valid arguments and waits for its result. */
async function call(client: ContainerRegistryTasksClient, spec: OperationSpec): Promise<void> {
  const [group, name] = spec.operationId.split("_") as [string, string];
  const target = (client as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
    group.charAt(0).toLowerCase() + group.slice(1)
  ]!;
  const method = target[name.charAt(0).toLowerCase() + name.slice(1)]!;
  const args: unknown[] = spec.pathParameters.map((p) => PATH_VALUES[p.name]);
  if (spec.body) args.push(BODIES[spec.operationId]);
  const result = method.call(target, ...args, { updateIntervalInMs: 60_000 });
  if (spec.paging) for await (const _ of result as AsyncIterable<unknown>) void _;
  else await result;
}

const tasksSpecs = feeds.find((f) => f.apiVersion === V2019)!.operations;
const specAt = (version: TasksApiVersion, operationId: string): OperationSpec =>
  [...feeds, ...alternativeFeeds]
    .find((f) => f.apiVersion === version)!
    .operations.find((o) => o.operationId === operationId)!;

describe.each([V2019, V2025] as const)("with tasksApiVersion %s", (version) => {
  test.each(tasksSpecs.map((s) => [s.operationId, s] as const))(
    "%s is sent at that api-version, in one request when answered at once",
    async (_id, spec) => {
      const client = makeClient({ tasksApiVersion: version });
      const { requests, remaining } = scripted(ARM, [immediateReply(specAt(version, spec.operationId))]);
      await call(client, spec);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.method).toBe(spec.method);
      expect(requests[0]!.query["api-version"]).toBe(version);
      expect(remaining()).toBe(0);
    },
  );

  test("the operations outside the tasks feed keep 2021-08-01-preview", async () => {
    const client = makeClient({ tasksApiVersion: version });
    const { requests } = scripted(ARM, [
      { status: 200, body: { name: REGISTRY } },
      { status: 200, body: { name: "pipelinerun1" } },
    ]);
    await client.registries.get(RG, REGISTRY);
    await client.pipelineRuns.get(RG, REGISTRY, "pipelinerun1");
    expect(requests.map((r) => r.query["api-version"])).toEqual(["2021-08-01-preview", "2021-08-01-preview"]);
  });
});

test("the option defaults to 2019-06-01-preview and is shown by the client and the context", () => {
  expect(makeClient().tasksApiVersion).toBe(V2019);
  expect(makeClient({ tasksApiVersion: V2025 }).tasksApiVersion).toBe(V2025);
  expect(createOperationContext(fakeCredential(), SUBSCRIPTION, { tasksApiVersion: V2025 }).tasksApiVersion).toBe(
    V2025,
  );
});

test("an unknown tasksApiVersion is refused by the client and by createOperationContext, naming the option", () => {
  const bad = { tasksApiVersion: "2021-08-01-preview" as TasksApiVersion };
  for (const build of [() => makeClient(bad), () => createOperationContext(fakeCredential(), SUBSCRIPTION, bad)]) {
    expect(build).toThrow(ValidationError);
    expect(build).toThrow("tasksApiVersion must be one of 2019-06-01-preview, 2025-03-01-preview");
  }
});

test("a group built over createOperationContext sends at the context's tasksApiVersion", async () => {
  const { requests } = scripted(ARM, [
    { status: 200, body: { name: "cb1", properties: { runId: "cb1", createTime: "2026-01-02T03:04:05Z" } } },
  ]);
  const runs = new RunsOperations(createOperationContext(fakeCredential(), SUBSCRIPTION, { tasksApiVersion: V2025 }));
  const run = await runs.get(RG, REGISTRY, "cb1");
  expect(run.properties?.createTime).toEqual(new Date("2026-01-02T03:04:05Z"));
  expect(requests[0]!.uri).toBe(`${REGISTRY_PATH}/runs/cb1?api-version=${V2025}`);
});

test("the catalog's 2025 feed has exactly the 2019 feed's operations, seven of them no longer long-running", () => {
  const v2025 = alternativeFeeds.find((f) => f.apiVersion === V2025)!;
  expect(v2025.operations.map((o) => o.operationId).sort()).toEqual(tasksSpecs.map((o) => o.operationId).sort());
  const synchronousNow = tasksSpecs
    .filter((o) => o.lro && !v2025.operations.find((n) => n.operationId === o.operationId)!.lro)
    .map((o) => o.operationId);
  expect(synchronousNow.sort()).toEqual([
    "Registries_ScheduleRun",
    "Runs_Cancel",
    "Runs_Update",
    "TaskRuns_Delete",
    "Tasks_Create",
    "Tasks_Delete",
    "Tasks_Update",
  ]);
});

describe("a method long-running at 2019-06-01-preview but not at 2025-03-01-preview", () => {
  const pollingHeaders = { "azure-asyncoperation": MONITOR_URL, location: MONITOR_URL, ...now };

  test("returns a poller that is done with the first response, polling headers or not", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    const { requests, remaining } = scripted(ARM, [{ status: 200, headers: pollingHeaders }]);
    const poller = client.runs.cancel(RG, REGISTRY, "cb1");
    await poller.submitted();
    expect(poller.isDone).toBe(true);
    expect(poller.operationState).toEqual({ status: "succeeded", result: undefined });
    expect(await poller.poll()).toEqual({ status: "succeeded", result: undefined });
    await expect(poller.pollUntilDone()).resolves.toBeUndefined();
    await expect(poller).resolves.toBeUndefined();
    expect(requests.map((r) => `${r.method} ${r.uri}`)).toEqual([
      `POST ${REGISTRY_PATH}/runs/cb1/cancel?api-version=${V2025}`,
    ]);
    expect(remaining()).toBe(0);
  });

  test("polls at 2019-06-01-preview, where the same answer starts an operation", async () => {
    const client = makeClient();
    const { requests } = scripted(ARM, [
      { status: 200, headers: pollingHeaders },
      { status: 200, body: { status: "Succeeded" } },
      { status: 200 },
    ]);
    await client.runs.cancel(RG, REGISTRY, "cb1", { updateIntervalInMs: 1 });
    expect(requests.map((r) => r.method)).toEqual(["POST", "GET", "GET"]);
  });

  test("resolves to the body of the first answer, dates converted, even while it says Creating", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    const body = {
      name: "mytask",
      properties: { provisioningState: "Creating", creationDate: "2025-04-01T10:00:00Z" },
    };
    const { requests } = scripted(ARM, [{ status: 201, body, headers: pollingHeaders }]);
    const task = await client.tasks.create(RG, REGISTRY, "mytask", BODIES.Tasks_Create as Task);
    expect(task.properties?.creationDate).toEqual(new Date("2025-04-01T10:00:00Z"));
    expect(task.properties?.provisioningState).toBe("Creating");
    expect(requests).toHaveLength(1);
  });

  test("the begin aliases: beginX resolves to a finished poller, beginXAndWait to the result", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    scripted(ARM, [
      { status: 200, body: { name: "cb9", properties: { runId: "cb9", status: "Queued" } } },
      { status: 204 },
    ]);
    const poller = await client.registries.beginScheduleRun(RG, REGISTRY, BODIES.Registries_ScheduleRun as never);
    expect(poller.isDone).toBe(true);
    expect(poller.result?.properties?.runId).toBe("cb9");
    await expect(client.tasks.beginDeleteAndWait(RG, REGISTRY, "mytask")).resolves.toBeUndefined();
  });

  test("a refused call rejects the poller with the RestError, and nothing more is sent", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    const { requests } = scripted(ARM, [
      { status: 409, body: { error: { code: "RunNotCancelable", message: "The run has ended." } } },
    ]);
    const poller = client.runs.cancel(RG, REGISTRY, "cb1");
    await expect(poller).rejects.toMatchObject({ name: "RestError", code: "RunNotCancelable", statusCode: 409 });
    await expect(poller.submitted()).rejects.toBeInstanceOf(RestError);
    expect(poller.isDone).toBe(false);
    expect(requests).toHaveLength(1);
  });

  test("an answer the 2025 feed does not declare (202 to scheduleRun) is a RestError, not a poll", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    const { requests } = scripted(ARM, [{ status: 202, headers: pollingHeaders }]);
    await expect(
      client.registries.scheduleRun(RG, REGISTRY, BODIES.Registries_ScheduleRun as never),
    ).rejects.toMatchObject({ statusCode: 202 });
    expect(requests).toHaveLength(1);
  });
});

describe("serialize and restorePoller across api-versions", () => {
  const taskBody = {
    name: "mytask",
    properties: { provisioningState: "Succeeded", creationDate: "2025-04-01T10:00:00Z" },
  };

  test("a finished 2025 poller serializes its result and api-version; restoring it sends nothing, on a client of either version", async () => {
    const first = makeClient({ tasksApiVersion: V2025 });
    scripted(ARM, [{ status: 200, body: taskBody }]);
    const state = await first.tasks.create(RG, REGISTRY, "mytask", BODIES.Tasks_Create as Task).serialize();
    expect(JSON.parse(state)).toMatchObject({
      operationId: "Tasks_Create",
      apiVersion: V2025,
      state: { status: "succeeded" },
    });
    const { requests } = scripted(ARM, []);
    for (const client of [makeClient({ tasksApiVersion: V2025 }), makeClient()]) {
      const restored = restorePoller<Task>(client, state, client.tasks.create);
      expect(restored.isDone).toBe(true);
      const task = await restored;
      expect(task.properties?.creationDate).toEqual(new Date("2025-04-01T10:00:00Z"));
    }
    expect(requests).toEqual([]);
  });

  test("a 2019 poller still running resumes at 2019 on a 2025 client: it polls the monitor it was given", async () => {
    const first = makeClient();
    scripted(ARM, [{ status: 202, headers: { "azure-asyncoperation": MONITOR_URL, ...now } }]);
    const poller = first.runs.cancel(RG, REGISTRY, "cb1");
    await poller.submitted();
    const state = await poller.serialize();
    expect(JSON.parse(state)).toMatchObject({ operationId: "Runs_Cancel", apiVersion: V2019 });
    const second = makeClient({ tasksApiVersion: V2025 });
    const { requests } = scripted(ARM, [{ status: 200, body: { status: "Succeeded" } }]);
    await restorePoller(second, state, second.runs.cancel, { updateIntervalInMs: 1 });
    expect(requests.map((r) => `${r.method} ${r.query["api-version"]}`)).toEqual([`GET ${V2019}`]);
  });

  test("a state without an api-version (serialized before the option existed) resumes at 2019-06-01-preview", async () => {
    const state = JSON.stringify({
      operationId: "Runs_Cancel",
      state: { status: "running", config: { metadata: { mode: "OperationLocation" }, operationLocation: MONITOR_URL } },
    });
    const client = makeClient({ tasksApiVersion: V2025 });
    const { requests } = scripted(ARM, [{ status: 200, body: { status: "Succeeded" } }]);
    await restorePoller(client, state, client.runs.cancel, { updateIntervalInMs: 1 });
    expect(requests.map((r) => r.method)).toEqual(["GET"]);
  });

  test("a state of an unknown api-version, or a running one for an operation answered at once, is refused", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    const unknown = JSON.stringify({
      operationId: "Tasks_Create",
      apiVersion: "2030-01-01",
      state: { status: "succeeded" },
    });
    const refusal = (state: string, method: unknown = client.tasks.create) => {
      try {
        restorePoller(client, state, method as typeof client.tasks.create);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refusal(unknown)).toMatchObject({
      code: "InvalidPollerState",
      message: expect.stringContaining("api-version 2030-01-01"),
    });
    expect(
      refusal(JSON.stringify({ operationId: "Tasks_Create", apiVersion: V2025, state: { status: "running" } })),
    ).toMatchObject({
      code: "InvalidPollerState",
      message: "Tasks_Create: the serialized poller is not a finished Tasks_Create at api-version 2025-03-01-preview",
    });
    expect(
      refusal(JSON.stringify({ operationId: "Runs_Cancel", apiVersion: V2025, state: { status: "succeeded" } })),
    ).toMatchObject({ code: "InvalidPollerState" });
    // The same unknown version on an operation that is long-running at both versions.
    expect(
      refusal(
        JSON.stringify({ operationId: "TaskRuns_Create", apiVersion: "2030-01-01", state: { status: "running" } }),
        client.taskRuns.create,
      ),
    ).toMatchObject({
      code: "InvalidPollerState",
    });
  });
});

describe("errors and validation at 2025-03-01-preview", () => {
  test("a common-types v6 ErrorResponse is a RestError with the ARM code, message, target and details", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    scripted(ARM, [
      {
        status: 400,
        headers: { "x-ms-request-id": "req-25" },
        body: {
          error: {
            code: "InvalidParameter",
            message: "The task step is invalid.",
            target: "properties.step",
            details: [{ code: "InvalidYaml", message: "line 3", target: "encodedTaskContent" }],
            additionalInfo: [{ type: "PolicyViolation", info: { policy: "p1" } }],
          },
        },
      },
    ]);
    const error = (await client.tasks.get(RG, REGISTRY, "mytask").catch((e: unknown) => e)) as ArmRestError;
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({
      code: "InvalidParameter",
      statusCode: 400,
      target: "properties.step",
      requestId: "req-25",
    });
    expect(error.details).toEqual([{ code: "InvalidYaml", message: "line 3", target: "encodedTaskContent" }]);
    expect(error.message).toBe(
      "Tasks_Get failed with HTTP 400 InvalidParameter: The task step is invalid. (request id req-25)",
    );
  });

  test("an ErrorResponse whose fields are all absent (v6 makes them optional) still names the status", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    scripted(ARM, [{ status: 404, body: { error: {} } }]);
    await expect(client.runs.get(RG, REGISTRY, "cb1")).rejects.toMatchObject({ code: "NotFound", statusCode: 404 });
  });

  test("SourceRegistryCredentials.identity is checked against the 2025 schema before anything is sent", async () => {
    const client = makeClient({ tasksApiVersion: V2025 });
    const { requests } = scripted(ARM, [{ status: 200, body: { name: "mytask" } }]);
    const withIdentity = (identity: unknown) =>
      ({
        ...(BODIES.Tasks_Create as Task),
        properties: { ...(BODIES.Tasks_Create as Task).properties!, credentials: { sourceRegistry: { identity } } },
      }) as Task;
    await expect(client.tasks.create(RG, REGISTRY, "mytask", withIdentity(42))).rejects.toMatchObject({
      name: "ValidationError",
      parameter: "taskCreateParameters.properties.credentials.sourceRegistry.identity",
      rule: "must be a string",
    });
    expect(requests).toEqual([]);
    await client.tasks.create(RG, REGISTRY, "mytask", withIdentity("[system]"));
    expect(requests[0]!.body).toMatchObject({
      properties: { credentials: { sourceRegistry: { identity: "[system]" } } },
    });
  });

  test("what both versions require is refused by both", async () => {
    for (const tasksApiVersion of [V2019, V2025] as const) {
      const client = makeClient({ tasksApiVersion });
      await expect(
        client.registries.scheduleRun(RG, REGISTRY, {
          type: "EncodedTaskRunRequest",
          platform: { os: "Linux" },
        } as never),
      ).rejects.toMatchObject({
        name: "ValidationError",
        parameter: "runRequest.encodedTaskContent",
      });
    }
  });
});
