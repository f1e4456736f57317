// Runs are state machines: Queued -> Started -> Running -> Succeeded | Failed | Canceled | Timeout | Error.
// When a run starts running, its whole course is planned (runTimeline.ts: what acb and ACR write and push,
// at which moment of emulated time); the engine then plays it back on the clock (scaled by timeScale), one
// timer per moment, over state kept in the run resource, so a run survives a restart on the same dataDir and
// resumes where it was. Runs on an agent pool wait in Queued while the pool's `count` agents are busy.
import type { Clock } from "../clock.js";
import type { StoredResource } from "../state/state.js";
import type { Store } from "../state/store.js";
import { newRun, type NewRun, type RunJob } from "./newRun.js";
import type { ImageDescriptor } from "./images.js";
import { completeMetadata, logText, summaryLines, type LogLine } from "./runLog.js";
import { taskRunData } from "./runSpec.js";
import { recordPushedImage, storedImage } from "./registryContent.js";
import { planTimeline } from "./runTimeline.js";
import { loadSourceContext, SourceError, type BlobUrlReader } from "./sourceArchive.js";

export const terminalStatuses = new Set(["Succeeded", "Failed", "Canceled", "Timeout", "Error"]);
const activeStatuses = new Set(["Started", "Running"]);
const queueDelayMs = 1000;
const startDelayMs = 400;
/** ACR's runErrorMessage for a run that outlived its timeout (the agent's context expired). */
const timedOut = "failed during run, err: context deadline exceeded";

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
    return this.runsOnPool(registryId, pool).filter((run) => run.body["properties"]["status"] === "Queued").length;
  }

  activeOnPool(registryId: string, pool: string): number {
    return this.runsOnPool(registryId, pool).filter((run) => activeStatuses.has(run.body["properties"]["status"]))
      .length;
  }

  /** Re-arms runs a previous process left unfinished (same dataDir). */
  resume(): void {
    for (const run of this.store.all((r) => r.body["type"] === "Microsoft.ContainerRegistry/registries/runs")) {
      const job = run.internal?.["job"] as RunJob | undefined;
      if (!job || job.phase === "done") continue;
      if (this.store.blob(job.logPath)) this.appendLog(run, ["The emulator restarted: resuming the run."]);
      // A run planned by an older emulator (no timeline) is planned again.
      if (job.phase === "preparing" || (job.phase === "running" && !job.timeline)) {
        job.phase = "preparing";
        void this.prepare(run);
      } else this.schedule(run);
    }
  }

  /** The runs of a registry assigned to agent pool `pool` (pool names are case-insensitive). */
  private runsOnPool(registryId: string, pool: string): StoredResource[] {
    return this.store
      .children(registryId, "runs")
      .filter((run) => String(run.body["properties"]["agentPoolName"] ?? "").toLowerCase() === pool.toLowerCase());
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
    if (job.phase === "running") {
      this.play(run);
      if (this.job(run).phase === "done") return;
    }
    if (job.deadline !== undefined && Date.now() >= job.deadline) {
      this.finish(run, "Timeout", timedOut);
      return;
    }
    if (job.phase === "queued") this.start(run);
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
    job.run.date = new Date().toISOString();
    job.timeline = planTimeline(
      job.spec,
      source,
      taskRunData(job.run),
      (image) => storedImage(this.store, image)?.digest,
    );
    job.eventIndex = 0;
    job.phase = "running";
    job.runningSince = Date.now() + this.clock.scaled(startDelayMs);
    job.nextAt = job.runningSince;
    Object.assign(run.body["properties"], { status: "Running", lastUpdatedTime: new Date().toISOString() });
    this.store.changed();
    this.log(`run ${run.body["name"]}: Running`);
    this.schedule(run);
  }

  /** Plays the timeline's moments that are due: their lines, their pushes, the run's end. */
  private play(run: StoredResource): void {
    const job = this.job(run);
    const timeline = job.timeline!;
    const due = (index: number) => job.runningSince! + this.clock.scaled(timeline[index]!.at);
    const until = Math.min(Date.now(), job.deadline ?? Infinity);
    let changed = false;
    while (job.eventIndex < timeline.length && due(job.eventIndex) <= until) {
      // Stamped with the moment's own time, even when a late timer (or a restart) plays it later.
      const at = new Date(due(job.eventIndex));
      const event = timeline[job.eventIndex++]!;
      changed = true;
      if (event.lines.length > 0) this.appendLog(run, event.lines, at);
      for (const image of event.pushed ?? []) {
        ((run.body["properties"]["outputImages"] ??= []) as ImageDescriptor[]).push(image);
        if (recordPushedImage(this.store, image, at)) (job.updatedImages ??= []).push(image);
      }
      if (event.end) {
        this.finish(run, event.end.status, event.end.errorMessage);
        return;
      }
    }
    // After the last moment a run without an end (a step that never starts) waits for its timeout.
    job.nextAt = job.eventIndex < timeline.length ? due(job.eventIndex) : (job.deadline ?? Date.now());
    if (changed) this.store.changed();
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
    this.appendLog(run, [...(logLine ? [logLine] : []), ...summaryLines(run, status, now, errorMessage)]);
    this.store.setBlobMetadata(job.logPath, { Complete: completeMetadata(status) });
    this.store.changed();
    this.log(`run ${run.body["name"]}: ${status}${errorMessage ? ` (${errorMessage})` : ""}`);
    for (const listener of this.finishedListeners) listener(run);
    const pool = properties["agentPoolName"] as string | undefined;
    if (pool) this.dispatch(job.registryId, pool);
  }

  /** Starts the runs waiting for an agent of `pool`, oldest first. */
  dispatch(registryId: string, pool: string): void {
    const waiting = this.runsOnPool(registryId, pool).filter((run) => {
      const job = run.internal?.["job"] as RunJob | undefined;
      return job?.phase === "queued" && job.nextAt <= Date.now();
    });
    for (const run of waiting) this.advance(run.id);
  }

  private poolCapacity(registryId: string, pool: string): number {
    const resource = this.store.get(`${registryId}/agentPools/${pool}`);
    return Math.max(1, Number(resource?.body["properties"]?.["count"] ?? 1));
  }

  private appendLog(run: StoredResource, lines: readonly LogLine[], at = new Date()): void {
    const job = this.job(run);
    this.store.appendBlob(job.logPath, logText(lines, at));
  }
}
