// How far along an answer shows something: a status monitor's status, a Location poll still 202, a
// resource's provisioningState, a run's status (also inside a task run's runResult, or in a list). The
// replay runs the emulator on virtual time and moves it forward until the emulator is as far along as
// Azure was when it answered, so an in-progress poll meets an in-progress operation and a finished one
// a finished one: how long things take is the live service's, the order of states is the emulator's.
import type { RawResponse } from "../helpers.js";

const terminal = /^(Succeeded|Failed|Canceled|Cancelled|Timeout|Error)$/i;
const active = /^(Running|Started)$/i;
const pending = /^(Queued|Creating|Updating|Deleting|Accepted|InProgress|NotStarted|Pending)$/i;

/** 0 pending, 1 active, 2 ended; undefined for a value that is no state (a task's "Enabled"). */
function rankOfState(state: unknown): number | undefined {
  if (typeof state !== "string") return undefined;
  if (terminal.test(state)) return 2;
  if (active.test(state)) return 1;
  if (pending.test(state)) return 0;
  return undefined;
}

function resourceRanks(resource: any): number[] {
  const properties = resource?.properties;
  return [properties?.provisioningState, properties?.status, properties?.runResult?.properties?.status]
    .map(rankOfState)
    .filter((rank): rank is number => rank !== undefined);
}

/** The least advanced state an answer shows (of the resource, or of every item of a list). */
export function resourceRank(body: any): number | undefined {
  const items: any[] = Array.isArray(body?.value) ? body.value : [body];
  const ranks = items.flatMap(resourceRanks);
  return ranks.length ? Math.min(...ranks) : undefined;
}

/** A status monitor's answer: 0 while InProgress (or any non-terminal status), 2 once ended. */
export function monitorRank(response: Pick<RawResponse, "body">): number {
  return rankOfState(response.body?.status) === 2 ? 2 : 0;
}

/** A Location poll: 0 while it answers 202, 2 once it answers anything else. */
export function locationRank(response: Pick<RawResponse, "status">): number {
  return response.status === 202 ? 0 : 2;
}

/**
 * A GET of a resource: its state's rank, and 3 for "gone" when Azure answered 404 where the emulator
 * still shows the resource Deleting (the deletion has yet to finish there).
 */
export function readRank(response: Pick<RawResponse, "status" | "body">, recordedStatus: number): number | undefined {
  if (recordedStatus === 404) {
    if (response.status === 404) return 3;
    return response.body?.properties?.provisioningState === "Deleting" ? 0 : undefined;
  }
  return resourceRank(response.body);
}
