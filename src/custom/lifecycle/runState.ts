// What a run's status means for someone waiting on it. RunStatus is an extensible enum, so a status
// this version does not know is treated as "still going" rather than guessed to be an end.
import type { Run, RunStatus } from "../../generated/v2019_06_01_preview/models.js";
import type { WaiterState } from "./waiter.js";

const successStatuses = new Set(["succeeded"]);
const failureStatuses = new Set(["failed", "error", "timeout", "canceled"]);

export interface RunStateCheck {
  state: WaiterState;
  /** The status the decision was made on (undefined when the run carried none). */
  status: RunStatus | undefined;
}

/** Pure: `success` for Succeeded, `failure` for Failed, Error, Timeout and Canceled, `retry` for anything else. */
export function checkRunState(run: Run): RunStateCheck {
  const status = run.properties?.status;
  const key = status?.toLowerCase() ?? "";
  if (successStatuses.has(key)) return { state: "success", status };
  if (failureStatuses.has(key)) return { state: "failure", status };
  return { state: "retry", status };
}

/** True once the run has reached one of its final statuses. */
export function isRunFinished(run: Run): boolean {
  return checkRunState(run).state !== "retry";
}

/** The run's id for messages: properties.runId, else the resource name. */
export function describeRunId(run: Run | undefined, fallback: string): string {
  return run?.properties?.runId ?? run?.name ?? fallback;
}
