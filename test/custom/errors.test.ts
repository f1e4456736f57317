// A refused call surfaces as a RestError carrying the ARM error (code, message, details, target),
// the HTTP status and the request id, with a message that says all of it. Responses that cannot be
// used (invalid JSON, HTML from a gateway, a truncated body, a body of the wrong shape) give a clear
// RestError too, never a TypeError or SyntaxError.
import { inspect } from "node:util";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { RestError, createArmError, isRestError, type ArmRestError } from "../../src/index.js";
import {
  ARM,
  makeClient,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  scripted,
  socketError,
  type ScriptedReply,
  setupNock,
  teardownNock,
} from "./_support/client.js";

beforeEach(setupNock);
afterEach(teardownNock);

const noRetry = { retryOptions: { maxRetries: 0 } };

async function errorOf(promise: Promise<unknown>): Promise<ArmRestError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(isRestError(error), `not a RestError: ${String(error)}`).toBe(true);
  expect(error).toBeInstanceOf(RestError);
  return error as ArmRestError;
}

describe("ARM errors", () => {
  test("code, message, details, target, statusCode and request id are on the RestError", async () => {
    scripted(ARM, [
      {
        status: 404,
        body: {
          error: {
            code: "ResourceNotFound",
            message: "The run 'cf9' was not found.",
            target: "runId",
            details: [{ code: "RunNotFound", message: "no such run", target: "cf9" }],
          },
        },
        headers: { "x-ms-request-id": "11111111-2222-3333-4444-555555555555" },
      },
    ]);
    const error = await errorOf(makeClient().runs.get(RG, REGISTRY, "cf9"));
    expect(error.code).toBe("ResourceNotFound");
    expect(error.statusCode).toBe(404);
    expect(error.requestId).toBe("11111111-2222-3333-4444-555555555555");
    expect(error.target).toBe("runId");
    expect(error.details).toEqual([{ code: "RunNotFound", message: "no such run", target: "cf9" }]);
    expect(error.message).toBe(
      "Runs_Get failed with HTTP 404 ResourceNotFound: The run 'cf9' was not found. (request id 11111111-2222-3333-4444-555555555555)",
    );
    expect(error.response?.status).toBe(404);
    expect(error.request?.url).toContain(`${REGISTRY_PATH}/runs/cf9`);
  });

  test("the unwrapped ARM error shape ({code, message} at the top) is understood too", async () => {
    scripted(ARM, [
      {
        status: 400,
        body: { code: "InvalidParameter", message: "bad filter" },
        headers: { "x-ms-correlation-request-id": "corr-1" },
      },
    ]);
    const error = await errorOf(makeClient().runs.get(RG, REGISTRY, "cf9"));
    expect(error).toMatchObject({ code: "InvalidParameter", statusCode: 400, requestId: "corr-1" });
    expect(error.message).toContain("bad filter");
  });

  test.each([
    [401, "Unauthorized"],
    [403, "Forbidden"],
    [404, "NotFound"],
    [409, "HttpStatus409"],
  ])("HTTP %i without a body gets the code %s", async (status, code) => {
    scripted(ARM, [{ status }]);
    const error = await errorOf(makeClient(noRetry).runs.get(RG, REGISTRY, "cf9"));
    expect(error).toMatchObject({ code, statusCode: status });
    expect(error.message).toContain("the response has no body");
  });

  test("a success status the operation does not declare is an error", async () => {
    scripted(ARM, [{ status: 203, body: {} }]);
    const error = await errorOf(makeClient().runs.get(RG, REGISTRY, "cf9"));
    expect(error).toMatchObject({ code: "HttpStatus203", statusCode: 203 });
  });

  test("createArmError is exported for callers that build their own", () => {
    const response = {
      status: 429,
      headers: { get: (name: string) => (name === "x-ms-request-id" ? "r1" : undefined) },
      bodyAsText: JSON.stringify({ error: { code: "TooManyRequests", message: "slow down" } }),
      request: { url: "https://management.azure.com/x", method: "GET", headers: {}, body: "secret" },
    } as never;
    const error = createArmError("Runs_Get", response);
    expect(error).toMatchObject({ code: "TooManyRequests", statusCode: 429, requestId: "r1" });
    expect(error.request?.body).toBeUndefined();
  });
});

describe("malformed responses give a clear RestError", () => {
  const cases: [string, ScriptedReply, RegExp, string][] = [
    [
      "invalid JSON on success",
      { status: 200, raw: "{not json", headers: { "content-type": "application/json" } },
      /not valid JSON/,
      "MalformedResponse",
    ],
    [
      "a truncated body on success",
      { status: 200, raw: '{"id":"x","properties":{"runId":"cf', headers: { "content-type": "application/json" } },
      /not valid JSON/,
      "MalformedResponse",
    ],
    [
      "a JSON string instead of an object",
      { status: 200, raw: '"hello"', headers: { "content-type": "application/json" } },
      /expected a JSON object \(Run\)/,
      "MalformedResponse",
    ],
    [
      "a JSON array instead of an object",
      { status: 200, raw: "[1,2]", headers: { "content-type": "application/json" } },
      /expected a JSON object \(Run\)/,
      "MalformedResponse",
    ],
    [
      "JSON null instead of an object",
      { status: 200, raw: "null", headers: { "content-type": "application/json" } },
      /expected a JSON object \(Run\)/,
      "MalformedResponse",
    ],
    [
      "a number instead of an object",
      { status: 200, raw: "42", headers: { "content-type": "application/json" } },
      /expected a JSON object \(Run\)/,
      "MalformedResponse",
    ],
    [
      "an HTML 502 from a gateway",
      {
        status: 502,
        raw: "<html><body><h1>502 Bad Gateway</h1></body></html>",
        headers: { "content-type": "text/html" },
      },
      /HTTP 502 HttpStatus502: the response body is not an ARM error \(text\/html, \d+ characters\)/,
      "HttpStatus502",
    ],
    [
      "a truncated error body",
      { status: 500, raw: '{"error":{"code":"Internal', headers: { "content-type": "application/json" } },
      /HTTP 500 HttpStatus500: the response body is not an ARM error/,
      "HttpStatus500",
    ],
    [
      "an error body that is not an ARM error",
      { status: 400, body: ["nope"] },
      /HTTP 400 HttpStatus400/,
      "HttpStatus400",
    ],
  ];

  test.each(cases)("%s", async (_name, reply, message, code) => {
    scripted(ARM, [reply]);
    const error = await errorOf(makeClient(noRetry).runs.get(RG, REGISTRY, "cf1"));
    expect(error.code).toBe(code);
    expect(error.statusCode).toBe(reply.status);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^Runs_Get/);
    // the body itself (HTML, partial JSON) is not pasted into the message
    expect(error.message).not.toContain("<html>");
  });

  test("a non-object body for an operation whose model has no dates (Runs_GetLogSasUrl) is refused too", async () => {
    scripted(ARM, [
      {
        status: 200,
        raw: '"https://x.blob.core.windows.net/log?sig=abc"',
        headers: { "content-type": "application/json" },
      },
    ]);
    const error = await errorOf(makeClient().runs.getLogSasUrl(RG, REGISTRY, "cf1"));
    expect(error.code).toBe("MalformedResponse");
    expect(error.message).toMatch(/expected a JSON object \(RunGetLogResult\)/);
  });

  test("malformed bodies in paging and polling are RestErrors too", async () => {
    scripted(ARM, [{ status: 200, raw: "<html>", headers: { "content-type": "text/html" } }]);
    const listing = makeClient().runs.list(RG, REGISTRY).next();
    expect((await errorOf(listing)).code).toBe("MalformedResponse");

    scripted(ARM, [
      { status: 202, headers: { location: `${ARM}/operationResults/1`, "retry-after": "0" } },
      { status: 200, raw: "{truncated", headers: { "content-type": "application/json" } },
    ]);
    const polled = makeClient().registries.scheduleRun(RG, REGISTRY, { type: "TaskRunRequest", taskId: "t" });
    expect((await errorOf(polled)).code).toBe("MalformedResponse");
  });

  test("an empty success body is not an error (operations may answer 200 with nothing)", async () => {
    scripted(ARM, [{ status: 200 }]);
    expect(await makeClient().runs.get(RG, REGISTRY, "cf1")).toBeUndefined();
  });

  test("errors print usefully (util.inspect) without crashing", async () => {
    scripted(ARM, [{ status: 409, body: { error: { code: "Conflict", message: "run is busy" } } }]);
    const error = await errorOf(makeClient().runs.cancel(RG, REGISTRY, "cf1"));
    const printed = inspect(error);
    expect(printed).toContain("Runs_Cancel failed with HTTP 409 Conflict: run is busy");
  });
});

describe("transport failures", () => {
  test("a connection error is a RestError (REQUEST_SEND_ERROR), not a crash", async () => {
    nock(ARM)
      .get(() => true)
      .times(5)
      .replyWithError(socketError("ECONNREFUSED", "connect ECONNREFUSED"));
    const error = await errorOf(makeClient(noRetry).runs.get(RG, REGISTRY, "cf1"));
    expect(error.code).toBe("ECONNREFUSED");
  });
});
