// Waits for a run to reach a final status, off the ARM budget: CompletionWait watches the run's log
// (RunLogFollower: its Complete metadata says when the run ended; storage reads are not ARM requests)
// and asks ARM only for the log link, the final run and the rare safety-net checks; without a usable log
// it polls Runs_Get. checkRunState decides, waitUntil paces.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RunsOperations } from "../../generated/groups/runs.js";
import type { Run } from "../../generated/v2019_06_01_preview/models.js";
import { isAbortError } from "./abort.js";
import type { BlobTransport } from "./blobTransport.js";
import { RunFailedError, RunWaitTimeoutError, type RunLogTail } from "./errors.js";
import { failsTheWait, RunLogFollower, type RunAddress } from "./runLogFollower.js";
import { checkRunState, describeRunId } from "./runState.js";
import { DEFAULT_SAFETY_NET_INTERVAL_MS, SafetyNet } from "./safetyNet.js";
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalMilliseconds,
  requireRegistryAddress,
  requireString,
} from "./validateInputs.js";
import { waitUntil, withArmSignals, type WaiterAttempt } from "./waiter.js";
import { logger } from "../logger.js";

export const DEFAULT_RUN_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_RUN_MAX_POLL_INTERVAL_MS = 15_000;

export interface WaitForCompletionOptions {
  /**
   * The first delay between two looks at the run's log (or at the run, when polling ARM); later delays
   * grow from it, with jitter, while nothing new is seen. Default 2 s.
   */
  pollIntervalMs?: number;
  /** The cap on the delay between two looks (a longer Retry-After from the service still wins). Default 15 s. */
  maxPollIntervalMs?: number;
  /**
   * Follow the run's log blob (default): the wait costs 2 ARM requests (the log link and the final run)
   * plus rare safety-net Runs_Gets. With false, or when the log cannot be read, Runs_Get is polled.
   */
  followLog?: boolean;
  /** While following the log, the least delay before a safety-net Runs_Get (later ones come rarer). Default 30 s. */
  safetyNetIntervalMs?: number;
  /** Rejects with a {@link RunWaitTimeoutError} after this long. No limit by default. */
  maxWaitMs?: number;
  /** Rejects promptly with an AbortError; no request is sent after it fires. */
  abortSignal?: AbortSignalLike;
  /** Called with the run each time it is fetched from ARM: every poll when polling, the safety nets and the end when following the log. */
  onProgress?(run: Run): void;
  /**
   * Reject with a {@link RunFailedError} when the run ends Failed, Error, Timeout or Canceled (default
   * true). The error carries the last lines of the run's log (`logTail`), read with one ranged GET.
   */
  throwOnFailure?: boolean;
}

type Runs = Pick<RunsOperations, "get" | "getLogSasUrl">;

/** One step of a wait: the run when it was fetched this time. */
interface Observation {
  run?: Run;
}

/**
 * Waits until the run ends and resolves to the final Run. Throws {@link RunFailedError} for a run that
 * did not succeed (unless `throwOnFailure: false`), {@link RunWaitTimeoutError} after `maxWaitMs`.
 */
export async function waitForCompletion(
  runs: Runs,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  runId: string,
  options: WaitForCompletionOptions = {},
): Promise<Run> {
  requireRegistryAddress(resourceGroupName, registryName);
  requireString("runId", runId);
  optionalMilliseconds("pollIntervalMs", options.pollIntervalMs, 1); // 0 would poll in a tight loop
  optionalMilliseconds("maxPollIntervalMs", options.maxPollIntervalMs);
  optionalMilliseconds("safetyNetIntervalMs", options.safetyNetIntervalMs, 1);
  optionalMilliseconds("maxWaitMs", options.maxWaitMs);
  optionalBoolean("followLog", options.followLog);
  optionalBoolean("throwOnFailure", options.throwOnFailure);
  optionalAbortSignal(options.abortSignal);

  const wait = new CompletionWait(runs, blob, { resourceGroupName, registryName, runId }, options);
  const minDelayMs = options.pollIntervalMs ?? DEFAULT_RUN_POLL_INTERVAL_MS;
  const result = await waitUntil<Observation>({
    attempt: (signal) => wait.step(signal),
    check: (observation) => (observation.run ? checkRunState(observation.run) : { state: "retry" }),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, options.maxPollIntervalMs ?? DEFAULT_RUN_MAX_POLL_INTERVAL_MS),
    maxWaitMs: options.maxWaitMs,
    abortSignal: options.abortSignal,
    onAttempt: (observation) => observation.run && options.onProgress?.(observation.run),
  });

  const last = wait.lastRun;
  if (result.state === "timeout")
    throw new RunWaitTimeoutError(describeRunId(last, runId), options.maxWaitMs ?? 0, last);
  const run = result.value.run!;
  if (result.state === "failure" && options.throwOnFailure !== false) {
    throw new RunFailedError(run, describeRunId(run, runId), await wait.logTail(options.abortSignal));
  }
  return run;
}

/** The state of one wait: watching the log while it can, polling ARM once it cannot. */
class CompletionWait {
  lastRun: Run | undefined;
  private readonly log: RunLogFollower;
  private following: boolean;
  /** Why the log could not be followed (or its link had), once that happened. */
  private logProblem: string | undefined;
  private readonly safetyNet: SafetyNet;

  constructor(
    private readonly runs: Runs,
    blob: BlobTransport,
    private readonly address: RunAddress,
    options: WaitForCompletionOptions,
  ) {
    this.log = new RunLogFollower(runs, blob, address);
    this.following = options.followLog ?? true;
    this.safetyNet = new SafetyNet(options.safetyNetIntervalMs ?? DEFAULT_SAFETY_NET_INTERVAL_MS);
  }

  async step(signal: AbortSignal): Promise<WaiterAttempt<Observation>> {
    let progressed = false;
    if (this.following) {
      try {
        await this.log.openToWatch(signal);
        if (!this.log.complete) {
          progressed = await this.log.look(signal);
          if (progressed) this.safetyNet.logGrew(this.log.length);
          // Seeing the log end is news: the first Runs_Get after it comes at the least delay.
          if (this.log.complete) progressed = true;
          else if (!this.safetyNet.isDue()) return { value: {}, progressed };
          else this.safetyNet.checked();
        }
      } catch (error) {
        if (failsTheWait(error, signal)) throw error;
        this.stopFollowing(error);
      }
    }
    const { value: run, ...signals } = await withArmSignals((onResponse) =>
      this.runs.get(this.address.resourceGroupName, this.address.registryName, this.address.runId, {
        abortSignal: signal,
        onResponse,
      }),
    );
    this.lastRun = run;
    return { value: { run }, progressed, ...signals };
  }

  /** The log's last lines for a RunFailedError; never throws but for an abort. */
  async logTail(signal: AbortSignalLike | undefined): Promise<RunLogTail> {
    try {
      if (!this.log.url && this.logProblem) return { lines: [], readError: this.logProblem };
      return { lines: await this.log.tail(signal) };
    } catch (error) {
      if (isAbortError(error)) throw error;
      return { lines: [], readError: describeProblem(error) };
    }
  }

  private stopFollowing(error: unknown): void {
    this.following = false;
    this.logProblem = describeProblem(error);
    logger.warning(`Run ${this.address.runId}: cannot follow its log (${this.logProblem}); polling the run instead.`);
  }
}

function describeProblem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
