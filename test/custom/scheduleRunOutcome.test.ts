// A scheduleRun whose outcome is unknown (a 500, a reset connection, a timeout: the request may have
// reached the registry) is not sent again, and its error says that the run may exist and gives the exact
// runs.list filter that finds it; quickBuild and quickRun, which schedule through it, say the same.
// Errors after which nothing was queued (a 4xx, a refused connection, a 503 with Retry-After, the
// caller's own abort) say nothing of the kind. Against the emulator, with the answer lost on the way
// back, the filter the error gives lists the run that was queued.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { startEmulator } from "acr-tasks-emulator";
import { isRunMayExistError, RestError, type AdditionalPolicy, type TasksApiVersion } from "../../src/index.js";
import { ARM, makeClient, REGISTRY, RG, socketError } from "./_support/client.js";
import { createPremiumRegistry, emulatorClient } from "./lifecycle/support/emulatorClient.js";

const request = {
  type: "EncodedTaskRunRequest" as const,
  encodedTaskContent: "c3RlcHM6IFtdCg==",
  platform: { os: "Linux" as const },
};
const SENT_AT = new Date("2025-01-31T10:00:00.250Z");
const FILTER = "CreateTime ge 2025-01-31T09:55:00Z";
const HINT = `runs.list("${RG}", "${REGISTRY}", { filter: "${FILTER}" })`;

function schedule(tasksApiVersion?: TasksApiVersion, options: object = {}) {
  return makeClient({ tasksApiVersion }).registries.scheduleRun(RG, REGISTRY, request, options);
}

/** An answer that comes long after a test's timeout or abort (on real timers: nock delays with them). */
function answerSlowly(): void {
  vi.useRealTimers();
  nock(ARM)
    .post(/scheduleRun/)
    .delay(2_000)
    .reply(200, {});
}

async function failureOf(promise: PromiseLike<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe.each([["2019-06-01-preview"], ["2025-03-01-preview"]] as const)("scheduleRun at %s", (version) => {
  beforeEach(() => {
    nock.disableNetConnect();
    vi.useFakeTimers({ toFake: ["Date"], now: SENT_AT });
  });
  afterEach(() => {
    vi.useRealTimers();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  test.each([
    ["a 500", (i: nock.Interceptor) => i.reply(500, { error: { code: "InternalServerError", message: "oops" } })],
    ["a 502", (i: nock.Interceptor) => i.reply(502)],
    ["a 503 without Retry-After", (i: nock.Interceptor) => i.reply(503)],
    ["a reset connection", (i: nock.Interceptor) => i.replyWithError(socketError("ECONNRESET", "socket hang up"))],
    ["a success whose body is unreadable", (i: nock.Interceptor) => i.reply(200, "{not json")],
  ])("after %s, says the run may exist and how to list it", async (_, fail) => {
    const scope = fail(nock(ARM).post(/scheduleRun/));
    const error = await failureOf(schedule(version));
    expect(scope.isDone()).toBe(true);
    expect(isRunMayExistError(error)).toBe(true);
    expect(error).toMatchObject({ runMayExist: true, runsListFilter: FILTER });
    expect(error.message).toContain("the run may have been queued anyway");
    expect(error.message).toContain(HINT);
    // The original error is still there: its class, code and status.
    expect(error).toBeInstanceOf(RestError);
    expect(error.message).toMatch(/^Registries_ScheduleRun/);
  });

  test("after a request timeout, says the same", async () => {
    answerSlowly();
    const error = await failureOf(schedule(version, { requestOptions: { timeout: 20 } }));
    expect(error.message).toContain("aborted");
    expect(isRunMayExistError(error)).toBe(true);
    expect((error as { runsListFilter?: string }).runsListFilter).toMatch(
      /^CreateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  test.each([
    ["a 400", (i: nock.Interceptor) => i.reply(400, { error: { code: "InvalidRequest", message: "no" } })],
    ["a 404", (i: nock.Interceptor) => i.reply(404, { error: { code: "ResourceNotFound", message: "no" } })],
    ["a refused connection", (i: nock.Interceptor) => i.replyWithError(socketError("ECONNREFUSED", "refused"))],
    [
      "503s with Retry-After until the retries run out",
      (i: nock.Interceptor) => i.times(4).reply(503, "", { "retry-after": "0" }),
    ],
  ])("after %s, where nothing was queued, says nothing of the kind", async (_, fail) => {
    fail(nock(ARM).post(/scheduleRun/));
    const error = await failureOf(schedule(version));
    expect(isRunMayExistError(error)).toBe(false);
    expect(error.message).not.toContain("may have been queued");
  });

  test("after the caller's own abort, the AbortError is left as it is", async () => {
    answerSlowly();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failureOf(schedule(version, { abortSignal: controller.signal }));
    expect(error.name).toBe("AbortError");
    expect(isRunMayExistError(error)).toBe(false);
  });

  test("quickRun reports the same, since it schedules through scheduleRun", async () => {
    nock(ARM)
      .post(/scheduleRun/)
      .reply(500, { error: { code: "InternalServerError", message: "oops" } });
    const client = makeClient({ tasksApiVersion: version });
    const error = await failureOf(
      client.registries.quickRun(RG, REGISTRY, { cmd: "hello-world", platform: { os: "Linux" } }),
    );
    expect(error).toMatchObject({ runMayExist: true, runsListFilter: FILTER });
    expect(error.message).toContain(HINT);
  });
});

describe("against the emulator, the answer lost on its way back", () => {
  /** Lets scheduleRun reach the emulator, then loses its answer, as a connection reset after sending does. */
  const answerLost: AdditionalPolicy = {
    position: "perRetry",
    policy: {
      name: "answerLost",
      async sendRequest(pipelineRequest, next) {
        const response = await next(pipelineRequest);
        if (pipelineRequest.method === "POST" && pipelineRequest.url.includes("/scheduleRun?")) {
          throw new RestError("socket hang up", { code: "ECONNRESET", request: pipelineRequest });
        }
        return response;
      },
    },
  };

  test("quickBuild's error gives the filter that lists the one run it queued", async () => {
    const emulator = await startEmulator({ timeScale: 0.001 });
    try {
      const subscriptionId = "00000000-0000-0000-0000-0000000000bb";
      const client = emulatorClient(emulator, { subscriptionId });
      await createPremiumRegistry(client, "lost-rg", "lostanswer01");
      const sourceDir = await mkdtemp(join(tmpdir(), "acr-lost-"));
      await writeFile(join(sourceDir, "Dockerfile"), "FROM alpine\n");
      const lossy = emulatorClient(emulator, { subscriptionId, additionalPolicies: [answerLost] });

      const error = await failureOf(
        lossy.registries.quickBuild("lost-rg", "lostanswer01", {
          sourceDir,
          imageNames: ["app:v1"],
          platform: { os: "Linux" },
        }),
      );
      if (!isRunMayExistError(error)) throw error;
      expect(error.message).toContain(`runs.list("lost-rg", "lostanswer01", { filter: "${error.runsListFilter}" })`);
      const found = [];
      for await (const run of client.runs.list("lost-rg", "lostanswer01", { filter: error.runsListFilter }))
        found.push(run);
      expect(found).toHaveLength(1);
      expect(found[0].properties?.runType).toBe("QuickBuild");
    } finally {
      await emulator.close();
    }
  });
});
