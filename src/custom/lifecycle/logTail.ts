// The last lines of a run's log, for RunFailedError: the failing step's output is at the end of the log.
// One ranged GET of the log's last LOG_TAIL_BYTES, never the whole log (it can be many megabytes).
import type { AbortSignalLike } from "@azure/abort-controller";
import type { BlobTransport } from "./blobTransport.js";
import { LogLineSplitter } from "./logLines.js";

export const LOG_TAIL_LINES = 50;
/** Enough for 50 lines of ~1.3 KB, far more than ACR's timestamped log lines usually take. */
export const LOG_TAIL_BYTES = 64 * 1024;

/** The log cannot be read: the message says why (it never holds the SAS). */
export class LogUnreadableError extends Error {
  override readonly name = "LogUnreadableError";
}

/**
 * Up to LOG_TAIL_LINES last lines of the log at `url`, without line endings. `length` is the log's
 * size when known (a HEAD finds it otherwise). A first line cut by the range is left out.
 */
export async function readLogTail(
  blob: BlobTransport,
  url: string,
  length: number | undefined,
  signal: AbortSignalLike | undefined,
): Promise<string[]> {
  if (length === undefined) {
    const head = await blob.head(url, { abortSignal: signal });
    if (head.status === 404) throw new LogUnreadableError("the run has no log (the storage host answered 404)");
    length = Number(head.headers.get("content-length"));
    if (!Number.isFinite(length)) throw new LogUnreadableError("the storage host did not give the log's length");
  }
  if (length <= 0) return [];
  const start = Math.max(0, length - LOG_TAIL_BYTES);
  const response = await blob.get(url, { rangeStart: start, rangeEnd: length - 1, abortSignal: signal });
  if (!response.body)
    throw new LogUnreadableError(
      `the storage host answered ${response.status} to a read of the log's last ${length - start} bytes`,
    );
  const { bytes, cut } = await lastBytes(response.body, LOG_TAIL_BYTES);
  const splitter = new LogLineSplitter();
  const lines = [...splitter.push(bytes), ...splitter.end()];
  // Starting mid-log, the first line is (most likely) the end of a longer one.
  if (start > 0 || cut) lines.shift();
  return lines.slice(-LOG_TAIL_LINES);
}

/** The last `limit` bytes of a body; a host that ignored the range still costs no more memory than that. */
async function lastBytes(body: NodeJS.ReadableStream, limit: number): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const chunks: Buffer[] = [];
  let held = 0;
  let cut = false;
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const bytes =
      typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    chunks.push(bytes);
    held += bytes.length;
    while (held - chunks[0]!.length >= limit) {
      held -= chunks.shift()!.length;
      cut = true;
    }
  }
  const all = Buffer.concat(chunks);
  if (all.length > limit) cut = true;
  return { bytes: all.subarray(Math.max(0, all.length - limit)), cut };
}
