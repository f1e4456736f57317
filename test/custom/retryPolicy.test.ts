// The retry rule of src/custom/retryPolicy.ts: a POST whose outcome is unknown (connection reset, 500) is
// not sent again; a POST the service refused before processing (429 with Retry-After) is; GETs, and the
// POSTs that only read (READ_ONLY_POST_OPERATIONS), are retried after a 500, a 503 or a reset connection.
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { alternativeFeeds, feeds } from "../../src/generated/catalog.js";
import { READ_ONLY_POST_OPERATIONS } from "../../src/custom/retryPolicy.js";
import {
  ARM,
  makeClient,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  socketError,
  setupNock,
  teardownNock,
} from "./_support/client.js";
import { callExample, clientFor, exampleCall } from "./_support/exampleCall.js";

const retryOptions = { retryDelayInMs: 1, maxRetryDelayInMs: 2 };
const SCHEDULE = `${REGISTRY_PATH}/scheduleRun`;
const RUN = `${REGISTRY_PATH}/runs/cf1`;
const runBody = { id: RUN, name: "cf1", properties: { runId: "cf1", status: "Queued" } };
const request = { type: "TaskRunRequest" as const, taskId: "t" };

beforeEach(setupNock);
afterEach(teardownNock);

/** Counts the requests nock answers (path matchers may run more than once per request). */
function counter(): { count: number; path: () => boolean } {
  const state = { count: 0, path: () => true };
  return state;
}
function counting(scope: nock.Scope, seen: { count: number }): void {
  scope.on("request", () => seen.count++);
}

describe("POST (not idempotent)", () => {
  test("is not re-sent after a connection reset", async () => {
    const seen = counter();
    counting(nock(ARM).post(seen.path).times(4).replyWithError(socketError("ECONNRESET", "socket hang up")), seen);
    await expect(makeClient({ retryOptions }).registries.scheduleRun(RG, REGISTRY, request)).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(seen.count).toBe(1);
  });

  test("is not re-sent after a 500", async () => {
    const seen = counter();
    counting(
      nock(ARM)
        .post(seen.path)
        .times(4)
        .reply(500, { error: { code: "InternalServerError", message: "oops" } }),
      seen,
    );
    await expect(makeClient({ retryOptions }).registries.scheduleRun(RG, REGISTRY, request)).rejects.toMatchObject({
      code: "InternalServerError",
      statusCode: 500,
    });
    expect(seen.count).toBe(1);
  });

  test("is re-sent after a 429 with Retry-After (the service did not process it)", async () => {
    const seen = counter();
    counting(
      nock(ARM)
        .post(seen.path)
        .reply(429, { error: { code: "TooManyRequests", message: "slow down" } }, { "retry-after": "0" }),
      seen,
    );
    counting(nock(ARM).post(seen.path).reply(200, runBody), seen);
    const run = await makeClient({ retryOptions }).registries.scheduleRun(RG, REGISTRY, request);
    expect(run.name).toBe("cf1");
    expect(seen.count).toBe(2);
  });

  test("runs.cancel (a POST) is not re-sent after a 503 without Retry-After", async () => {
    const seen = counter();
    counting(nock(ARM).post(seen.path).times(4).reply(503), seen);
    await expect(makeClient({ retryOptions }).runs.cancel(RG, REGISTRY, "cf1")).rejects.toMatchObject({
      statusCode: 503,
    });
    expect(seen.count).toBe(1);
  });
});

describe("GET (idempotent)", () => {
  test("is retried after a 503", async () => {
    const seen = counter();
    counting(nock(ARM).get(seen.path).reply(503), seen);
    counting(nock(ARM).get(seen.path).reply(200, runBody), seen);
    expect((await makeClient({ retryOptions }).runs.get(RG, REGISTRY, "cf1")).name).toBe("cf1");
    expect(seen.count).toBe(2);
  });

  test("is retried after a connection reset", async () => {
    const seen = counter();
    counting(nock(ARM).get(seen.path).replyWithError(socketError("ECONNRESET", "socket hang up")), seen);
    counting(nock(ARM).get(seen.path).reply(200, runBody), seen);
    expect((await makeClient({ retryOptions }).runs.get(RG, REGISTRY, "cf1")).name).toBe("cf1");
    expect(seen.count).toBe(2);
  });

  test("gives up after maxRetries", async () => {
    const seen = counter();
    counting(nock(ARM).get(seen.path).times(10).reply(503), seen);
    await expect(
      makeClient({ retryOptions: { ...retryOptions, maxRetries: 2 } }).runs.get(RG, REGISTRY, "cf1"),
    ).rejects.toMatchObject({ statusCode: 503 });
    expect(seen.count).toBe(3);
  });
});

/** Every POST of the three feeds, at its api-version. */
const POSTS = [...feeds, ...alternativeFeeds].flatMap((feed) => feed.operations.filter((o) => o.method === "POST"));
const readOnly = POSTS.filter((spec) => READ_ONLY_POST_OPERATIONS.has(spec.operationId));
const changing = POSTS.filter((spec) => !READ_ONLY_POST_OPERATIONS.has(spec.operationId));

/** The transient failures whose outcome is unknown for a POST. */
const UNKNOWN_OUTCOMES: [string, (interceptor: nock.Interceptor) => nock.Scope][] = [
  ["a 500", (i) => i.reply(500, { error: { code: "InternalServerError", message: "oops" } })],
  ["a 503 without Retry-After", (i) => i.reply(503)],
  ["a connection reset", (i) => i.replyWithError(socketError("ECONNRESET", "socket hang up"))],
];

const label = (spec: { operationId: string; apiVersion: string }) => `${spec.operationId} at ${spec.apiVersion}`;

describe("the read-only POSTs", () => {
  test("are POST operations of the feeds, each named once", () => {
    const names = new Set(POSTS.map((spec) => spec.operationId));
    expect([...READ_ONLY_POST_OPERATIONS].filter((name) => !names.has(name))).toEqual([]);
    expect(new Set(readOnly.map((spec) => spec.operationId)).size).toBe(READ_ONLY_POST_OPERATIONS.size);
    expect(changing.map((spec) => spec.operationId).sort()).toEqual([
      "ConnectedRegistries_Deactivate",
      "Registries_GenerateCredentials",
      "Registries_ImportImage",
      "Registries_RegenerateCredential",
      "Registries_ScheduleRun",
      "Registries_ScheduleRun",
      "Runs_Cancel",
      "Runs_Cancel",
      "Webhooks_Ping",
    ]);
  });
});

describe.each(readOnly.map((spec) => [label(spec), spec] as const))("%s (reads only)", (_, spec) => {
  test.each(UNKNOWN_OUTCOMES)("is sent again after %s, as a GET would be", async (_failure, fail) => {
    const call = exampleCall(spec);
    const client = clientFor(call, { retryOptions });
    const seen = counter();
    counting(fail(nock(ARM).post(seen.path)), seen);
    counting(nock(ARM).post(seen.path).reply(200, { value: [] }), seen);
    await expect(callExample(client, call)).resolves.toBeDefined();
    expect(seen.count).toBe(2);
  });
});

describe.each(changing.map((spec) => [label(spec), spec] as const))("%s (changes something)", (_, spec) => {
  test.each(UNKNOWN_OUTCOMES)("is not sent again after %s", async (_failure, fail) => {
    const call = exampleCall(spec);
    const client = clientFor(call, { retryOptions });
    const seen = counter();
    counting(fail(nock(ARM).post(seen.path).times(4)), seen);
    await expect(callExample(client, call)).rejects.toBeDefined();
    expect(seen.count).toBe(1);
  });
});
