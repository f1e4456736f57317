// The poller's wait between polls: retry-after-ms and x-ms-retry-after-ms (milliseconds) come before
// Retry-After, as core-rest-pipeline's retry policies read them. The emulator sends Retry-After of at
// least 1 s (Python clients read 0 as "absent") with the exact scaled wait in retry-after-ms.
import nock from "nock";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import type { TaskRun } from "../../src/index.js";
import { ARM, REGISTRY, REGISTRY_PATH, RG, SUBSCRIPTION, makeClient, scripted } from "./_support/client.js";

const MONITOR_URL = `${ARM}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerRegistry/locations/eastus/operationStatuses/op1?api-version=2019-06-01-preview`;
const input: TaskRun = { location: "eastus", properties: { runRequest: { type: "TaskRunRequest", taskId: `${REGISTRY_PATH}/tasks/myTask` } } };
const body = (state: string) => ({ id: `${REGISTRY_PATH}/taskRuns/myTaskRun`, name: "myTaskRun", properties: { provisioningState: state } });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  vi.useRealTimers();
  nock.cleanAll();
  nock.enableNetConnect();
});

test.each(["retry-after-ms", "x-ms-retry-after-ms"])("%s is waited for exactly, before Retry-After", async (name) => {
  const { requests } = scripted(ARM, [
    { status: 201, body: body("Creating"), headers: { "azure-asyncoperation": MONITOR_URL, "retry-after": "30", [name]: "250" } },
    { status: 200, body: { status: "Succeeded" } },
    { status: 200, body: body("Succeeded") },
  ]);
  const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", input, { updateIntervalInMs: 60_000 });
  await poller.submitted();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const done = poller.pollUntilDone();
  await vi.advanceTimersByTimeAsync(249);
  expect(requests).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1);
  vi.useRealTimers();
  expect((await done).properties?.provisioningState).toBe("Succeeded");
  expect(requests).toHaveLength(3);
});

test("a retry-after-ms that is not a number is ignored in favour of Retry-After", async () => {
  const { requests } = scripted(ARM, [
    { status: 201, body: body("Creating"), headers: { "azure-asyncoperation": MONITOR_URL, "retry-after": "2", "retry-after-ms": "soon" } },
    { status: 200, body: { status: "Succeeded" } },
    { status: 200, body: body("Succeeded") },
  ]);
  const poller = makeClient().taskRuns.create(RG, REGISTRY, "myTaskRun", input, { updateIntervalInMs: 1 });
  await poller.submitted();
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const done = poller.pollUntilDone();
  await vi.advanceTimersByTimeAsync(1_999);
  expect(requests).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(1);
  vi.useRealTimers();
  await done;
});
