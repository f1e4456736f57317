// The blob listener: an emulated storage account reached only through SAS URLs, path-style
// (https://127.0.0.1:PORT/{account}/...) or virtual-host style (Host: {account}.blob.{suffix}), see
// blobAddress.ts. Build contexts are uploaded here as block blobs; run logs are append blobs that grow
// while the run runs and carry `x-ms-meta-Complete` once it ends. Like Azure Storage, errors are XML
// with x-ms-error-code.
// A request with an Authorization header is refused: nothing but a SAS may reach this account, and
// tests check through `requests` that the ARM bearer token never comes here.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BlobAddressing } from "./blobAddress.js";
import type { FaultInjector } from "../net/faults.js";
import { readBody, recordIncoming } from "../net/http.js";
import { blobAccountName, verifyBlobSas, type SasPermission } from "./sas.js";
import type { Store } from "../state/store.js";
import type { RecordedRequest } from "../runningEmulator.js";

const storageVersion = "2021-08-06";

class BlobError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface BlobServerDependencies {
  store: Store;
  faults: FaultInjector;
  requests: RecordedRequest[];
  sasKey: () => string;
  addressing: BlobAddressing;
  log: (line: string) => void;
}

export function blobRequestListener(deps: BlobServerDependencies) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const record = recordIncoming("blob", request, deps.requests);
    void handle(deps, request, response, record).catch((error: unknown) => {
      const blobError =
        error instanceof BlobError
          ? error
          : new BlobError(500, "InternalError", "The server encountered an internal error.");
      if (!(error instanceof BlobError)) deps.log(`blob: unexpected failure ${(error as Error).stack ?? error}`);
      record.status = blobError.status;
      deps.log(`blob: ${record.method} ${record.url.split("?")[0]} -> ${blobError.status} ${blobError.code}`);
      if (!response.headersSent) sendError(response, request.method === "HEAD", blobError);
    });
  };
}

function sendError(response: ServerResponse, head: boolean, error: BlobError): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message></Error>`;
  response.writeHead(error.status, {
    ...error.headers,
    "x-ms-error-code": error.code,
    "x-ms-version": storageVersion,
    "Content-Type": "application/xml",
    "Content-Length": head ? "0" : String(Buffer.byteLength(xml)),
  });
  response.end(head ? undefined : xml);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

async function handle(
  deps: BlobServerDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  record: RecordedRequest,
): Promise<void> {
  const fault = await deps.faults.strike("blob", request, record);
  if (fault === "reset") return;
  if (fault) {
    const codes = { "429": "ServerBusy", "500": "InternalError", "503": "ServerBusy" } as const;
    throw new BlobError(Number(fault), codes[fault], "Injected fault.", fault === "429" ? { "Retry-After": "1" } : {});
  }
  if (request.headers.authorization !== undefined) {
    await readBody(request).catch(() => undefined);
    throw new BlobError(
      403,
      "AuthenticationFailed",
      "Server failed to authenticate the request. This account accepts SAS query authentication only; do not send an Authorization header.",
    );
  }
  const url = new URL(request.url ?? "/", "https://blob.invalid");
  const hostname = String(request.headers.host ?? "")
    .replace(/:\d+$/, "")
    .replace(/^\[|\]$/g, "");
  const blobPath = deps.addressing.blobPath(hostname, url.pathname);
  if (blobPath === undefined) {
    throw new BlobError(
      400,
      "InvalidUri",
      `The requested URI does not represent a blob of account '${blobAccountName}' (https://${deps.addressing.virtualHost}/{container}/{blob} or /${blobAccountName}/{container}/{blob}).`,
    );
  }
  const method = (request.method ?? "GET").toUpperCase();
  const needed: SasPermission | undefined =
    method === "PUT" ? "c" : method === "GET" || method === "HEAD" ? "r" : undefined;
  if (!needed) throw new BlobError(405, "UnsupportedHttpVerb", `The resource doesn't support the HTTP verb ${method}.`);
  const sas = verifyBlobSas(deps.sasKey(), blobPath, url.searchParams, needed);
  if (!sas.ok) throw new BlobError(sas.status, sas.code, sas.message);

  if (method === "PUT") {
    const blobType = request.headers["x-ms-blob-type"];
    if (blobType === undefined)
      throw new BlobError(
        400,
        "MissingRequiredHeader",
        "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type.",
      );
    if (String(blobType) !== "BlockBlob")
      throw new BlobError(
        400,
        "InvalidHeaderValue",
        `The value '${blobType}' of x-ms-blob-type is not supported here: upload build contexts as BlockBlob.`,
      );
    const content = await readBody(request);
    const blob = deps.store.putBlob(
      blobPath,
      "BlockBlob",
      content,
      String(
        request.headers["x-ms-blob-content-type"] ?? request.headers["content-type"] ?? "application/octet-stream",
      ),
    );
    record.status = 201;
    deps.log(`blob: PUT ${blobPath} (${content.length} bytes) -> 201`);
    response.writeHead(201, {
      ETag: blob.etag,
      "Last-Modified": blob.lastModified,
      "x-ms-request-server-encrypted": "true",
      "x-ms-version": storageVersion,
      "x-ms-request-id": randomUUID(),
      "Content-Length": "0",
    });
    response.end();
    return;
  }

  const found = deps.store.blob(blobPath);
  if (!found) throw new BlobError(404, "BlobNotFound", "The specified blob does not exist.");
  const { record: blob, content } = found;
  const headers: Record<string, string> = {
    "x-ms-blob-type": blob.kind,
    "Content-Type": blob.contentType,
    ETag: blob.etag,
    "Last-Modified": blob.lastModified,
    "Accept-Ranges": "bytes",
    "x-ms-version": storageVersion,
    "x-ms-request-id": randomUUID(),
    ...(blob.kind === "AppendBlob" ? { "x-ms-blob-committed-block-count": String(content.length > 0 ? 1 : 0) } : {}),
    ...Object.fromEntries(Object.entries(blob.metadata).map(([name, value]) => [`x-ms-meta-${name}`, value])),
  };
  const range = parseRange(request.headers["x-ms-range"] ?? request.headers.range, content.length);
  let status = 200;
  let body = content;
  if (range) {
    status = 206;
    body = content.subarray(range.start, range.end + 1);
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${content.length}`;
  }
  headers["Content-Length"] = String(body.length);
  record.status = status;
  response.writeHead(status, headers);
  response.end(method === "HEAD" ? undefined : body);
}

/** `bytes=N-` or `bytes=N-M`; a start at or beyond the end is 416 InvalidRange, as Azure answers. */
function parseRange(header: string | string[] | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d*)$/.exec(String(header).trim());
  if (!match)
    throw new BlobError(400, "InvalidHeaderValue", `The range '${header}' is not of the form bytes=start-[end].`);
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) {
    throw new BlobError(416, "InvalidRange", "The range specified is invalid for the current size of the resource.", {
      "Content-Range": `bytes */${size}`,
    });
  }
  return { start, end };
}
