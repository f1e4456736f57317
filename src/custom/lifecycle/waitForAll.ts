// Waits on many runs together, in rounds whose ARM cost does not grow with the number of runs: a round
// is one Runs_List with a $filter on the ids still unfinished (split so that no URL gets too long, every
// page followed). Runs that outlive what listing them costs are moved to following their log blobs
// (storage reads, not ARM requests), for one log link each; that rent-or-buy choice is made once the
// rounds have cost half of what the links would. The runs followed that way are listed again once
// their logs end, in batches that double, with a list that is being made anyway, or at a safety net.
import { setMaxListeners } from "node:events";
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RunsOperations } from "../../generated/groups/runs.js";
import type { Run } from "../../generated/v2019_06_01_preview/models.js";
import { ValidationError } from "../errors.js";
import { logger } from "../logger.js";
import type { BlobTransport } from "./blobTransport.js";
import { WaitForAllTimeoutError } from "./errors.js";
import { failsTheWait, RunLogFollower } from "./runLogFollower.js";
import { runIdFilters } from "./runIdFilter.js";
import { describeRunId, isRunFinished } from "./runState.js";
import { DEFAULT_SAFETY_NET_INTERVAL_MS, SafetyNet } from "./safetyNet.js";
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalMilliseconds,
  optionalStringArray,
  requireRegistryAddress,
} from "./validateInputs.js";
import { DEFAULT_RUN_MAX_POLL_INTERVAL_MS, DEFAULT_RUN_POLL_INTERVAL_MS } from "./waitForCompletion.js";
import { waitUntil, withArmSignals, type ArmSignals, type WaiterAttempt } from "./waiter.js";

/** Options of {@link waitForAll} (`client.runs.waitForAll`). */
export interface WaitForAllOptions {
  /** The first delay between two rounds; later delays grow from it (with jitter). Default 2 s. */
  pollIntervalMs?: number;
  /** The cap on the delay between two rounds (a longer Retry-After from the service still wins). Default 15 s. */
  maxPollIntervalMs?: number;
  /** Move long runs to following their logs when that costs ARM less than listing them (default true). */
  followLogs?: boolean;
  /** For runs whose logs are followed, the least delay before a safety-net listing. Default 30 s. */
  safetyNetIntervalMs?: number;
  /** Rejects with a {@link WaitForAllTimeoutError} after this long. No limit by default. */
  maxWaitMs?: number;
  /** Rejects promptly with an AbortError; no request is sent after it fires. */
  abortSignal?: AbortSignalLike;
  /**
   * Called after every round with the runs as last fetched, in the order of the run ids. A run whose log
   * is followed is fetched again once its log has ended, in batches (the first alone, then twice as many
   * as were fetched so far), so a finished one can show its last fetched status for a few rounds.
   */
  onProgress?(runs: readonly Run[]): void;
}

type Runs = Pick<RunsOperations, "get" | "list" | "getLogSasUrl">;

/** Follow logs once list rounds have cost this share of one log link per unfinished run. */
const SWITCH_TO_LOGS_RATIO = 0.5;
/** Storage reads in flight at once, and log links asked for at once. */
const LOG_LOOKS_IN_FLIGHT = 16;
const LINKS_IN_FLIGHT = 4;

/**
 * Waits until every run has ended and resolves to the final Runs, in the order of `runIds` (a run
 * named twice appears twice). A run that failed does not reject: its status is in the result. Rejects
 * with the RestError of a run that does not exist, an AbortError, or a {@link WaitForAllTimeoutError}.
 */
export async function waitForAll(
  runs: Runs,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  runIds: readonly string[],
  options: WaitForAllOptions = {},
): Promise<Run[]> {
  requireRegistryAddress(resourceGroupName, registryName);
  if (runIds === undefined) throw new ValidationError("runIds", "is required: an array of run ids");
  optionalStringArray("runIds", runIds);
  optionalMilliseconds("pollIntervalMs", options.pollIntervalMs, 1);
  optionalMilliseconds("maxPollIntervalMs", options.maxPollIntervalMs);
  optionalMilliseconds("safetyNetIntervalMs", options.safetyNetIntervalMs, 1);
  optionalMilliseconds("maxWaitMs", options.maxWaitMs);
  optionalBoolean("followLogs", options.followLogs);
  optionalAbortSignal(options.abortSignal);
  if (runIds.length === 0) return [];

  const batch = new RunBatch(runs, blob, resourceGroupName, registryName, runIds, options);
  const minDelayMs = options.pollIntervalMs ?? DEFAULT_RUN_POLL_INTERVAL_MS;
  const result = await waitUntil<null>({
    attempt: (signal) => {
      // Every storage read in flight listens to the round's signal.
      setMaxListeners(LOG_LOOKS_IN_FLIGHT + LINKS_IN_FLIGHT + 10, signal);
      return batch.round(signal);
    },
    check: () => ({ state: batch.unfinished().length === 0 ? "success" : "retry" }),
    minDelayMs,
    maxDelayMs: Math.max(minDelayMs, options.maxPollIntervalMs ?? DEFAULT_RUN_MAX_POLL_INTERVAL_MS),
    maxWaitMs: options.maxWaitMs,
    abortSignal: options.abortSignal,
    onAttempt: () => options.onProgress?.(batch.inOrder() as Run[]),
  });
  if (result.state === "timeout") {
    // A run whose followed log is complete has ended, even if its final state was not fetched yet.
    const running = batch.unfinished().filter((tracked) => !tracked.logEnded);
    throw new WaitForAllTimeoutError(
      options.maxWaitMs ?? 0,
      batch.inOrder(),
      running.map((tracked) => describeRunId(tracked.run, tracked.runId)),
    );
  }
  return batch.inOrder() as Run[];
}

interface Tracked {
  runId: string;
  run?: Run;
  /** Set while the run's log is followed instead of the run being listed. */
  log?: RunLogFollower;
  safetyNet?: SafetyNet;
  /** Its followed log is complete: the final run is still to be fetched. */
  logEnded: boolean;
  /** False once its log could not be had or read: the run stays listed. */
  followable: boolean;
}

class RunBatch {
  private readonly tracked = new Map<string, Tracked>();
  /** Requests the list rounds have cost so far (the rent of rent-or-buy). */
  private listRequests = 0;

  constructor(
    private readonly runs: Runs,
    private readonly blob: BlobTransport,
    private readonly resourceGroupName: string,
    private readonly registryName: string,
    private readonly runIds: readonly string[],
    private readonly options: WaitForAllOptions,
  ) {
    for (const runId of runIds)
      if (!this.tracked.has(key(runId)))
        this.tracked.set(key(runId), { runId, logEnded: false, followable: options.followLogs ?? true });
  }

  inOrder(): (Run | undefined)[] {
    return this.runIds.map((runId) => this.tracked.get(key(runId))!.run);
  }

  unfinished(): Tracked[] {
    return [...this.tracked.values()].filter((tracked) => !(tracked.run && isRunFinished(tracked.run)));
  }

  async round(signal: AbortSignal): Promise<WaiterAttempt<null>> {
    await this.lookAtLogs(signal);
    const unfinished = this.unfinished();
    const listed = unfinished.filter((tracked) => !tracked.log);
    const ended = unfinished.filter((tracked) => tracked.log && tracked.logEnded);
    const silent = unfinished.filter((tracked) => tracked.log && !tracked.logEnded);
    const netDue = silent.some((tracked) => tracked.safetyNet!.isDue());
    const wanted = [...listed];
    // Final runs of ended logs ride along a list made anyway; otherwise they are fetched in batches that
    // double (as many as have been fetched already), so N runs cost about log2(N) lists of them, and
    // the runs a round reports are never far behind.
    const fetchedFollowed = [...this.tracked.values()].filter(
      (tracked) => tracked.log && tracked.run && isRunFinished(tracked.run),
    ).length;
    if (listed.length > 0 || silent.length === 0 || netDue || ended.length >= Math.max(1, fetchedFollowed))
      wanted.push(...ended);
    if (netDue) {
      wanted.push(...silent);
      for (const tracked of silent) tracked.safetyNet!.checked();
    }
    const signals = wanted.length ? await this.fetch(wanted, signal) : {};
    await this.followLongRuns(signal);
    return { value: null, ...signals };
  }

  /** One look at each followed log that has not ended; a log that cannot be read puts its run back on the list. */
  private async lookAtLogs(signal: AbortSignal): Promise<void> {
    const followed = this.unfinished().filter((tracked) => tracked.log && !tracked.logEnded);
    await inFlight(followed, LOG_LOOKS_IN_FLIGHT, async (tracked) => {
      try {
        if (await tracked.log!.look(signal)) tracked.safetyNet!.logGrew(tracked.log!.length);
        tracked.logEnded = tracked.log!.complete !== undefined;
      } catch (error) {
        if (failsTheWait(error, signal)) throw error;
        logger.warning(
          `Run ${tracked.runId}: cannot follow its log (${(error as Error).message}); listing it instead.`,
        );
        tracked.log = undefined;
        tracked.followable = false;
      }
    });
  }

  /** Lists the runs (filters split to keep URLs short, every page followed); a run missing from the lists is fetched alone. */
  private async fetch(wanted: Tracked[], signal: AbortSignal): Promise<ArmSignals> {
    let signals: ArmSignals = {};
    const seen = new Set<string>();
    for (const filter of runIdFilters(wanted.map((tracked) => tracked.runId))) {
      const listing = await withArmSignals(async (onResponse) => {
        const pages = this.runs.list(this.resourceGroupName, this.registryName, {
          filter,
          abortSignal: signal,
          onResponse: (response) => {
            this.listRequests++;
            onResponse(response);
          },
        });
        for await (const run of pages) {
          const tracked = this.tracked.get(key(describeRunId(run, "")));
          if (!tracked) continue;
          tracked.run = run;
          seen.add(key(tracked.runId));
        }
      });
      signals = { ...listing, remainingReads: listing.remainingReads ?? signals.remainingReads };
    }
    // Not in the list: a run that does not exist (Runs_Get rejects with its 404), or one not listed yet.
    for (const tracked of wanted.filter((item) => !seen.has(key(item.runId)))) {
      const got = await withArmSignals((onResponse) =>
        this.runs.get(this.resourceGroupName, this.registryName, tracked.runId, { abortSignal: signal, onResponse }),
      );
      tracked.run = got.value;
      signals = { ...got, remainingReads: got.remainingReads ?? signals.remainingReads };
    }
    return { retryAfterMs: signals.retryAfterMs, remainingReads: signals.remainingReads };
  }

  /** Rent or buy: once listing has cost half a log link per run still listed, follow their logs instead. */
  private async followLongRuns(signal: AbortSignal): Promise<void> {
    const candidates = this.unfinished().filter((tracked) => !tracked.log && tracked.followable);
    if (candidates.length === 0 || this.listRequests < SWITCH_TO_LOGS_RATIO * candidates.length) return;
    const address = { resourceGroupName: this.resourceGroupName, registryName: this.registryName };
    await inFlight(candidates, LINKS_IN_FLIGHT, async (tracked) => {
      try {
        const log = new RunLogFollower(this.runs, this.blob, { ...address, runId: tracked.runId });
        await log.openToWatch(signal);
        tracked.log = log;
        tracked.safetyNet = new SafetyNet(this.options.safetyNetIntervalMs ?? DEFAULT_SAFETY_NET_INTERVAL_MS);
      } catch (error) {
        if (failsTheWait(error, signal)) throw error;
        logger.info(`Run ${tracked.runId}: no log to follow (${(error as Error).message}); it stays listed.`);
        tracked.followable = false;
      }
    });
  }
}

function key(runId: string): string {
  return runId.toLowerCase();
}

/** Runs `work` on every item, at most `limit` at a time; the first failure rejects once all have settled. */
async function inFlight<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length) throw failures[0];
}
