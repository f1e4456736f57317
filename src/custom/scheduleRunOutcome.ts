// A scheduleRun that fails after its request may have reached the registry (a 500, a reset connection, a
// timeout) is not sent again (retryPolicy.ts): it could queue the run twice. Yet the run may exist, and the
// error must say so, and say how to find it, so that the caller looks before scheduling again.
import { isRestError } from "@azure/core-rest-pipeline";
import type { AbortSignalLike } from "@azure/abort-controller";
import { throttledRetryAfterMs } from "./armThrottling.js";

/** An error of `registries.scheduleRun` (or quickBuild, quickRun) after which the run may have been queued. */
export interface RunMayExistError extends Error {
  /** Always true: the request may have reached the registry before the failure, so the run may be queued. */
  readonly runMayExist: true;
  /**
   * The `$filter` that lists the runs created since shortly before the request was sent, for
   * `runs.list(resourceGroupName, registryName, { filter })`, e.g. `CreateTime ge 2025-01-31T09:55:00Z`.
   */
  readonly runsListFilter: string;
}

/** Whether the error leaves a scheduled run possibly queued: see {@link RunMayExistError}. */
export function isRunMayExistError(error: unknown): error is RunMayExistError {
  return error instanceof Error && (error as Partial<RunMayExistError>).runMayExist === true;
}

/** How far before the request the filter starts: the client's clock and the registry's may differ. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** Connection failures that prove nothing reached the service. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENOENT", "UntrustedEndpoint"]);

/**
 * The error of a Registries_ScheduleRun request, told that the run may exist when the outcome is
 * unknown: no answer (but a refused connection), a timeout, a 5xx that does not say the request was
 * left unprocessed, or a success the client could not read. Other errors come back unchanged; so does
 * the caller's own abort.
 */
export function withScheduleRunOutcome(
  error: unknown,
  request: { url: string; sentAt: Date; callerSignal?: AbortSignalLike },
): unknown {
  if (!(error instanceof Error) || !outcomeUnknown(error, request.callerSignal)) return error;
  const runsListFilter = `CreateTime ge ${isoSeconds(request.sentAt.getTime() - CLOCK_SKEW_ALLOWANCE_MS)}`;
  const { resourceGroupName, registryName } = registryOf(request.url);
  error.message +=
    ` — the run may have been queued anyway (the request may have reached the registry), so scheduling` +
    ` again could run it twice. Look for it first: runs.list(${JSON.stringify(resourceGroupName)},` +
    ` ${JSON.stringify(registryName)}, { filter: ${JSON.stringify(runsListFilter)} }) lists the runs` +
    ` created since 5 minutes before the request was sent.`;
  return Object.assign(error, { runMayExist: true, runsListFilter });
}

function outcomeUnknown(error: Error, callerSignal: AbortSignalLike | undefined): boolean {
  // A request timeout aborts the request as the caller's signal does; only the caller's abort is deliberate.
  if (callerSignal?.aborted) return false;
  if (error.name === "AbortError") return true;
  if (!isRestError(error)) return false;
  const status = error.statusCode;
  if (status === undefined) return !NOT_SENT_CODES.has(error.code ?? "");
  // A success the client could not read: the run was queued.
  if (status < 300) return true;
  if (status < 500 || status === 501 || status === 505) return false;
  // A 503 with Retry-After says the service did not process the request (as a 429 does); any other 5xx
  // leaves the outcome unknown.
  return throttledRetryAfterMs(error) === undefined;
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function registryOf(url: string): { resourceGroupName: string; registryName: string } {
  const segments = new URL(url).pathname.split("/").map(decodeURIComponent);
  const after = (name: string) => segments[segments.findIndex((s) => s.toLowerCase() === name) + 1] ?? "";
  return { resourceGroupName: after("resourcegroups"), registryName: after("registries") };
}
