// Streams a run's log as lines, the way `az acr task logs` follows it: the log is an append blob that
// grows while the run runs, read by byte ranges from where the last read stopped. It is finished once
// the blob carries the "Complete" metadata (whose value is the run's status) and every byte is read.
// ARM is asked for the log link, and about the run only by the rare safety-net checks (safetyNet.ts).
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { RunsOperations } from "../../generated/groups/runs.js";
import type { Run } from "../../generated/v2019_06_01_preview/models.js";
import { logger } from "../logger.js";
import { delay } from "@azure/core-util";
import { isAbortError, throwIfAborted } from "./abort.js";
import { BlobRequestError, redactBlobUrl, type BlobReadResponse, type BlobTransport } from "./blobTransport.js";
import { RunLogIdleTimeoutError } from "./errors.js";
import { LogLineSplitter } from "./logLines.js";
import { completeStatus, fetchLogLink } from "./logWatch.js";
import { isRunFinished } from "./runState.js";
import { DEFAULT_SAFETY_NET_INTERVAL_MS, SafetyNet } from "./safetyNet.js";
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalMilliseconds,
  requireRegistryAddress,
  requireString,
} from "./validateInputs.js";

export const DEFAULT_LOG_POLL_INTERVAL_MS = 1_000;
export const DEFAULT_LOG_MAX_POLL_INTERVAL_MS = 10_000;
/** Idle polls granted, after a safety net saw the run finished, for the log to be marked complete. */
const FINISHED_RUN_GRACE_POLLS = 3;
/** Connections dropped in the middle of a body, in a row, before giving up. */
const MAX_CONSECUTIVE_BODY_FAILURES = 3;

export interface StreamLogsOptions {
  /** Ends the iteration with an AbortError; no request is sent after it fires. */
  abortSignal?: AbortSignalLike;
  /** Keep reading while the run runs (default). With false, stop at the current end of the log. */
  follow?: boolean;
  /** Throw a {@link RunLogIdleTimeoutError} when no new output arrives for this long. No limit by default. */
  idleTimeoutMs?: number;
  /** The delay before reading again after new output, and the first delay while idle. Default 1 s. */
  pollIntervalMs?: number;
  /** The cap of the idle delay, which doubles while nothing new arrives. Default 10 s. */
  maxPollIntervalMs?: number;
  /** The least delay before a safety-net Runs_Get while the log does not end (later ones come rarer). Default 30 s. */
  safetyNetIntervalMs?: number;
}

/**
 * The lines of a run's log, without their line endings. Iterate it once with `for await`.
 *
 * `finalRun` settles once the iteration has ended: it resolves to the run as fetched at that point
 * (its final status when the log was followed to completion; possibly still running after
 * `follow: false`, a `break`, or when the log never appeared), and rejects with the iteration's error
 * if the iteration threw. It is fetched lazily: reading `finalRun` costs one Runs_Get at most, and
 * nothing if the run was already seen finished. It never settles if the stream is never iterated.
 */
export interface RunLogStream extends AsyncIterable<string> {
  readonly finalRun: Promise<Run>;
}

interface LogSource {
  runs: Pick<RunsOperations, "get" | "getLogSasUrl">;
  blob: BlobTransport;
  resourceGroupName: string;
  registryName: string;
  runId: string;
  signal: AbortSignalLike | undefined;
}

export function streamLogs(
  runs: Pick<RunsOperations, "get" | "getLogSasUrl">,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  runId: string,
  options: StreamLogsOptions = {},
): RunLogStream {
  requireRegistryAddress(resourceGroupName, registryName);
  requireString("runId", runId);
  optionalAbortSignal(options.abortSignal);
  optionalBoolean("follow", options.follow);
  optionalMilliseconds("idleTimeoutMs", options.idleTimeoutMs);
  optionalMilliseconds("pollIntervalMs", options.pollIntervalMs, 1); // 0 would poll in a tight loop
  optionalMilliseconds("maxPollIntervalMs", options.maxPollIntervalMs);
  optionalMilliseconds("safetyNetIntervalMs", options.safetyNetIntervalMs, 1);
  const source: LogSource = { runs, blob, resourceGroupName, registryName, runId, signal: options.abortSignal };

  let iterated = false;
  let settle!: { resolve: (run: Run | undefined) => void; reject: (error: unknown) => void };
  const ended = new Promise<Run | undefined>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody has to look at `ended`: the error also reaches whoever iterates.
  ended.catch(() => undefined);
  let finalRun: Promise<Run> | undefined;

  return {
    [Symbol.asyncIterator]() {
      if (iterated)
        throw new Error("A RunLogStream can be iterated only once: call streamLogs again to read the log again.");
      iterated = true;
      return iterateLog(source, options, settle);
    },
    get finalRun() {
      finalRun ??= ended.then((lastRun) =>
        lastRun && isRunFinished(lastRun)
          ? lastRun
          : runs.get(resourceGroupName, registryName, runId, { abortSignal: options.abortSignal }),
      );
      return finalRun;
    },
  };
}

async function* iterateLog(
  source: LogSource,
  options: StreamLogsOptions,
  settle: { resolve: (run: Run | undefined) => void; reject: (error: unknown) => void },
): AsyncGenerator<string, void, undefined> {
  const progress: LogProgress = { offset: 0, lastRun: undefined };
  try {
    yield* readLogLines(source, options, progress);
  } catch (error) {
    settle.reject(error);
    throw error;
  } finally {
    // Reached on normal end and when the consumer breaks out (then `reject` above did not run).
    settle.resolve(progress.lastRun);
  }
}

interface LogProgress {
  /** Bytes of the log consumed so far: the next read starts here. */
  offset: number;
  /** The run as last fetched by a safety net, if it was. */
  lastRun: Run | undefined;
}

async function* readLogLines(
  source: LogSource,
  options: StreamLogsOptions,
  progress: LogProgress,
): AsyncGenerator<string, void, undefined> {
  const { blob, signal } = source;
  const follow = options.follow ?? true;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_LOG_POLL_INTERVAL_MS;
  const maxPollIntervalMs = Math.max(pollIntervalMs, options.maxPollIntervalMs ?? DEFAULT_LOG_MAX_POLL_INTERVAL_MS);
  const splitter = new LogLineSplitter();
  const safetyNet = new SafetyNet(options.safetyNetIntervalMs ?? DEFAULT_SAFETY_NET_INTERVAL_MS);
  let url = await fetchLogUrl(source);
  let idleDelayMs = pollIntervalMs;
  let lastOutputAt = Date.now();
  let finishedRunIdlePolls = 0;
  let urlRefreshedSinceLastRead = false;
  let bodyFailures = 0;

  for (;;) {
    throwIfAborted(signal);
    let response: BlobReadResponse;
    try {
      response = await blob.get(url, { rangeStart: progress.offset, abortSignal: signal });
    } catch (error) {
      // A long follow can outlive the SAS: ask for a fresh link once before giving up.
      if (error instanceof BlobRequestError && error.statusCode === 403 && !urlRefreshedSinceLastRead) {
        logger.info(`Log link of run ${source.runId} refused (403); asking for a new one.`);
        url = await fetchLogUrl(source);
        urlRefreshedSinceLastRead = true;
        continue;
      }
      throw error;
    }

    const before = progress.offset;
    if (response.body) {
      const outcome = yield* readBody(response, progress, splitter, signal);
      if (outcome === "dropped") {
        if (++bodyFailures > MAX_CONSECUTIVE_BODY_FAILURES) {
          throw new BlobRequestError("GET", url, {
            message: `the connection dropped ${bodyFailures} times in a row while reading the log`,
          });
        }
        logger.warning(
          `Reading the log of run ${source.runId} from ${redactBlobUrl(url)} was interrupted; resuming at byte ${progress.offset}.`,
        );
        continue;
      }
      bodyFailures = 0;
    }
    const gotOutput = progress.offset > before;
    if (gotOutput) {
      urlRefreshedSinceLastRead = false;
      safetyNet.logGrew(progress.offset);
    }

    const total = totalLength(response);
    if (completeStatus(response.headers) !== undefined && total !== undefined && progress.offset >= total) break;
    if (!follow) break;
    if (gotOutput) {
      lastOutputAt = Date.now();
      idleDelayMs = pollIntervalMs;
      finishedRunIdlePolls = 0;
      await delay(pollIntervalMs, { abortSignal: signal });
      continue;
    }

    // Nothing new (404 before the blob exists, 416 at its end): is the log finished?
    const head = await blob.head(url, { abortSignal: signal });
    if (head.status === 200) {
      const length = Number(head.headers.get("content-length"));
      const hasMore = Number.isFinite(length) && length > progress.offset;
      if (!hasMore && completeStatus(head.headers) !== undefined) break;
      if (hasMore) {
        await delay(pollIntervalMs, { abortSignal: signal });
        continue;
      }
    }
    // Not complete. A run that ended without ever getting a complete log (canceled while queued, say)
    // must not be followed forever: a safety net now and then looks at the run, and once it is seen
    // finished the log gets a few idle polls to be marked complete before the stream stops.
    if (!(progress.lastRun && isRunFinished(progress.lastRun)) && safetyNet.isDue()) {
      safetyNet.checked();
      progress.lastRun = await source.runs.get(source.resourceGroupName, source.registryName, source.runId, {
        abortSignal: signal,
      });
    }
    if (progress.lastRun && isRunFinished(progress.lastRun) && ++finishedRunIdlePolls >= FINISHED_RUN_GRACE_POLLS) {
      logger.info(
        `Run ${source.runId} has ended but its log is not marked complete; stopping after ${progress.offset} bytes.`,
      );
      break;
    }
    const idleFor = Date.now() - lastOutputAt;
    if (options.idleTimeoutMs !== undefined && idleFor >= options.idleTimeoutMs) {
      throw new RunLogIdleTimeoutError(source.runId, options.idleTimeoutMs, progress.offset);
    }
    const untilIdleTimeout = options.idleTimeoutMs === undefined ? Infinity : options.idleTimeoutMs - idleFor;
    await delay(Math.min(idleDelayMs, untilIdleTimeout), { abortSignal: signal });
    idleDelayMs = Math.min(idleDelayMs * 2, maxPollIntervalMs);
  }
  yield* splitter.end();
}

/**
 * Feeds one response body to the splitter, yielding the lines it completes. Resolves to "dropped" when
 * the connection broke mid-body: the bytes already consumed count, and the next read resumes after them.
 */
async function* readBody(
  response: BlobReadResponse,
  progress: LogProgress,
  splitter: LogLineSplitter,
  signal: AbortSignalLike | undefined,
): AsyncGenerator<string, "read" | "dropped", undefined> {
  const body = response.body as NodeJS.ReadableStream & { destroy?: () => void; readableEnded?: boolean };
  // A host that ignored the Range header sent the whole blob: skip what was already read.
  let toSkip = response.status === 200 ? progress.offset : 0;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      let bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (toSkip > 0) {
        const skipped = Math.min(toSkip, bytes.length);
        toSkip -= skipped;
        bytes = bytes.subarray(skipped);
      }
      if (bytes.length === 0) continue;
      progress.offset += bytes.length;
      for (const line of splitter.push(bytes)) yield line;
    }
    return "read";
  } catch (error) {
    if (signal?.aborted) throw new AbortError("The operation was aborted.");
    if (isAbortError(error)) throw error;
    return "dropped";
  } finally {
    // The consumer may stop in the middle (break, abort): release the connection.
    if (!body.readableEnded) body.destroy?.();
  }
}

async function fetchLogUrl(source: LogSource): Promise<string> {
  // logLink is the run's log blob; an archived run's log may only be reachable through logArtifactLink.
  return (await fetchLogLink(source.runs, source, source.signal)).url;
}

/** The blob's full length: from Content-Range ("bytes 0-99/100") for a 206, Content-Length for a 200. */
function totalLength(response: BlobReadResponse): number | undefined {
  const range = response.headers.get("content-range");
  const fromRange = range ? Number(/\/(\d+)\s*$/.exec(range)?.[1]) : NaN;
  if (Number.isFinite(fromRange)) return fromRange;
  if (response.status === 200) {
    const length = Number(response.headers.get("content-length"));
    return Number.isFinite(length) ? length : undefined;
  }
  return undefined;
}
