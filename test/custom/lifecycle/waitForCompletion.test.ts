// waitForCompletion against a scripted Runs_Get and a scripted log blob: following the log (the
// default), polling ARM (followLog: false, or no log to follow), the log tail of a failed run, and the
// throttling signals (on fake timers, so nothing here depends on wall-clock speed).
import { createHttpHeaders, RestError, type PipelineResponse } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BlobRequestError,
  LOG_TAIL_BYTES,
  RunFailedError,
  RunWaitTimeoutError,
  waitForCompletion,
  type BlobTransport,
} from "../../../src/custom/lifecycle/index.js";
import type { RunsOperations } from "../../../src/generated/groups/runs.js";
import type { Run } from "../../../src/generated/v2019_06_01_preview/models.js";
import { scriptedLogHost } from "./support/scriptedLogHost.js";

type Get = RunsOperations["get"];

const run = (status: string, runErrorMessage?: string): Run => ({
  name: "cb12",
  properties: { runId: "cb12", status, ...(runErrorMessage ? { runErrorMessage } : {}) } as Run["properties"],
});

/** A Runs_Get that answers the given statuses in turn, repeating the last one; the log link is refused. */
function scriptedRuns(...runs: Run[]) {
  let index = 0;
  const get = vi.fn<Get>(async () => runs[Math.min(index++, runs.length - 1)]);
  const getLogSasUrl = vi.fn<RunsOperations["getLogSasUrl"]>(async () => {
    throw Object.assign(new Error("Runs_GetLogSasUrl failed with HTTP 403 AuthorizationFailed"), { statusCode: 403 });
  });
  return { get, getLogSasUrl };
}

/** A storage host that must not be reached: these waits poll ARM. */
const noBlob: BlobTransport = {
  get: () => Promise.reject(new Error("no blob request expected")),
  head: () => Promise.reject(new Error("no blob request expected")),
  put: () => Promise.reject(new Error("no blob request expected")),
};

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 2, followLog: false };

/** A wait on a Runs_Get of the test's own, the log link refused as scriptedRuns refuses it. */
const waitOnGet = (get: Get, options = fast) =>
  waitForCompletion({ get, getLogSasUrl: scriptedRuns().getLogSasUrl }, noBlob, "rg", "myregistry", "cb12", options);

afterEach(() => {
  vi.useRealTimers();
});

describe("waitForCompletion polling ARM", () => {
  it("polls until the run ends and resolves to the final run, reporting each poll", async () => {
    const runs = scriptedRuns(run("Queued"), run("Running"), run("Running"), run("Succeeded"));
    const seen: string[] = [];
    const final = await waitForCompletion(runs, noBlob, "rg", "myregistry", "cb12", {
      ...fast,
      onProgress: (r) => seen.push(r.properties!.status!),
    });
    expect(final.properties?.status).toBe("Succeeded");
    expect(seen).toEqual(["Queued", "Running", "Running", "Succeeded"]);
    expect(runs.get).toHaveBeenCalledWith(
      "rg",
      "myregistry",
      "cb12",
      expect.objectContaining({ abortSignal: expect.anything() }),
    );
  });

  it("throws a RunFailedError that carries the run and explains itself", async () => {
    const runs = scriptedRuns(run("Running"), run("Failed", "step build: exit status 1"));
    const error = await waitForCompletion(runs, noBlob, "rg", "myregistry", "cb12", fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error).toMatchObject({
      name: "RunFailedError",
      status: "Failed",
      runErrorMessage: "step build: exit status 1",
    });
    expect((error as RunFailedError).run.properties?.runId).toBe("cb12");
    // Its log link was refused, so its tail could not be read: the one-line message says so.
    expect((error as Error).message).toBe(
      "Run cb12 ended with status Failed: step build: exit status 1 (its log could not be read: Runs_GetLogSasUrl failed with HTTP 403 AuthorizationFailed)",
    );
    expect(error).toMatchObject({
      logTail: [],
      logReadError: "Runs_GetLogSasUrl failed with HTTP 403 AuthorizationFailed",
    });
  });

  it.each(["Error", "Timeout", "Canceled"])("treats %s as a failure", async (status) => {
    const error = await waitForCompletion(scriptedRuns(run(status)), noBlob, "rg", "myregistry", "cb12", fast).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as Error).message).toMatch(
      new RegExp(`Run cb12 ended with status ${status} \\(the service gave no error message`),
    );
  });

  it("resolves to the failed run with throwOnFailure: false", async () => {
    const final = await waitForCompletion(scriptedRuns(run("Failed", "boom")), noBlob, "rg", "myregistry", "cb12", {
      ...fast,
      throwOnFailure: false,
    });
    expect(final.properties?.status).toBe("Failed");
  });

  it("gives up after maxWaitMs with a RunWaitTimeoutError", async () => {
    const error = await waitForCompletion(scriptedRuns(run("Running")), noBlob, "rg", "myregistry", "cb12", {
      ...fast,
      maxWaitMs: 20,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunWaitTimeoutError);
    expect((error as Error).message).toMatch(
      /Run cb12 did not finish within maxWaitMs \(20 ms\); its last known status is Running/,
    );
  });

  it("honours a Retry-After that Runs_Get surfaces through onResponse", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const get = vi.fn<Get>(async (_rg, _reg, _id, options) => {
      calls++;
      options?.onResponse?.({ headers: new Map([["retry-after", "60"]]) } as never);
      return run(calls < 2 ? "Running" : "Succeeded");
    });
    const done = waitOnGet(get);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(get).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(done).resolves.toMatchObject({ properties: { status: "Succeeded" } });
  });

  it("waits up to 8 times longer as ARM's remaining reads fall from 100 to 0", async () => {
    vi.useFakeTimers();
    const remaining = ["150", "50", "0"];
    let calls = 0;
    const get = vi.fn<Get>(async (_rg, _reg, _id, options) => {
      calls++;
      options?.onResponse?.({
        headers: createHttpHeaders({ "x-ms-ratelimit-remaining-subscription-reads": remaining[calls - 1] ?? "0" }),
      } as never);
      return run(calls < 4 ? "Running" : "Succeeded");
    });
    const steady = { pollIntervalMs: 1_000, maxPollIntervalMs: 1_000, followLog: false };
    const done = waitOnGet(get, steady);
    await vi.advanceTimersByTimeAsync(999);
    expect(get).toHaveBeenCalledTimes(1); // 150 left: the usual 1 s
    await vi.advanceTimersByTimeAsync(1);
    expect(get).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4_499); // 50 left: 1 + 7 * 0.5 = 4.5 times longer
    expect(get).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(get).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(7_999); // none left: 8 times longer
    expect(get).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ properties: { status: "Succeeded" } });
  });

  it("rides out a 429 that outlived the pipeline's retries, waiting as long as its Retry-After asks", async () => {
    vi.useFakeTimers();
    const throttled = new RestError("Runs_Get failed with HTTP 429 SubscriptionRequestsThrottled", {
      statusCode: 429,
      response: { status: 429, headers: createHttpHeaders({ "retry-after": "20" }) } as PipelineResponse,
    });
    let calls = 0;
    const get = vi.fn<Get>(async () => {
      if (++calls === 1) throw throttled;
      return run("Succeeded");
    });
    const done = waitOnGet(get);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(get).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toMatchObject({ properties: { status: "Succeeded" } });
  });

  it("rejects promptly with an AbortError when aborted mid-wait, and sends nothing more", async () => {
    const controller = new AbortController();
    const runs = scriptedRuns(run("Running"));
    runs.get.mockImplementation(async () => {
      if (runs.get.mock.calls.length === 2) controller.abort();
      return run("Running");
    });
    await expect(
      waitForCompletion(runs, noBlob, "rg", "myregistry", "cb12", {
        pollIntervalMs: 5,
        abortSignal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    const calls = runs.get.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs.get.mock.calls.length).toBe(calls);
  });

  it("sends nothing when the signal has already fired", async () => {
    const runs = scriptedRuns(run("Running"));
    await expect(
      waitForCompletion(runs, noBlob, "rg", "myregistry", "cb12", { abortSignal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(runs.get).not.toHaveBeenCalled();
  });

  it("rejects bad input before any request, naming the parameter", async () => {
    const runs = scriptedRuns(run("Running"));
    await expect(waitForCompletion(runs, noBlob, "rg", "my-registry!", "cb12")).rejects.toMatchObject({
      name: "ValidationError",
      parameter: "registryName",
    });
    await expect(waitForCompletion(runs, noBlob, "rg", "myregistry", "")).rejects.toMatchObject({ parameter: "runId" });
    await expect(waitForCompletion(runs, noBlob, "rg", "myregistry", "cb12", { maxWaitMs: -1 })).rejects.toMatchObject({
      parameter: "maxWaitMs",
    });
    await expect(
      waitForCompletion(runs, noBlob, "rg", "myregistry", "cb12", { pollIntervalMs: 0 }),
    ).rejects.toMatchObject({ parameter: "pollIntervalMs" });
    expect(runs.get).not.toHaveBeenCalled();
  });
});

/** Runs_Get answering from `status()`, and a log link to the scripted host. */
function followedRuns(status: () => string, runErrorMessage?: string) {
  return {
    get: vi.fn<Get>(async () => run(status(), runErrorMessage)),
    getLogSasUrl: vi.fn<RunsOperations["getLogSasUrl"]>(async () => ({
      logLink: "https://logs.example/cb12/rawtext.log?sig=secret",
    })),
  };
}

const follow = { pollIntervalMs: 1, maxPollIntervalMs: 2 };

describe("waitForCompletion following the log", () => {
  it("asks ARM for the log link and the final run only, reading the log's properties in between", async () => {
    const { host, blob } = scriptedLogHost();
    host.beforeRequest = (index) => {
      if (index < 30) host.append(`line ${index}\n`);
      else host.complete = "successful";
    };
    const runs = followedRuns(() => (host.complete ? "Succeeded" : "Running"));
    const seen: string[] = [];
    const final = await waitForCompletion(runs, blob, "rg", "myregistry", "cb12", {
      ...follow,
      onProgress: (r) => seen.push(r.properties!.status!),
    });
    expect(final.properties?.status).toBe("Succeeded");
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(1);
    expect(runs.get).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(["Succeeded"]);
    expect(new Set(host.requests)).toEqual(new Set(["HEAD"]));
    expect(host.requests.length).toBe(31);
  });

  it("once the log is complete, polls Runs_Get until the run shows its final status, without reading the log again", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("done\n");
    host.complete = "successful";
    const statuses = ["Running", "Running", "Succeeded"];
    const runs = followedRuns(() => statuses.shift() ?? "Succeeded");
    await expect(waitForCompletion(runs, blob, "rg", "myregistry", "cb12", follow)).resolves.toMatchObject({
      properties: { status: "Succeeded" },
    });
    expect(runs.get).toHaveBeenCalledTimes(3);
    expect(host.requests).toEqual(["HEAD"]);
  });

  it("finds a run that never got a log with a safety-net Runs_Get, and says its log could not be read", async () => {
    const { host, blob } = scriptedLogHost();
    const runs = followedRuns(() => "Canceled");
    const error = (await waitForCompletion(runs, blob, "rg", "myregistry", "cb12", {
      ...follow,
      safetyNetIntervalMs: 5,
    }).catch((e: unknown) => e)) as RunFailedError;
    expect(error).toBeInstanceOf(RunFailedError);
    expect(runs.get).toHaveBeenCalledTimes(1);
    expect(host.requests.every((request) => request === "HEAD")).toBe(true);
    expect(error.logTail).toEqual([]);
    expect(error.logReadError).toMatch(/the run has no log/);
    expect(error.message).toBe(
      "Run cb12 ended with status Canceled (the service gave no error message, and its log could not be read: the run has no log (the storage host answered 404))",
    );
  });

  it("with the default safety net, a run whose log neither appears nor grows costs no Runs_Get for 30 s, then rarer ones", async () => {
    vi.useFakeTimers();
    const { blob } = scriptedLogHost();
    let status = "Queued";
    const runs = followedRuns(() => status);
    const done = waitForCompletion(runs, blob, "rg", "myregistry", "cb12", {
      pollIntervalMs: 1_000,
      maxPollIntervalMs: 1_000,
    }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(runs.get).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(runs.get).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(58_000); // the next one comes 60 s after the first
    expect(runs.get).toHaveBeenCalledTimes(1);
    status = "Canceled";
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs.get).toHaveBeenCalledTimes(2);
    await expect(done).resolves.toMatchObject({ name: "RunFailedError", status: "Canceled" });
  });

  it("puts the end of the log in RunFailedError.logTail: at most 50 lines, from one ranged GET of its last bytes", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 4096 });
    const lines = Array.from(
      { length: 3000 },
      (_, index) => `2026/01/01 00:00:00 step build: output line ${index} ${"x".repeat(index % 40)}`,
    );
    host.append(lines.join("\n") + "\n");
    host.complete = "failed";
    const runs = followedRuns(() => "Failed", "failed during run, err: build step 'build': exit status 1");
    const error = (await waitForCompletion(runs, blob, "rg", "myregistry", "cb12", follow).catch(
      (e: unknown) => e,
    )) as RunFailedError;
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error.logTail).toEqual(lines.slice(-50));
    expect(Object.isFrozen(error.logTail)).toBe(true);
    expect(error.logReadError).toBeUndefined();
    expect(error.message).toBe(
      "Run cb12 ended with status Failed: failed during run, err: build step 'build': exit status 1",
    );
    const length = host.data.length;
    expect(length).toBeGreaterThan(LOG_TAIL_BYTES);
    expect(host.requests).toEqual(["HEAD", `GET ${length - LOG_TAIL_BYTES}-${length - 1}`]);
    expect(runs.get).toHaveBeenCalledTimes(1);
  });

  it("reads a short log's tail whole, and keeps the message on one line whatever the service said", async () => {
    const { host, blob } = scriptedLogHost();
    host.append(
      "Step 1/2 : FROM alpine\r\nfailed to run step ID: build: exit status 2\r\nRun ID: cb12 failed after 3s.",
    );
    host.complete = "failed";
    const runs = followedRuns(() => "Failed", "build step failed:\nexit status 2\n");
    const error = (await waitForCompletion(runs, blob, "rg", "myregistry", "cb12", follow).catch(
      (e: unknown) => e,
    )) as RunFailedError;
    expect(error.logTail).toEqual([
      "Step 1/2 : FROM alpine",
      "failed to run step ID: build: exit status 2",
      "Run ID: cb12 failed after 3s.",
    ]);
    expect(error.message).toBe("Run cb12 ended with status Failed: build step failed: exit status 2");
    expect(host.requests.at(-1)).toBe(`GET 0-${host.data.length - 1}`);
  });

  it("points to logTail when the service gave no error message", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("a\nb\n");
    host.complete = "timedout";
    const error = (await waitForCompletion(
      followedRuns(() => "Timeout"),
      blob,
      "rg",
      "myregistry",
      "cb12",
      follow,
    ).catch((e: unknown) => e)) as RunFailedError;
    expect(error.message).toBe(
      "Run cb12 ended with status Timeout (the service gave no error message; the last 2 lines of its log are in logTail)",
    );
  });

  it("reads the tail with followLog: false too, for one more ARM request (the log link)", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("the end\n");
    host.complete = "failed";
    const runs = followedRuns(() => "Failed", "boom");
    const error = (await waitForCompletion(runs, blob, "rg", "myregistry", "cb12", {
      ...follow,
      followLog: false,
    }).catch((e: unknown) => e)) as RunFailedError;
    expect(error.logTail).toEqual(["the end"]);
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(1);
    expect(runs.get).toHaveBeenCalledTimes(1);
    expect(host.requests).toEqual(["HEAD", "GET 0-7"]);
  });

  it("does not read the log of a failed run with throwOnFailure: false", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("x\n");
    host.complete = "failed";
    const final = await waitForCompletion(
      followedRuns(() => "Failed"),
      blob,
      "rg",
      "myregistry",
      "cb12",
      { ...follow, throwOnFailure: false },
    );
    expect(final.properties?.status).toBe("Failed");
    expect(host.requests).toEqual(["HEAD"]);
  });

  it("falls back to polling Runs_Get when the storage host keeps failing, and says why in the error", async () => {
    const { host, blob } = scriptedLogHost();
    blob.head = async (url) => {
      host.requests.push("HEAD");
      throw new BlobRequestError("HEAD", url, { statusCode: 500, code: "InternalError" });
    };
    const statuses = ["Running", "Running", "Failed"];
    const runs = followedRuns(() => statuses.shift() ?? "Failed", "exit status 1");
    const error = (await waitForCompletion(runs, blob, "rg", "myregistry", "cb12", follow).catch(
      (e: unknown) => e,
    )) as RunFailedError;
    expect(runs.get).toHaveBeenCalledTimes(3);
    // One HEAD to follow the log, one more for the tail; neither shows the SAS.
    expect(host.requests).toEqual(["HEAD", "HEAD"]);
    expect(error.logReadError).toBe(
      "HEAD https://logs.example/cb12/rawtext.log?<SAS redacted> failed: HTTP 500 InternalError",
    );
    expect(error.message).not.toContain("secret");
  });

  it("falls back to polling Runs_Get when the run has only an archived log", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("archived\n");
    const runs = followedRuns(() => "Succeeded");
    runs.getLogSasUrl.mockResolvedValue({ logArtifactLink: "https://registry.example/artifact?sig=y" });
    await expect(waitForCompletion(runs, blob, "rg", "myregistry", "cb12", follow)).resolves.toMatchObject({
      properties: { status: "Succeeded" },
    });
    expect(host.requests).toEqual([]);
    expect(runs.get).toHaveBeenCalledTimes(1);
  });

  it("renews a refused log link once (the SAS of a long wait expired), then goes on following", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("x\n");
    const realHead = blob.head.bind(blob);
    let refused = 0;
    blob.head = async (url, options) => {
      if (host.requests.length === 2 && refused++ === 0)
        throw new BlobRequestError("HEAD", url, { statusCode: 403, code: "AuthenticationFailed" });
      if (host.requests.length === 4) host.complete = "successful";
      return realHead(url, options);
    };
    const runs = followedRuns(() => (host.complete ? "Succeeded" : "Running"));
    await expect(waitForCompletion(runs, blob, "rg", "myregistry", "cb12", follow)).resolves.toMatchObject({
      properties: { status: "Succeeded" },
    });
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(2);
    expect(runs.get).toHaveBeenCalledTimes(1);
  });
});
