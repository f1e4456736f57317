// streamLogs: a scripted storage host controls exactly where chunks split (every byte, if need be);
// the last tests go through the real transport and a local HTTPS host.
import { createHttpHeaders, RestError, type PipelineResponse } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  BlobRequestError,
  RunLogIdleTimeoutError,
  createBlobTransport,
  streamLogs,
} from "../../../src/custom/lifecycle/index.js";
import type { RunsOperations } from "../../../src/generated/groups/runs.js";
import type { Run } from "../../../src/generated/v2019_06_01_preview/models.js";
import { startBlobServer, type TestBlobServer } from "./support/blobServer.js";
import { scriptedLogHost } from "./support/scriptedLogHost.js";

const run = (status: string): Run => ({ name: "cb7", properties: { runId: "cb7", status } });

function scriptedRuns(
  status: () => string,
  links: { logLink?: string; logArtifactLink?: string } = { logLink: "https://logs.example/cb7.log?sig=x" },
) {
  return {
    get: vi.fn<RunsOperations["get"]>(async () => run(status())),
    getLogSasUrl: vi.fn<RunsOperations["getLogSasUrl"]>(async () => links),
  };
}

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 4 };

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of stream) lines.push(line);
  return lines;
}

describe("streamLogs", () => {
  it("follows a growing log, joining lines and UTF-8 characters split across chunks and reads", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 1 });
    const snowman = Buffer.from("☃");
    const parts: (string | Buffer)[] = [
      "first line\nsecond \xE9",
      " line\r", // a "\r\n" cut between two reads
      Buffer.concat([Buffer.from("\n"), snowman.subarray(0, 1)]), // and a 3-byte character too
      Buffer.concat([snowman.subarray(1), Buffer.from("\nthird line\r\n")]),
      "last line without a newline",
    ];
    host.beforeRequest = () => {
      const next = parts.shift();
      if (next !== undefined) host.append(next);
      else host.complete = "Succeeded";
    };
    const runs = scriptedRuns(() => (host.complete ? "Succeeded" : "Running"));
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", fast);
    expect(await collect(stream)).toEqual([
      "first line",
      "second é line",
      "☃",
      "third line",
      "last line without a newline",
    ]);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Succeeded" } });
  });

  it("waits through the 404 before the log exists", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 4 });
    host.beforeRequest = (index) => {
      if (index === 6) {
        host.append("hello\nworld\n");
        host.complete = "Succeeded";
      }
    };
    const runs = scriptedRuns(() => "Queued");
    expect(await collect(streamLogs(runs, blob, "rg", "myregistry", "cb7", fast))).toEqual(["hello", "world"]);
    expect(host.requests.slice(0, 2)).toEqual(["GET 0", "HEAD"]);
  });

  it("ends once Complete is set and every byte is read, then reads no more", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 3 });
    host.append("a\nb\n");
    host.complete = "Failed";
    const runs = scriptedRuns(() => "Failed");
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", fast);
    expect(await collect(stream)).toEqual(["a", "b"]);
    expect(host.requests).toEqual(["GET 0", "GET 4", "HEAD"]);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Failed" } });
  });

  it("stops at the current end with follow: false", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 2 });
    host.append("partial\nline in progr");
    const runs = scriptedRuns(() => "Running");
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", { ...fast, follow: false });
    expect(await collect(stream)).toEqual(["partial", "line in progr"]);
    expect(host.requests).toEqual(["GET 0"]);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Running" } });
  });

  it("reads logArtifactLink when the run has no logLink (archived runs)", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("archived\n");
    host.complete = "Succeeded";
    const get = vi.spyOn(blob, "get");
    const runs = scriptedRuns(() => "Succeeded", { logArtifactLink: "https://registry.example/artifact?sig=y" });
    expect(await collect(streamLogs(runs, blob, "rg", "myregistry", "cb7", fast))).toEqual(["archived"]);
    expect(get.mock.calls[0][0]).toBe("https://registry.example/artifact?sig=y");
  });

  it("stops following a run that ended without its log ever being completed, found by one safety-net Runs_Get", async () => {
    const { host, blob } = scriptedLogHost();
    const runs = scriptedRuns(() => "Canceled");
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", { ...fast, safetyNetIntervalMs: 1 });
    expect(await collect(stream)).toEqual([]);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Canceled" } });
    expect(runs.get.mock.calls.length).toBe(1);
    expect(host.requests.length).toBeLessThan(12);
  });

  it("rides out a throttled safety-net Runs_Get (429) as the waiters do, waiting as it asks", async () => {
    const { blob } = scriptedLogHost();
    const runs = scriptedRuns(() => "Canceled");
    runs.get.mockRejectedValueOnce(
      new RestError("Runs_Get failed with HTTP 429 SubscriptionRequestsThrottled", {
        statusCode: 429,
        response: { status: 429, headers: createHttpHeaders({ "retry-after-ms": "5" }) } as PipelineResponse,
      }),
    );
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", { ...fast, safetyNetIntervalMs: 1 });
    expect(await collect(stream)).toEqual([]);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Canceled" } });
    expect(runs.get.mock.calls.length).toBe(2);
  });

  it("asks ARM for nothing but the log link while the log grows, however long it is followed", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 64 });
    host.beforeRequest = (index) => {
      if (index < 200) host.append(index % 3 === 0 ? `line ${index}\n` : "");
      else host.complete = "Succeeded";
    };
    const runs = scriptedRuns(() => "Running");
    const lines = await collect(streamLogs(runs, blob, "rg", "myregistry", "cb7", fast));
    expect(lines).toHaveLength(67);
    expect(host.requests.length).toBeGreaterThan(200);
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(1);
    expect(runs.get).not.toHaveBeenCalled();
  });

  it("throws a RunLogIdleTimeoutError after idleTimeoutMs without output", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("started\n");
    const runs = scriptedRuns(() => "Running");
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", { ...fast, idleTimeoutMs: 20 });
    const lines: string[] = [];
    const error = await (async () => {
      for await (const line of stream) lines.push(line);
    })().catch((e: unknown) => e);
    expect(lines).toEqual(["started"]);
    expect(error).toBeInstanceOf(RunLogIdleTimeoutError);
    expect((error as Error).message).toMatch(/No new log output for run cb7 in idleTimeoutMs \(20 ms\) after 8 bytes/);
    await expect(stream.finalRun).rejects.toBe(error);
  });

  it("asks for a fresh link once when the SAS is refused", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("ok\n");
    host.complete = "Succeeded";
    const realGet = blob.get.bind(blob);
    let refused = false;
    blob.get = async (url, options) => {
      if (!refused) {
        refused = true;
        throw new BlobRequestError("GET", url, { statusCode: 403, code: "AuthenticationFailed" });
      }
      return realGet(url, options);
    };
    const runs = scriptedRuns(() => "Succeeded");
    expect(await collect(streamLogs(runs, blob, "rg", "myregistry", "cb7", fast))).toEqual(["ok"]);
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(2);
  });

  it("ends with an AbortError when aborted mid-body or while idle, and sends nothing more", async () => {
    for (const when of ["mid-body", "idle"] as const) {
      const { host, blob } = scriptedLogHost({ chunkSize: 1 });
      host.append("line one\nline two\n");
      const controller = new AbortController();
      const runs = scriptedRuns(() => "Running");
      const stream = streamLogs(runs, blob, "rg", "myregistry", "cb7", {
        ...fast,
        pollIntervalMs: 5,
        abortSignal: controller.signal,
      });
      const lines: string[] = [];
      const error = await (async () => {
        for await (const line of stream) {
          lines.push(line);
          if (when === "mid-body") controller.abort();
          else if (lines.length === 2) setTimeout(() => controller.abort(), 15);
        }
      })().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "AbortError" });
      expect(lines).toEqual(when === "mid-body" ? ["line one"] : ["line one", "line two"]);
      const requests = host.requests.length + runs.get.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(host.requests.length + runs.get.mock.calls.length).toBe(requests);
    }
  });

  it("can be iterated only once, and validates input at the call", () => {
    const { blob } = scriptedLogHost();
    const stream = streamLogs(
      scriptedRuns(() => "Running"),
      blob,
      "rg",
      "myregistry",
      "cb7",
    );
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
    expect(() =>
      streamLogs(
        scriptedRuns(() => "Running"),
        blob,
        "rg",
        "myregistry",
        "",
      ),
    ).toThrow(/runId/);
  });
});

describe("streamLogs over HTTPS", () => {
  let server: TestBlobServer;
  beforeAll(async () => {
    server = await startBlobServer({ metadataOnGet: true });
  });
  afterAll(() => server.close());

  it("follows a log that grows between reads, and the blob host never sees an Authorization header", async () => {
    const pieces = ["step 1: pull\nstep 2: bu", "ild ✓\n", "step 3: push\n"];
    server.beforeServe = (request) => {
      if (request.method !== "GET") return;
      const next = pieces.shift();
      if (next !== undefined) server.appendLog("logs/cb9.log", next);
      else server.completeLog("logs/cb9.log", "Succeeded");
    };
    const runs = scriptedRuns(() => "Running", { logLink: server.sasUrl("logs/cb9.log") });
    runs.get.mockResolvedValue(run("Succeeded"));
    const blob = createBlobTransport({ tlsOptions: { ca: server.ca } });
    const stream = streamLogs(runs, blob, "rg", "myregistry", "cb9", fast);
    expect(await collect(stream)).toEqual(["step 1: pull", "step 2: build ✓", "step 3: push"]);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Succeeded" } });
    expect(server.requests.length).toBeGreaterThan(3);
    expect(server.requests.filter((request) => request.headers.authorization !== undefined)).toEqual([]);
  });
});
