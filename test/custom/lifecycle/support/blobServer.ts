// A tiny HTTPS storage host for the tests: block blobs by PUT, append-blob logs read by range, the
// "Complete" metadata, and scripted failures. It records every request so tests can assert on them.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { generate } from "selfsigned";

export interface RecordedBlobRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface StoredBlob {
  data: Buffer;
  /** The value of the Complete metadata (the run's status) once set. */
  complete?: string;
}

export interface UploadSummary {
  bytes: number;
  sha256: string;
  headers: IncomingMessage["headers"];
  /** The body, when the server keeps uploads (keepUploads). */
  body?: Buffer;
}

export interface TestBlobServer {
  readonly ca: string;
  readonly origin: string;
  readonly requests: RecordedBlobRequest[];
  readonly blobs: Map<string, StoredBlob>;
  readonly uploads: Map<string, UploadSummary>;
  /** A SAS-looking URL for a blob path; its `sig` is the secret that must never show up anywhere. */
  sasUrl(blobPath: string): string;
  appendLog(blobPath: string, bytes: Buffer | string): void;
  completeLog(blobPath: string, status: string): void;
  /** Answers the next requests (any method) with these statuses instead of serving them. */
  failNext(...statuses: number[]): void;
  /** Runs before a request is served (after failures), e.g. to grow a log between reads. */
  beforeServe?: (request: RecordedBlobRequest) => void;
  close(): Promise<void>;
}

export const SAS_SIGNATURE = "SeCrEtSiGnAtUrE%2Bvalue%3D";

let certificate: Promise<{ cert: string; key: string }> | undefined;

function serverCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

export async function startBlobServer(
  options: { keepUploads?: boolean; metadataOnGet?: boolean } = {},
): Promise<TestBlobServer> {
  const { cert, key } = await serverCertificate();
  const requests: RecordedBlobRequest[] = [];
  const blobs = new Map<string, StoredBlob>();
  const uploads = new Map<string, UploadSummary>();
  const failures: number[] = [];
  const keepUploads = options.keepUploads ?? true;

  const server: Server = createServer({ cert, key }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://localhost");
    const recorded = { method: req.method ?? "", path: url.pathname, headers: req.headers };
    requests.push(recorded);
    const failure = failures.shift();
    if (failure !== undefined) {
      req.resume();
      res.writeHead(failure, { "x-ms-error-code": failure === 403 ? "AuthenticationFailed" : "ServerBusy" });
      res.end(`<?xml version="1.0"?><Error><Code>Scripted</Code><Message>url was ${req.url}</Message></Error>`);
      return;
    }
    handle.beforeServe?.(recorded);
    serve(req, res, url.pathname);
  });

  function serve(req: IncomingMessage, res: ServerResponse, blobPath: string): void {
    if (req.method === "PUT") {
      const hash = createHash("sha256");
      const chunks: Buffer[] = [];
      let bytes = 0;
      req.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
        if (keepUploads) chunks.push(chunk);
      });
      req.on("end", () => {
        uploads.set(blobPath, {
          bytes,
          sha256: hash.digest("hex"),
          headers: req.headers,
          body: keepUploads ? Buffer.concat(chunks) : undefined,
        });
        res.writeHead(201).end();
      });
      return;
    }
    const blob = blobs.get(blobPath);
    if (!blob) {
      res.writeHead(404, { "x-ms-error-code": "BlobNotFound" }).end();
      return;
    }
    const metadata: Record<string, string> = blob.complete !== undefined ? { "x-ms-meta-Complete": blob.complete } : {};
    if (req.method === "HEAD") {
      res.writeHead(200, { "Content-Length": String(blob.data.length), ...metadata }).end();
      return;
    }
    const onGet = options.metadataOnGet ? metadata : {};
    const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ""));
    if (!range) {
      res.writeHead(200, { "Content-Length": String(blob.data.length), ...onGet }).end(blob.data);
      return;
    }
    const start = Number(range[1]);
    if (start >= blob.data.length) {
      res.writeHead(416, { "Content-Range": `bytes */${blob.data.length}` }).end();
      return;
    }
    const body = blob.data.subarray(start);
    res
      .writeHead(206, {
        "Content-Length": String(body.length),
        "Content-Range": `bytes ${start}-${blob.data.length - 1}/${blob.data.length}`,
        ...onGet,
      })
      .end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;

  const handle: TestBlobServer = {
    ca: cert,
    origin,
    requests,
    blobs,
    uploads,
    sasUrl: (blobPath) =>
      `${origin}/${blobPath.replace(/^\//, "")}?sv=2020-10-02&sr=b&sp=racw&se=2099-01-01&sig=${SAS_SIGNATURE}`,
    appendLog(blobPath, bytes) {
      const key = `/${blobPath.replace(/^\//, "")}`;
      const existing = blobs.get(key);
      const data = Buffer.concat([existing?.data ?? Buffer.alloc(0), Buffer.from(bytes)]);
      blobs.set(key, { ...existing, data });
    },
    completeLog(blobPath, status) {
      const key = `/${blobPath.replace(/^\//, "")}`;
      const existing = blobs.get(key) ?? { data: Buffer.alloc(0) };
      blobs.set(key, { ...existing, complete: status });
    },
    failNext: (...statuses) => void failures.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}
