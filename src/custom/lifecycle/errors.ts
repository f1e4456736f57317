// The errors specific to the run-lifecycle helpers. Each message stands on its own in a log.
import type { Run, RunStatus } from "../../generated/v2019_06_01_preview/models.js";

/** A run ended in Failed, Error, Timeout or Canceled. */
export class RunFailedError extends Error {
  override readonly name = "RunFailedError";
  /** The run as last fetched. */
  readonly run: Run;
  readonly status: RunStatus | undefined;
  /** The service's explanation, when it gave one. */
  readonly runErrorMessage: string | undefined;

  constructor(run: Run, runId: string) {
    const status = run.properties?.status;
    const reason = run.properties?.runErrorMessage;
    super(
      `Run ${runId} ended with status ${status ?? "(none)"}` +
        (reason ? `: ${reason}` : " (the service gave no error message; the run's log may say why)"),
    );
    this.run = run;
    this.status = status;
    this.runErrorMessage = reason;
  }
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
