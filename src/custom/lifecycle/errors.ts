// The errors specific to the run-lifecycle helpers. Each message stands on its own in a log.
import type { Run, RunStatus } from "../../generated/v2019_06_01_preview/models.js";

/** What a failed wait could read of the run's log. */
export interface RunLogTail {
  /** The last lines of the log (at most 50). */
  lines: readonly string[];
  /** Why there are none, when the log could not be read. */
  readError?: string;
}

/** A run ended in Failed, Error, Timeout or Canceled. */
export class RunFailedError extends Error {
  override readonly name = "RunFailedError";
  /** The run as last fetched. */
  readonly run: Run;
  readonly status: RunStatus | undefined;
  /** The service's explanation, when it gave one. */
  readonly runErrorMessage: string | undefined;
  /** The last lines of the run's log (at most 50, without line endings): the failing step's output. Empty when the log could not be read. */
  readonly logTail: readonly string[];
  /** Why `logTail` is empty, when the log could not be read. */
  readonly logReadError: string | undefined;

  /** `log` is what could be read of the run's log; without it, the error says the log may tell why. */
  constructor(run: Run, runId: string, log?: RunLogTail) {
    const status = run.properties?.status;
    const reason = run.properties?.runErrorMessage;
    super(failureMessage(runId, status, reason, log));
    this.run = run;
    this.status = status;
    this.runErrorMessage = reason;
    this.logTail = Object.freeze([...(log?.lines ?? [])]);
    this.logReadError = log?.readError;
  }
}

/** One line, whatever the service and the storage host said. */
function failureMessage(
  runId: string,
  status: string | undefined,
  reason: string | undefined,
  log: RunLogTail | undefined,
): string {
  const head = `Run ${runId} ended with status ${status ?? "(none)"}`;
  if (!log)
    return reason
      ? `${head}: ${oneLine(reason)}`
      : `${head} (the service gave no error message; the run's log may say why)`;
  const unreadable = log.readError ? `its log could not be read: ${oneLine(log.readError)}` : undefined;
  if (reason) return `${head}: ${oneLine(reason)}${unreadable ? ` (${unreadable})` : ""}`;
  if (unreadable) return `${head} (the service gave no error message, and ${unreadable})`;
  if (log.lines.length)
    return `${head} (the service gave no error message; the last ${log.lines.length} lines of its log are in logTail)`;
  return `${head} (the service gave no error message, and its log is empty)`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** waitForCompletion gave up after maxWaitMs; the run may still be going. */
export class RunWaitTimeoutError extends Error {
  override readonly name = "RunWaitTimeoutError";
  /** The run as last fetched, if any fetch completed. */
  readonly run: Run | undefined;
  readonly maxWaitMs: number;

  constructor(runId: string, maxWaitMs: number, run: Run | undefined) {
    const status = run?.properties?.status;
    super(
      `Run ${runId} did not finish within maxWaitMs (${maxWaitMs} ms); ` +
        `its last known status is ${status ?? "unknown"}. It is still running on the service: wait again, or cancel it.`,
    );
    this.run = run;
    this.maxWaitMs = maxWaitMs;
  }
}

/** waitForAll gave up after maxWaitMs; the runs not finished may still be going. */
export class WaitForAllTimeoutError extends Error {
  override readonly name = "WaitForAllTimeoutError";
  /** The runs as last fetched, in the order of the run ids given (undefined for one never fetched). */
  readonly runs: readonly (Run | undefined)[];
  /** The ids of the runs that had not finished (as far as their status or their log said). */
  readonly unfinishedRunIds: readonly string[];
  /** The limit that was reached. */
  readonly maxWaitMs: number;

  constructor(maxWaitMs: number, runs: readonly (Run | undefined)[], unfinishedRunIds: readonly string[]) {
    const shown =
      unfinishedRunIds.slice(0, 10).join(", ") +
      (unfinishedRunIds.length > 10 ? `, and ${unfinishedRunIds.length - 10} more` : "");
    super(
      `${unfinishedRunIds.length} of ${runs.length} runs did not finish within maxWaitMs (${maxWaitMs} ms): ${shown}. ` +
        `They are still running on the service: wait again, or cancel them.`,
    );
    this.runs = Object.freeze([...runs]);
    this.unfinishedRunIds = Object.freeze([...unfinishedRunIds]);
    this.maxWaitMs = maxWaitMs;
  }
}

/** streamLogs saw no new log output for idleTimeoutMs while the log was not complete. */
export class RunLogIdleTimeoutError extends Error {
  override readonly name = "RunLogIdleTimeoutError";
  constructor(
    runId: string,
    readonly idleTimeoutMs: number,
    /** How many bytes of the log had been read. */
    readonly bytesRead: number,
  ) {
    super(
      `No new log output for run ${runId} in idleTimeoutMs (${idleTimeoutMs} ms) after ${bytesRead} bytes, ` +
        `and the log is not marked complete; the run may still be going.`,
    );
  }
}
