// Streams a run's log as lines, the way `az acr task logs` follows it: read by byte ranges from where the
// last read stopped (RunLogFollower), finished once the log is marked complete and every byte is read.
// While nothing new comes, waitUntil paces the reads: again after pollIntervalMs, then a delay that
// doubles up to maxPollIntervalMs. ARM is asked for the log link, and about the run only by the rare
// safety-net checks (safetyNet.ts).
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { RunsOperations } from "../../generated/groups/runs.js";
import type { Run } from "../../generated/v2019_06_01_preview/models.js";
import { logger } from "../logger.js";
import { isAbortError, throwIfAborted } from "./abort.js";
import { BlobRequestError, redactBlobUrl, type BlobReadResponse, type BlobTransport } from "./blobTransport.js";
import { RunLogIdleTimeoutError } from "./errors.js";
import { LogLineSplitter } from "./logLines.js";
import { RunLogFollower } from "./runLogFollower.js";
import { isRunFinished } from "./runState.js";
import { DEFAULT_SAFETY_NET_INTERVAL_MS, SafetyNet } from "./safetyNet.js";
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalMilliseconds,
  requireRegistryAddress,
  requireString,
} from "./validateInputs.js";
import { waitUntil } from "./waiter.js";

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

type Runs = Pick<RunsOperations, "get" | "getLogSasUrl">;

export function streamLogs(
  runs: Runs,
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
  const log = new RunLogFollower(runs, blob, { resourceGroupName, registryName, runId });

  let reader: LogReader | undefined;
  let settle!: { resolve: (run: Run | undefined) => void; reject: (error: unknown) => void };
  const ended = new Promise<Run | undefined>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody has to look at `ended`: the error also reaches whoever iterates.
  ended.catch(() => undefined);
  let finalRun: Promise<Run> | undefined;

  return {
    [Symbol.asyncIterator]() {
      if (reader)
        throw new Error("A RunLogStream can be iterated only once: call streamLogs again to read the log again.");
      reader = new LogReader(runs, log, options);
      return iterateLog(reader, settle);
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
  reader: LogReader,
  settle: { resolve: (run: Run | undefined) => void; reject: (error: unknown) => void },
): AsyncGenerator<string, void, undefined> {
  try {
    yield* reader.lines();
  } catch (error) {
    settle.reject(error);
    throw error;
  } finally {
    // Reached on normal end and when the consumer breaks out (then `reject` above did not run).
    settle.resolve(reader.lastRun);
  }
}

/**
 * What one look at the log found: bytes not read yet (the response that carries them), its end, more
 * bytes than the read found (it grew since: read again at once), or nothing new.
 */
type Look = { kind: "output"; response: BlobReadResponse } | { kind: "ended" | "growing" | "idle" };

/** One iteration of a stream: where it is in the log, and what it knows of the run. */
class LogReader {
  /** Bytes of the log consumed so far: the next read starts here. */
  offset = 0;
  /** The run as last fetched by a safety net, if it was. */
  lastRun: Run | undefined;
  private readonly signal: AbortSignalLike | undefined;
  private readonly splitter = new LogLineSplitter();
  private readonly safetyNet: SafetyNet;
  private readonly pollIntervalMs: number;
  private readonly maxPollIntervalMs: number;
  private lastOutputAt = Date.now();
  private finishedRunIdlePolls = 0;

  constructor(
    private readonly runs: Runs,
    private readonly log: RunLogFollower,
    private readonly options: StreamLogsOptions,
  ) {
    this.signal = options.abortSignal;
    this.safetyNet = new SafetyNet(options.safetyNetIntervalMs ?? DEFAULT_SAFETY_NET_INTERVAL_MS);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_LOG_POLL_INTERVAL_MS;
    this.maxPollIntervalMs = Math.max(
      this.pollIntervalMs,
      options.maxPollIntervalMs ?? DEFAULT_LOG_MAX_POLL_INTERVAL_MS,
    );
  }

  async *lines(): AsyncGenerator<string, void, undefined> {
    const follow = this.options.follow ?? true;
    // The pause before the next read: none at first and after a dropped connection.
    let pauseMs: number | undefined;
    let bodyFailures = 0;
    for (;;) {
      throwIfAborted(this.signal);
      const response = follow ? await this.nextOutput(pauseMs) : await this.readNewBytes();
      if (!response) break;
      const before = this.offset;
      if ((yield* this.readBody(response)) === "dropped") {
        const url = this.log.url!;
        if (++bodyFailures > MAX_CONSECUTIVE_BODY_FAILURES) {
          throw new BlobRequestError("GET", url, {
            message: `the connection dropped ${bodyFailures} times in a row while reading the log`,
          });
        }
        logger.warning(
          `Reading the log of run ${this.log.address.runId} from ${redactBlobUrl(url)} was interrupted; resuming at byte ${this.offset}.`,
        );
        pauseMs = undefined;
        continue;
      }
      bodyFailures = 0;
      if (this.offset > before) {
        this.safetyNet.logGrew(this.offset);
        this.lastOutputAt = Date.now();
        this.finishedRunIdlePolls = 0;
      }
      if (!follow || this.log.isCompleteAt(this.offset)) break;
      pauseMs = this.pollIntervalMs;
    }
    yield* this.splitter.end();
  }

  /**
   * Waits until the log has bytes not read yet and resolves to the response that carries them, or to
   * undefined once the log has ended. Throws a RunLogIdleTimeoutError after idleTimeoutMs without output.
   */
  private async nextOutput(pauseMs: number | undefined): Promise<BlobReadResponse | undefined> {
    const { idleTimeoutMs } = this.options;
    const result = await waitUntil<Look>({
      startAfterMs: pauseMs,
      attempt: async (signal) => {
        const look = await this.lookForOutput(signal);
        return { value: look, progressed: look.kind === "growing" };
      },
      check: (look) => ({ state: look.kind === "output" || look.kind === "ended" ? "success" : "retry" }),
      minDelayMs: this.pollIntervalMs,
      maxDelayMs: this.maxPollIntervalMs,
      maxWaitMs:
        idleTimeoutMs === undefined ? undefined : Math.max(0, idleTimeoutMs - (Date.now() - this.lastOutputAt)),
      abortSignal: this.signal,
      // No jitter: one reader's idle delay doubles exactly, as the options say.
      random: () => 1,
    });
    if (result.state === "timeout")
      throw new RunLogIdleTimeoutError(this.log.address.runId, idleTimeoutMs ?? 0, this.offset);
    return result.value.kind === "output" ? result.value.response : undefined;
  }

  /** One look: a read from the offset; when it brings nothing, the log's properties, and now and then the run. */
  private async lookForOutput(signal: AbortSignal): Promise<Look> {
    const response = await this.readNewBytes();
    if (response) return { kind: "output", response };
    if (this.log.isCompleteAt(this.offset)) return { kind: "ended" };
    // Nothing new (404 before the blob exists, 416 at its end): is the log finished?
    await this.log.look(signal);
    if (this.log.isCompleteAt(this.offset)) return { kind: "ended" };
    if (this.log.length > this.offset) return { kind: "growing" };
    // Not complete. A run that ended without ever getting a complete log (canceled while queued, say)
    // must not be followed forever: a safety net now and then looks at the run, and once it is seen
    // finished the log gets a few idle polls to be marked complete before the stream stops.
    if (!(this.lastRun && isRunFinished(this.lastRun)) && this.safetyNet.isDue()) {
      this.safetyNet.checked();
      const { resourceGroupName, registryName, runId } = this.log.address;
      this.lastRun = await this.runs.get(resourceGroupName, registryName, runId, { abortSignal: signal });
    }
    if (this.lastRun && isRunFinished(this.lastRun) && ++this.finishedRunIdlePolls >= FINISHED_RUN_GRACE_POLLS) {
      logger.info(
        `Run ${this.log.address.runId} has ended but its log is not marked complete; stopping after ${this.offset} bytes.`,
      );
      return { kind: "ended" };
    }
    return { kind: "idle" };
  }

  /** A read from the offset: the response when it carries bytes not read yet, else undefined. */
  private async readNewBytes(): Promise<BlobReadResponse | undefined> {
    // The body is read after the wait that found it has returned, so the read follows the caller's
    // signal itself (not the wait's): an abort while its lines are read destroys it.
    const response = await this.log.read(this.offset, this.signal);
    return response.body ? response : undefined;
  }

  /**
   * Feeds one response body to the splitter, yielding the lines it completes. Resolves to "dropped" when
   * the connection broke mid-body: the bytes already consumed count, and the next read resumes after them.
   */
  private async *readBody(response: BlobReadResponse): AsyncGenerator<string, "read" | "dropped", undefined> {
    const body = response.body as NodeJS.ReadableStream & { destroy?: () => void; readableEnded?: boolean };
    // A host that ignored the Range header sent the whole blob: skip what was already read.
    let toSkip = response.status === 200 ? this.offset : 0;
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
        let bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        if (toSkip > 0) {
          const skipped = Math.min(toSkip, bytes.length);
          toSkip -= skipped;
          bytes = bytes.subarray(skipped);
        }
        if (bytes.length === 0) continue;
        this.offset += bytes.length;
        for (const line of this.splitter.push(bytes)) yield line;
      }
      return "read";
    } catch (error) {
      if (this.signal?.aborted) throw new AbortError("The operation was aborted.");
      if (isAbortError(error)) throw error;
      return "dropped";
    } finally {
      // The consumer may stop in the middle (break, abort): release the connection.
      if (!body.readableEnded) body.destroy?.();
    }
  }
}
