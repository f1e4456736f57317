// The blob transport against a local HTTPS storage host: no Authorization header, the client's TLS
// options, retries, streamed uploads, and errors that never show the SAS signature.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobRequestError, createBlobTransport, type BlobTransport } from "../../../src/custom/lifecycle/index.js";
import { SAS_SIGNATURE, startBlobServer, type TestBlobServer } from "./support/blobServer.js";
import { streamToBuffer } from "./support/archive.js";

let server: TestBlobServer;
let blob: BlobTransport;

beforeAll(async () => {
  server = await startBlobServer();
  blob = createBlobTransport({
    tlsOptions: { ca: server.ca },
    retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 5 },
  });
});
afterAll(() => server.close());

describe("createBlobTransport", () => {
  it("reads by range and reports length and Complete metadata", async () => {
    server.appendLog("logs/a.log", "0123456789");
    server.completeLog("logs/a.log", "Succeeded");
    const read = await blob.get(server.sasUrl("logs/a.log"), { rangeStart: 4 });
    expect(read.status).toBe(206);
    expect((await streamToBuffer(read.body!)).toString()).toBe("456789");
    expect(read.headers.get("content-range")).toBe("bytes 4-9/10");
    expect((await blob.get(server.sasUrl("logs/a.log"), { rangeStart: 10 })).status).toBe(416);
    expect((await blob.get(server.sasUrl("logs/none.log"))).status).toBe(404);
    const head = await blob.head(server.sasUrl("logs/a.log"));
    expect(head.headers.get("content-length")).toBe("10");
    expect(head.headers.get("x-ms-meta-complete")).toBe("Succeeded");
  });

  it("streams an upload from a body factory and sends the given Content-Length", async () => {
    const body = Buffer.alloc(300_000, 7);
    await blob.put(
      server.sasUrl("uploads/one.tar.gz"),
      () => Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
      {
        contentLength: body.length,
        headers: { "x-ms-blob-type": "BlockBlob" },
      },
    );
    const upload = server.uploads.get("/uploads/one.tar.gz")!;
    expect(upload.bytes).toBe(body.length);
    expect(upload.headers["content-length"]).toBe(String(body.length));
    expect(upload.headers["x-ms-blob-type"]).toBe("BlockBlob");
    expect(upload.headers["transfer-encoding"]).toBeUndefined();
  });

  it("retries transient failures, starting the upload stream again", async () => {
    let streamsStarted = 0;
    server.failNext(503, 500);
    await blob.put(server.sasUrl("uploads/retried"), () => {
      streamsStarted++;
      return Readable.from([Buffer.from("payload")]);
    });
    expect(streamsStarted).toBe(3);
    expect(server.uploads.get("/uploads/retried")?.body?.toString()).toBe("payload");
    server.failNext(503);
    server.appendLog("logs/retried.log", "abc");
    const read = await blob.get(server.sasUrl("logs/retried.log"), { rangeStart: 0 });
    expect((await streamToBuffer(read.body!)).toString()).toBe("abc");
  });

  it("never sends an Authorization header, and sends a storage version", async () => {
    await blob.head(server.sasUrl("logs/a.log"));
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.filter((request) => request.headers.authorization !== undefined)).toEqual([]);
    expect(server.requests.every((request) => typeof request.headers["x-ms-version"] === "string")).toBe(true);
  });

  it("keeps the SAS signature out of the errors it throws", async () => {
    server.failNext(403);
    const refused = await blob.head(server.sasUrl("logs/a.log")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BlobRequestError);
    expect(refused).toMatchObject({ statusCode: 403, code: "AuthenticationFailed" });
    expect((refused as Error).message).toContain(`${server.origin}/logs/a.log?<SAS redacted>`);

    const unreachable = createBlobTransport({ retryOptions: { maxRetries: 0 } });
    const refusedConnection = await unreachable
      .get(`https://127.0.0.1:1/logs/a.log?sv=1&sig=${SAS_SIGNATURE}`)
      .catch((e: unknown) => e);
    const untrusted = await createBlobTransport({ retryOptions: { maxRetries: 0 } })
      .get(server.sasUrl("logs/a.log"))
      .catch((e: unknown) => e);
    const insecure = await unreachable.get(`http://127.0.0.1:1/x?sig=${SAS_SIGNATURE}`).catch((e: unknown) => e);
    for (const error of [refused, refusedConnection, untrusted, insecure]) {
      expect(error).toBeInstanceOf(BlobRequestError);
      expect(`${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`).not.toContain(
        SAS_SIGNATURE,
      );
    }
    // Without the CA of the client options, the self-signed host is not trusted: the TLS options are what let it through.
    expect((untrusted as Error).message).toMatch(/certificate/i);
  });

  it("rejects with an AbortError when aborted during an upload", async () => {
    const controller = new AbortController();
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    const upload = blob.put(server.sasUrl("uploads/aborted"), () => endless, { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(upload).rejects.toMatchObject({ name: "AbortError" });
    expect(endless.destroyed).toBe(true);
  });
});
