// Runs are state machines: Queued -> Started -> Running -> Succeeded | Failed | Canceled | Timeout | Error.
// Every transition and every log line is a timer (scaled by timeScale) over state kept in the run
// resource, so a run survives a restart on the same dataDir and resumes where it was. Runs on an agent
// pool wait in Queued while the pool's `count` agents are busy.
import type { Clock } from "../clock.js";
import type { StoredResource } from "../state/state.js";
import type { Store } from "../state/store.js";
import { newRun, type NewRun, type RunJob } from "./newRun.js";
import { completeMetadata, logText, summaryLine } from "./runLog.js";
import { maskSecrets, planRun, type ImageDescriptor, type PlannedStep } from "./runPlan.js";
import { loadSourceContext, SourceError, type BlobUrlReader } from "./sourceArchive.js";

export const terminalStatuses = new Set(["Succeeded", "Failed", "Canceled", "Timeout", "Error"]);
const activeStatuses = new Set(["Started", "Running"]);
const queueDelayMs = 1000;
const startDelayMs = 400;

/**
 * How long to wait after writing line `index` of a step: the lines come quickly, except that the
 * step's work (a build, a sleep) happens before its last line ("Successfully executed ...").
 */
function lineDelay(step: PlannedStep, index: number): number {
  const count = step.lines.length;
  const quick = Math.min(150, step.realisticMs / count);
  return index === Math.max(0, count - 2) ? step.realisticMs - quick * (count - 1) : quick;
}

export class RunEngine {
  private readonly generations = new Map<string, number>();
  private readonly finishedListeners: ((run: StoredResource) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blobPathOf: BlobUrlReader,
    private readonly log: (line: string) => void,
  ) {}

  onFinished(listener: (run: StoredResource) => void): void {
    this.finishedListeners.push(listener);
  }

  create(registry: StoredResource, request: NewRun): StoredResource {
    const runNumber = this.store.nextRunNumber(registry.id);
    const { id, body, job } = newRun(registry, request, runNumber, Date.now() + this.clock.scaled(queueDelayMs));
    const run = this.store.put(id, body, { job });
    this.log(`run ${run.body["name"]}: Queued (${request.runType}${request.task ? `, task ${request.task}` : ""})`);
    this.schedule(run);
    return run;
  }

  job(run: StoredResource): RunJob {
    return run.internal!["job"] as RunJob;
  }

  /** Cancels a run that has not ended; returns false when it already had. */
  cancel(run: StoredResource): boolean {
    if (terminalStatuses.has(run.body["properties"]["status"])) return false;
    this.finish(run, "Canceled", undefined, "The run was canceled by the user.");
    return true;
  }

  /** Queued runs assigned to an agent pool (AgentPools_GetQueueStatus). */
  queuedOnPool(registryId: string, pool: string): number {
    return this.runsOf(registryId).filter(
      (run) =>
        run.body["properties"]["status"] === "Queued" &&
        String(run.body["properties"]["agentPoolName"] ?? "").toLowerCase() === pool.toLowerCase(),
    ).length;
  }

  activeOnPool(registryId: string, pool: string): number {
    return this.runsOf(registryId).filter(
      (run) =>
        activeStatuses.has(run.body["properties"]["status"]) &&
        String(run.body["properties"]["agentPoolName"] ?? "").toLowerCase() === pool.toLowerCase(),
    ).length;
  }

  /** Re-arms runs a previous process left unfinished (same dataDir). */
  resume(): void {
    for (const run of this.store.all((r) => r.body["type"] === "Microsoft.ContainerRegistry/registries/runs")) {
      const job = run.internal?.["job"] as RunJob | undefined;
      if (!job || job.phase === "done") continue;
      if (this.store.blob(job.logPath)) this.appendLog(run, ["The emulator restarted: resuming the run."]);
      if (job.phase === "preparing") void this.prepare(run);
      else this.schedule(run);
    }
  }

  private runsOf(registryId: string): StoredResource[] {
    return this.store.children(registryId, "runs");
  }

  private schedule(run: StoredResource): void {
    const job = this.job(run);
    const generation = (this.generations.get(run.id) ?? 0) + 1;
    this.generations.set(run.id, generation);
    const at = job.deadline === undefined ? job.nextAt : Math.min(job.nextAt, job.deadline);
    this.clock.at(at, () => {
      if (this.generations.get(run.id) === generation) this.advance(run.id);
    });
  }

  private advance(runId: string): void {
    const run = this.store.get(runId);
    if (!run) return;
    const job = this.job(run);
    if (job.phase === "done") return;
    if (job.deadline !== undefined && Date.now() >= job.deadline) {
      this.finish(run, "Timeout", `the run timed out after ${job.spec.timeoutSeconds} seconds`);
      return;
    }
    if (job.phase === "queued") this.start(run);
    else if (job.phase === "running") this.step(run);
  }

  private start(run: StoredResource): void {
    const job = this.job(run);
    const pool = run.body["properties"]["agentPoolName"] as string | undefined;
    if (pool && this.activeOnPool(job.registryId, pool) >= this.poolCapacity(job.registryId, pool)) return; // dispatched when an agent frees up
    const now = new Date().toISOString();
    Object.assign(run.body["properties"], { status: "Started", startTime: now, lastUpdatedTime: now });
    job.phase = "preparing";
    job.deadline = Date.now() + this.clock.scaled(job.spec.timeoutSeconds * 1000);
    this.store.putBlob(job.logPath, "AppendBlob", Buffer.alloc(0), "text/plain; charset=utf-8");
    this.appendLog(run, [`Queued a run with ID: ${run.body["name"]}`, "Waiting for an agent..."]);
    this.log(`run ${run.body["name"]}: Started`);
    void this.prepare(run);
  }

  private async prepare(run: StoredResource): Promise<void> {
    const job = this.job(run);
    // A bad archive or a missing blob is the run's problem (Error status), never the emulator's.
    const source = await loadSourceContext(this.store, job.spec.sourceLocation, this.blobPathOf).catch(
      (error: unknown) =>
        error instanceof SourceError
          ? error
          : new SourceError(`failed to read the source context: ${(error as Error).message}`),
    );
    if (job.phase !== "preparing") return; // canceled or timed out meanwhile
    job.steps = planRun(job.spec, source, job.variables).map((step) => ({
      ...step,
      lines: maskSecrets(step.lines, job.spec),
    }));
    job.phase = "running";
    job.nextAt = Date.now() + this.clock.scaled(startDelayMs);
    Object.assign(run.body["properties"], { status: "Running", lastUpdatedTime: new Date().toISOString() });
    this.store.changed();
    this.log(`run ${run.body["name"]}: Running (${job.steps.length} steps)`);
    this.schedule(run);
  }

  /** Writes the next log line of the current step, or completes the step. */
  private step(run: StoredResource): void {
    const job = this.job(run);
    const step = job.steps![job.stepIndex]!;
    if (job.lineIndex < step.lines.length) {
      this.appendLog(run, [step.lines[job.lineIndex]!]);
      job.nextAt = Date.now() + this.clock.scaled(lineDelay(step, job.lineIndex++));
      this.store.changed();
      this.schedule(run);
      return;
    }
    if (step.failure) {
      this.finish(run, step.failure.status, step.failure.message);
      return;
    }
    if (step.pushes?.length)
      ((run.body["properties"]["outputImages"] ??= []) as ImageDescriptor[]).push(...step.pushes);
    job.stepIndex++;
    job.lineIndex = 0;
    if (job.stepIndex >= job.steps!.length) {
      this.finish(run, "Succeeded");
      return;
    }
    job.nextAt = Date.now();
    this.store.changed();
    this.schedule(run);
  }

  private finish(run: StoredResource, status: string, errorMessage?: string, logLine?: string): void {
    const job = this.job(run);
    const now = new Date();
    job.phase = "done";
    this.generations.delete(run.id);
    const properties = run.body["properties"];
    Object.assign(properties, { status, finishTime: now.toISOString(), lastUpdatedTime: now.toISOString() });
    if (errorMessage) properties["runErrorMessage"] = errorMessage;
    // A run canceled before it started gets a log too, so log readers waiting for Complete see it end.
    if (!this.store.blob(job.logPath))
      this.store.putBlob(job.logPath, "AppendBlob", Buffer.alloc(0), "text/plain; charset=utf-8");
    this.appendLog(run, [...(logLine ? [logLine] : []), summaryLine(run, status, now, errorMessage)]);
    this.store.setBlobMetadata(job.logPath, { Complete: completeMetadata(status) });
    this.store.changed();
    this.log(`run ${run.body["name"]}: ${status}${errorMessage ? ` (${errorMessage})` : ""}`);
    for (const listener of this.finishedListeners) listener(run);
    const pool = properties["agentPoolName"] as string | undefined;
    if (pool) this.dispatch(job.registryId, pool);
  }

  /** Starts the runs waiting for an agent of `pool`, oldest first. */
  dispatch(registryId: string, pool: string): void {
    const waiting = this.runsOf(registryId).filter((run) => {
      const job = run.internal?.["job"] as RunJob | undefined;
      return (
        job?.phase === "queued" &&
        job.nextAt <= Date.now() &&
        String(run.body["properties"]["agentPoolName"] ?? "").toLowerCase() === pool.toLowerCase()
      );
    });
    for (const run of waiting) this.advance(run.id);
  }

  private poolCapacity(registryId: string, pool: string): number {
    const resource = this.store.get(`${registryId}/agentPools/${pool}`);
    return Math.max(1, Number(resource?.body["properties"]?.["count"] ?? 1));
  }

  private appendLog(run: StoredResource, lines: string[]): void {
    const job = this.job(run);
    this.store.appendBlob(job.logPath, logText(lines, new Date()));
  }
}
