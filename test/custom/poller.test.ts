// Long-running operations through the public client: the awaitable poller and its methods,
// serialize/restorePoller across client instances, Retry-After (0 included) and retry-after-ms, the three ARM polling
// flows, 202-then-result POSTs, DELETE, cancellation, failures, and the begin* compatibility methods.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { OperationState } from "@azure/core-lro";
import { RestError, ValidationError, restorePoller, type Run, type TaskRun } from "../../src/index.js";
import {
  ARM,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  SUBSCRIPTION,
  makeClient,
  scripted,
  type ScriptedReply,
  setupNock,
  teardownNock,
} from "./_support/client.js";

const API = "2019-06-01-preview";
const TASK_RUN_PATH = `${REGISTRY_PATH}/taskRuns/myTaskRun`;
const MONITOR = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerRegistry/locations/eastus/operationStatuses/op1`;
const MONITOR_URL = `${ARM}${MONITOR}?api-version=${API}`;
const RESULT = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerRegistry/locations/eastus/operationResults/op1`;
const RESULT_URL = `${ARM}${RESULT}?api-version=${API}`;

const taskRunInput: TaskRun = {
  location: "eastus",
  properties: { runRequest: { type: "TaskRunRequest", taskId: `${REGISTRY_PATH}/tasks/myTask` } },
};
function taskRunBody(state: string): Record<string, unknown> {
  return {
    id: TASK_RUN_PATH,
    name: "myTaskRun",
    type: "Microsoft.ContainerRegistry/registries/taskRuns",
    location: "eastus",
    properties: {
      provisioningState: state,
      runRequest: { type: "TaskRunRequest", taskId: `${REGISTRY_PATH}/tasks/myTask` },
      runResult: { name: "cf1", properties: { runId: "cf1", status: "Succeeded", createTime: "2024-05-06T07:08:09Z" } },
    },
  };
}
const runBody = {
  id: `${REGISTRY_PATH}/runs/cf2`,
  name: "cf2",
  properties: { runId: "cf2", status: "Queued", createTime: "2024-05-06T07:08:09Z" },
};
const now = { "retry-after": "0" };

/** The Azure-AsyncOperation flow for a PUT: 201, InProgress, Succeeded, final GET of the resource. */
function asyncOperationFlow(initialHeaders: Record<string, string> = now): ScriptedReply[] {
  return [
    { status: 201, body: taskRunBody("Creating"), headers: { "azure-asyncoperation": MONITOR_URL, ...initialHeaders } },
    { status: 200, body: { status: "InProgress" }, headers: now },
    { status: 200, body: { status: "Succeeded" }, headers: now },
    { status: 200, body: taskRunBody("Succeeded") },
  ];
}

function expectTaskRun(result: TaskRun | undefined): void {
  expect(result?.properties?.provisioningState).toBe("Succeeded");
  expect(result?.properties?.runResult?.properties?.createTime).toEqual(new Date("2024-05-06T07:08:09Z"));
}

beforeEach(setupNock);
afterEach(() => {
  vi.useRealTimers();
  teardownNock();
});

describe("the awaitable poller", () => {
  test("awaiting the poller resolves to the final resource (dates converted)", async () => {
    const { requests, remaining } = scripted(ARM, asyncOperationFlow());
    const result = await makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
    });
    expectTaskRun(result);
    expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      `PUT ${TASK_RUN_PATH}`,
      `GET ${MONITOR}`,
      `GET ${MONITOR}`,
      `GET ${TASK_RUN_PATH}`,
    ]);
    expect(requests[0].body).toEqual(taskRunInput);
    expect(remaining()).toBe(0);
  });

  test("submitted, poll, onProgress, isDone, operationState, pollUntilDone and result", async () => {
    scripted(ARM, asyncOperationFlow());
    const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
    });
    const seen: string[] = [];
    const stop = poller.onProgress((state) => seen.push(state.status));
    await poller.submitted();
    expect(poller.isDone).toBe(false);
    expect(poller.operationState?.status).toBe("running");
    const state = await poller.poll();
    expect((state as OperationState<TaskRun>).status).toBe("running");
    expect(seen).toEqual(["running"]);
    const result = await poller.pollUntilDone();
    expectTaskRun(result);
    expect(poller.isDone).toBe(true);
    expect(poller.operationState?.status).toBe("succeeded");
    expect(poller.result).toBe(result);
    expect(seen).toEqual(["running", "succeeded"]);
    stop();
    // awaiting a finished poller again gives the same result without new requests
    expectTaskRun(await poller);
  });

  test("beginCreate resolves to a poller that is not thenable; beginCreateAndWait resolves to the result", async () => {
    scripted(ARM, asyncOperationFlow());
    const poller = await makeClient().taskRuns.beginCreate(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
    });
    expect("then" in poller).toBe(false);
    expect(typeof (poller as { then?: unknown }).then).toBe("undefined");
    expect(poller.operationState?.status).toBe("running"); // the initial request has completed
    expectTaskRun(await poller.pollUntilDone());

    scripted(ARM, asyncOperationFlow());
    const result = await makeClient().taskRuns.beginCreateAndWait(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
    });
    expectTaskRun(result);
  });
});

describe("polling flows", () => {
  test("Azure-AsyncOperation for a POST: the final result comes from Location", async () => {
    const { requests } = scripted(ARM, [
      { status: 202, headers: { "azure-asyncoperation": MONITOR_URL, location: RESULT_URL, ...now } },
      { status: 200, body: { status: "Running" }, headers: now },
      { status: 200, body: { status: "Succeeded" } },
      { status: 200, body: runBody },
    ]);
    const run = await makeClient().registries.scheduleRun(
      RG,
      REGISTRY,
      { type: "TaskRunRequest", taskId: "t" },
      { updateIntervalInMs: 60_000 },
    );
    expect(run.properties?.createTime).toEqual(new Date("2024-05-06T07:08:09Z"));
    expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      `POST ${REGISTRY_PATH}/scheduleRun`,
      `GET ${MONITOR}`,
      `GET ${MONITOR}`,
      `GET ${RESULT}`,
    ]);
  });

  test("Location: 202 then the result (registries.scheduleRun returns the Run)", async () => {
    const { requests } = scripted(ARM, [
      { status: 202, headers: { location: RESULT_URL, ...now } },
      { status: 202, headers: { location: RESULT_URL, ...now } },
      { status: 200, body: runBody },
    ]);
    const run: Run = await makeClient().registries.scheduleRun(
      RG,
      REGISTRY,
      { type: "TaskRunRequest", taskId: "t" },
      { updateIntervalInMs: 60_000 },
    );
    expect(run.name).toBe("cf2");
    expect(run.properties?.createTime).toEqual(new Date("2024-05-06T07:08:09Z"));
    expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      `POST ${REGISTRY_PATH}/scheduleRun`,
      `GET ${RESULT}`,
      `GET ${RESULT}`,
    ]);
  });

  test("a POST answered 200 at once completes without polling", async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: runBody }]);
    const run = await makeClient().registries.scheduleRun(
      RG,
      REGISTRY,
      { type: "TaskRunRequest", taskId: "t" },
      { updateIntervalInMs: 60_000 },
    );
    expect(run.name).toBe("cf2");
    expect(requests).toHaveLength(1);
  });

  test("provisioningState on the body (PUT without polling headers)", async () => {
    const { requests } = scripted(ARM, [
      { status: 201, body: taskRunBody("Creating"), headers: now },
      { status: 200, body: taskRunBody("Updating"), headers: now },
      { status: 200, body: taskRunBody("Succeeded") },
    ]);
    expectTaskRun(
      await makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, { updateIntervalInMs: 60_000 }),
    );
    expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      `PUT ${TASK_RUN_PATH}`,
      `GET ${TASK_RUN_PATH}`,
      `GET ${TASK_RUN_PATH}`,
    ]);
    expect(requests[1].query).toEqual({ "api-version": API });
  });

  test("DELETE resolves to undefined (Location flow, 204 at the end)", async () => {
    const { requests } = scripted(ARM, [
      { status: 202, headers: { location: RESULT_URL, ...now } },
      { status: 202, headers: { location: RESULT_URL, ...now } },
      { status: 204 },
    ]);
    const result = await makeClient().taskRuns.delete(RG, REGISTRY, "myTaskRun", { updateIntervalInMs: 60_000 });
    expect(result).toBeUndefined();
    expect(requests.map((r) => r.method)).toEqual(["DELETE", "GET", "GET"]);
  });

  test("DELETE resolves to undefined (Azure-AsyncOperation flow: no final GET) and at once on 200/204", async () => {
    const { requests } = scripted(ARM, [
      { status: 202, headers: { "azure-asyncoperation": MONITOR_URL, ...now } },
      { status: 200, body: { status: "Succeeded" } },
    ]);
    expect(
      await makeClient().taskRuns.delete(RG, REGISTRY, "myTaskRun", { updateIntervalInMs: 60_000 }),
    ).toBeUndefined();
    expect(requests.map((r) => r.method)).toEqual(["DELETE", "GET"]);
    scripted(ARM, [{ status: 204 }]);
    expect(await makeClient().taskRuns.delete(RG, REGISTRY, "myTaskRun")).toBeUndefined();
    scripted(ARM, [{ status: 200 }]);
    expect(await makeClient().taskRuns.beginDeleteAndWait(RG, REGISTRY, "myTaskRun")).toBeUndefined();
  });
});

describe("Retry-After", () => {
  test("Retry-After: 0 means poll again now, even with updateIntervalInMs of a minute", async () => {
    // Without honouring the 0 the test would wait 60 s per poll and time out.
    scripted(ARM, asyncOperationFlow());
    expectTaskRun(
      await makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, { updateIntervalInMs: 60_000 }),
    );
  }, 5_000);

  test("Retry-After in seconds is waited for exactly (fake timers), overriding updateIntervalInMs", async () => {
    await expectFirstPollAfter({ "retry-after": "30" }, 1, 30_000);
  });

  test("without Retry-After, updateIntervalInMs is the delay (fake timers)", async () => {
    await expectFirstPollAfter({}, 5_000, 5_000);
  });

  // retry-after-ms and x-ms-retry-after-ms (milliseconds) come before Retry-After, as core-rest-pipeline's
  // retry policies read them. The emulator sends Retry-After of at least 1 s (Python clients read 0 as
  // "absent") with the exact scaled wait in retry-after-ms.
  test.each(["retry-after-ms", "x-ms-retry-after-ms"])("%s is waited for exactly, before Retry-After", async (name) => {
    await expectFirstPollAfter({ "retry-after": "30", [name]: "250" }, 60_000, 250);
  });

  test("a retry-after-ms that is not a number is ignored in favour of Retry-After", async () => {
    await expectFirstPollAfter({ "retry-after": "2", "retry-after-ms": "soon" }, 1, 2_000);
  });
});

/**
 * A PUT answered 201 with `headers`, then Succeeded: the poller (fake timers) must not poll before
 * `delayMs` has passed, then poll and finish with the task run.
 */
async function expectFirstPollAfter(
  headers: Record<string, string>,
  updateIntervalInMs: number,
  delayMs: number,
): Promise<void> {
  const { requests } = scripted(ARM, [
    { status: 201, body: taskRunBody("Creating"), headers: { "azure-asyncoperation": MONITOR_URL, ...headers } },
    { status: 200, body: { status: "Succeeded" } },
    { status: 200, body: taskRunBody("Succeeded") },
  ]);
  const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, { updateIntervalInMs });
  await poller.submitted();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const done = poller.pollUntilDone();
  await vi.advanceTimersByTimeAsync(delayMs - 1);
  expect(requests).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1);
  vi.useRealTimers();
  expectTaskRun(await done);
  expect(requests).toHaveLength(3);
}

describe("serialize and restorePoller", () => {
  test("a serialized poller resumes in another client instance (as in a new process)", async () => {
    scripted(ARM, [asyncOperationFlow()[0]]);
    const first = makeClient({ token: "process-1" }).taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput);
    const state = await first.serialize();
    expect(JSON.parse(state)).toMatchObject({ operationId: "TaskRuns_Create" });

    const { requests, remaining } = scripted(ARM, asyncOperationFlow().slice(1));
    const client2 = makeClient({ token: "process-2" });
    const resumed = restorePoller(client2, state, client2.taskRuns.create, { updateIntervalInMs: 0 });
    expectTaskRun(await resumed);
    expect(remaining()).toBe(0);
    expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      `GET ${MONITOR}`,
      `GET ${MONITOR}`,
      `GET ${TASK_RUN_PATH}`,
    ]);
    expect(requests.every((r) => r.headers.authorization === "Bearer process-2")).toBe(true);
  });

  test("the begin* methods identify the operation too", async () => {
    scripted(ARM, [asyncOperationFlow()[0]]);
    const state = await (await makeClient().taskRuns.beginCreate(RG, REGISTRY, "myTaskRun", taskRunInput)).serialize();
    scripted(ARM, asyncOperationFlow().slice(1));
    const client2 = makeClient();
    expectTaskRun(
      await restorePoller(client2, state, client2.taskRuns.beginCreateAndWait, {
        updateIntervalInMs: 0,
      }).pollUntilDone(),
    );
  });

  test("a finished poller restores with its result (dates still Dates)", async () => {
    scripted(ARM, asyncOperationFlow());
    const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
    });
    await poller;
    const state = await poller.serialize();
    const { requests } = scripted(ARM, []);
    const client2 = makeClient();
    const restored = restorePoller<TaskRun>(client2, state, client2.taskRuns.create);
    expect(restored.isDone).toBe(true);
    expectTaskRun(await restored);
    expect(requests).toEqual([]);
  });

  test("a state serialized from another operation is rejected", async () => {
    scripted(ARM, [{ status: 202, headers: { location: RESULT_URL } }]);
    const other = await makeClient()
      .registries.scheduleRun(RG, REGISTRY, { type: "TaskRunRequest", taskId: "t" })
      .serialize();
    const client2 = makeClient();
    expect(() => restorePoller(client2, other, client2.taskRuns.create)).toThrow(
      /belongs to Registries_ScheduleRun, not TaskRuns_Create/,
    );
    expect(() => restorePoller(client2, "not json", client2.taskRuns.create)).toThrow(RestError);
    expect(() => restorePoller(client2, "{}", client2.taskRuns.create)).toThrow(/no state/);
  });

  test("restorePoller needs a long-running method of that client", async () => {
    scripted(ARM, [asyncOperationFlow()[0]]);
    const state = await makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput).serialize();
    const client1 = makeClient();
    const client2 = makeClient();
    expect(() => restorePoller(client2, state, client2.taskRuns.get as never)).toThrow(ValidationError);
    // methods are shared by the prototype, so a method of another client names the operation just as well
    expect(() => restorePoller(client2, state, client1.taskRuns.create)).not.toThrow();
    expect(() => restorePoller({} as never, state, client2.taskRuns.create)).toThrow(ValidationError);
  });
});

describe("cancellation and failure", () => {
  test("an abortSignal aborts pollUntilDone promptly with an AbortError, and no more requests are sent", async () => {
    const { requests, remaining } = scripted(ARM, asyncOperationFlow({}));
    const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
    });
    await poller.submitted();
    const controller = new AbortController();
    const waiting = poller.pollUntilDone({ abortSignal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    expect(requests).toHaveLength(1);
    expect(remaining()).toBe(3);
  }, 5_000);

  test("an abortSignal given to the call aborts the awaited poller too", async () => {
    const { requests } = scripted(ARM, asyncOperationFlow({}));
    const controller = new AbortController();
    const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, {
      updateIntervalInMs: 60_000,
      abortSignal: controller.signal,
    });
    await poller.submitted();
    setTimeout(() => controller.abort(), 0);
    await expect(poller).rejects.toMatchObject({ name: "AbortError" });
    expect(requests).toHaveLength(1);
  }, 5_000);

  test("an already-aborted signal sends nothing", async () => {
    const { requests } = scripted(ARM, asyncOperationFlow());
    await expect(
      makeClient().taskRuns.beginCreateAndWait(RG, REGISTRY, "myTaskRun", taskRunInput, {
        abortSignal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(requests).toEqual([]);
  });

  test("a failed operation rejects with a RestError carrying the ARM code and message", async () => {
    scripted(ARM, [
      { status: 201, body: taskRunBody("Creating"), headers: { "azure-asyncoperation": MONITOR_URL, ...now } },
      {
        status: 200,
        body: { status: "Failed", error: { code: "TaskRunFailed", message: "the step 'build' exited with 1" } },
      },
    ]);
    const error = await makeClient()
      .taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, { updateIntervalInMs: 60_000 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ code: "TaskRunFailed" });
    expect((error as Error).message).toContain("the step 'build' exited with 1");
    expect((error as Error).message).toContain("TaskRuns_Create");
  });

  test("a provisioningState of Failed rejects with a RestError", async () => {
    scripted(ARM, [
      { status: 201, body: taskRunBody("Creating"), headers: now },
      { status: 200, body: taskRunBody("Failed") },
    ]);
    const error = await makeClient()
      .taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, { updateIntervalInMs: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as Error).message).toMatch(/TaskRuns_Create/);
  });

  test("a refused poll (HTTP 404 with an ARM error) rejects with that error", async () => {
    scripted(ARM, [
      { status: 202, headers: { location: RESULT_URL, ...now } },
      {
        status: 404,
        body: { error: { code: "RunNotFound", message: "run cf9 is gone" } },
        headers: { "x-ms-request-id": "req-9" },
      },
    ]);
    const error = await makeClient()
      .registries.scheduleRun(RG, REGISTRY, { type: "TaskRunRequest", taskId: "t" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ code: "RunNotFound", statusCode: 404, requestId: "req-9" });
    expect((error as Error).message).toContain("run cf9 is gone");
  });

  test("a canceled operation rejects with a RestError", async () => {
    scripted(ARM, [
      { status: 201, body: taskRunBody("Creating"), headers: { "azure-asyncoperation": MONITOR_URL, ...now } },
      { status: 200, body: { status: "Canceled" } },
    ]);
    await expect(
      makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput, { updateIntervalInMs: 60_000 }),
    ).rejects.toMatchObject({
      name: "RestError",
      code: "OperationCanceled",
    });
  });

  test("a refused initial request rejects the poller, beginX and beginXAndWait", async () => {
    const refusal: ScriptedReply = { status: 409, body: { error: { code: "Conflict", message: "busy" } } };
    scripted(ARM, [refusal]);
    await expect(makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", taskRunInput)).rejects.toMatchObject({
      code: "Conflict",
      statusCode: 409,
    });
    scripted(ARM, [refusal]);
    await expect(makeClient().taskRuns.beginCreate(RG, REGISTRY, "myTaskRun", taskRunInput)).rejects.toMatchObject({
      code: "Conflict",
    });
    scripted(ARM, [refusal]);
    await expect(
      makeClient().taskRuns.beginCreateAndWait(RG, REGISTRY, "myTaskRun", taskRunInput),
    ).rejects.toMatchObject({ code: "Conflict" });
  });

  test("a polling URL on a foreign host is refused (the token is never sent there)", async () => {
    const evil = nock("https://evil.example.com")
      .get(() => true)
      .reply(200, { status: "Succeeded" });
    scripted(ARM, [{ status: 202, headers: { "azure-asyncoperation": "https://evil.example.com/status", ...now } }]);
    await expect(
      makeClient().registries.scheduleRun(RG, REGISTRY, { type: "TaskRunRequest", taskId: "t" }),
    ).rejects.toThrow(/refusing to send the credential/);
    expect(evil.isDone()).toBe(false);
  });
});
