// Small helpers over node's http objects shared by both listeners.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RecordedRequest } from "../runningEmulator.js";

/** Reads the whole body, chunked or not: no Content-Length is required. */
export async function readBody(request: IncomingMessage, limitBytes = 512 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new Error(`request body larger than ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  response.writeHead(status, {
    ...headers,
    ...(payload
      ? { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(payload.length) }
      : { "Content-Length": "0" }),
  });
  response.end(payload);
}

const maxRecordedRequests = 100_000;

/** Appends to the request log; a long-running emulator (the CLI) forgets the oldest half when it is full. */
export function recordRequest(requests: RecordedRequest[], record: RecordedRequest): void {
  if (requests.length >= maxRecordedRequests) requests.splice(0, maxRecordedRequests / 2);
  requests.push(record);
}

/** Records a request as it arrives at a listener (the tests read the log to see what reached which host). */
export function recordIncoming(
  server: RecordedRequest["server"],
  request: IncomingMessage,
  requests: RecordedRequest[],
): RecordedRequest {
  const record: RecordedRequest = {
    server,
    method: request.method ?? "GET",
    url: request.url ?? "/",
    ...localAddress(request),
    ...(request.headers.host !== undefined ? { hostHeader: request.headers.host } : {}),
    hasAuthorization: request.headers.authorization !== undefined,
  };
  recordRequest(requests, record);
  return record;
}

/** The local side of the connection, for the request log. */
export function localAddress(request: IncomingMessage): { host: string; port: number } {
  return { host: request.socket.localAddress ?? "", port: request.socket.localPort ?? 0 };
}

/**
 * The URL of a request as ARM reads it: runs of slashes in the path are one slash, so a client joining an
 * endpoint that ends with "/" to a path that starts with one (`//metadata/endpoints`, as the Azure CLI
 * sends it) is not read as naming a host.
 */
export function requestUrl(rawUrl: string | undefined, base: string): URL {
  const raw = rawUrl ?? "/";
  const queryAt = raw.indexOf("?");
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const query = queryAt < 0 ? "" : raw.slice(queryAt);
  return new URL(`${path.replace(/\/{2,}/g, "/")}${query}`, base);
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Formats a host for a URL: IPv6 literals need brackets. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
