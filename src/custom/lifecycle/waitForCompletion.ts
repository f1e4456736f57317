// Waits for a run to reach a final status: checkRunState decides, waitUntil polls Runs_Get.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RunsOperations } from "../../generated/groups/runs.js";
import type { Run } from "../../generated/v2019_06_01_preview/models.js";
import { RunFailedError, RunWaitTimeoutError } from "./errors.js";
import { checkRunState, describeRunId } from "./runState.js";
import { optionalAbortSignal, optionalBoolean, optionalMilliseconds, requireRegistryAddress, requireString } from "./validateInputs.js";
import { retryAfterMsFromHeaders, waitUntil } from "./waiter.js";

export const DEFAULT_RUN_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_RUN_MAX_POLL_INTERVAL_MS = 15_000;

export interface WaitForCompletionOptions {
  /** The first delay between two polls; later delays grow from it (with jitter). Default 2 s. */
  pollIntervalMs?: number;
  /** The cap on the delay between two polls (a longer Retry-After from the service still wins). Default 15 s. */
  maxPollIntervalMs?: number;
  /** Rejects with a {@link RunWaitTimeoutError} after this long. No limit by default. */
  maxWaitMs?: number;
  /** Rejects promptly with an AbortError; no request is sent after it fires. */
  abortSignal?: AbortSignalLike;
  /** Called with the run after every poll. */
  onProgress?(run: Run): void;
  /** Reject with a {@link RunFailedError} when the run ends Failed, Error, Timeout or Canceled. Default true. */
  throwOnFailure?: boolean;
}

/**
 * Polls the run until it ends, and resolves to the final Run. Throws {@link RunFailedError} for a run
 * that did not succeed (unless `throwOnFailure: false`), {@link RunWaitTimeoutError} after `maxWaitMs`.
 */
export async function waitForCompletion(
  runs: Pick<RunsOperations, "get">,
  resourceGroupName: string,
  registryName: string,
  runId: string,
  options: WaitForCompletionOptions = {},
): Promise<Run> {
  requireRegistryAddress(resourceGroupName, registryName);
  requireString("runId", runId);
  optionalMilliseconds("pollIntervalMs", options.pollIntervalMs, 1); // 0 would poll in a tight loop
  optionalMilliseconds("maxPollIntervalMs", options.maxPollIntervalMs);
  optionalMilliseconds("maxWaitMs", options.maxWaitMs);
  optionalBoolean("throwOnFailure", options.throwOnFailure);
  optionalAbortSignal(options.abortSignal);

  const minDelayMs = options.pollIntervalMs ?? DEFAULT_RUN_POLL_INTERVAL_MS;
  const result = await waitUntil<Run>({
    async attempt(signal) {
      let retryAfterMs: number | undefined;
      const run = await runs.get(resourceGroupName, registryName, runId, {
        abortSignal: signal,
        onResponse: (response) => {
          retryAfterMs = retryAfterMsFromHeaders(response.headers);
        },
      });
      return { value: run, retryAfterMs };
    },
    check: checkRunState,
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, options.maxPollIntervalMs ?? DEFAULT_RUN_MAX_POLL_INTERVAL_MS),
    maxWaitMs: options.maxWaitMs,
    abortSignal: options.abortSignal,
    onAttempt: options.onProgress,
  });

  if (result.state === "timeout") throw new RunWaitTimeoutError(describeRunId(result.value, runId), options.maxWaitMs ?? 0, result.value);
  if (result.state === "failure" && options.throwOnFailure !== false) throw new RunFailedError(result.value, describeRunId(result.value, runId));
  return result.value;
}
