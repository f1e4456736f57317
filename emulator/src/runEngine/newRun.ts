// A run as it is created: the run resource ACR answers with (status Queued) and the engine's own state
// beside it, with what ACR tells acb about the run ({{.Run.ID}}, {{.Run.Registry}}, the home volume, ...).
import { randomUUID } from "node:crypto";
import { lastModifiedSystemData } from "../state/systemData.js";
import type { StoredResource } from "../state/state.js";
import type { ImageDescriptor } from "./images.js";
import type { RunSpec, StoredRunData } from "./runSpec.js";
import type { TimelineEvent } from "./timeline.js";

/** What a handler asks the engine to run. */
export interface NewRun {
  spec: RunSpec;
  runType: "QuickBuild" | "QuickRun" | "AutoBuild" | "AutoRun";
  platform: Record<string, any>;
  agentConfiguration?: Record<string, any>;
  agentPoolName?: string;
  task?: string;
  isArchiveEnabled?: boolean;
  /** Extra run properties (e.g. timerTrigger, sourceTrigger, updateTriggerToken). */
  extra?: Record<string, any>;
  /** For a run a base image trigger started: the tasks (ARM ids, lower case) whose runs led to it, its own included. */
  triggerChain?: string[];
}

/** Engine state of a run, kept in the run resource's `internal.job`. */
export interface RunJob {
  spec: RunSpec;
  registryId: string;
  phase: "queued" | "preparing" | "running" | "done";
  /** What the run does, planned when it starts running (in emulated time: see timeline.ts). */
  timeline?: TimelineEvent[];
  /** The next event of the timeline to play. */
  eventIndex: number;
  /** Wall-clock time the timeline's time 0 stands for. */
  runningSince?: number;
  /** Wall-clock time of the next transition. */
  nextAt: number;
  /** Wall-clock time at which the run times out (set when it starts). */
  deadline?: number;
  logPath: string;
  /** What ACR passes acb; `date` is set when the run starts. */
  run: StoredRunData;
  /** The images whose digest in their registry this run's pushes changed (a new tag or a new digest). */
  updatedImages?: ImageDescriptor[];
  /** See NewRun.triggerChain. */
  triggerChain?: string[];
}

/** The run resource and job of run number `runNumber` of a registry (run ids are cb1, cb2, ...). */
export function newRun(
  registry: StoredResource,
  request: NewRun,
  runNumber: number,
  startAt: number,
): { id: string; body: Record<string, any>; job: RunJob } {
  const runId = `cb${runNumber}`;
  const id = `${registry.id}/runs/${runId}`;
  const now = new Date();
  const registryName = String(registry.body["name"]);
  const loginServer = String(
    registry.body["properties"]?.["loginServer"] ?? `${registryName.toLowerCase()}.azurecr.io`,
  );
  const platform: Record<string, any> = { architecture: "amd64", ...request.platform };
  const job: RunJob = {
    spec: request.spec,
    registryId: registry.id,
    phase: "queued",
    eventIndex: 0,
    nextAt: startAt,
    logPath: `logs/${registryName.toLowerCase()}/${runId}/rawtext.log`,
    run: {
      id: runId,
      registry: loginServer,
      os: String(platform.os ?? "linux").toLowerCase(),
      architecture: String(platform.architecture),
      sharedVolume: `acb_vol_${randomUUID()}`,
      taskName: request.task ?? "",
    },
    ...(request.triggerChain ? { triggerChain: request.triggerChain } : {}),
  };
  const body = {
    id,
    name: runId,
    type: "Microsoft.ContainerRegistry/registries/runs",
    systemData: lastModifiedSystemData(),
    properties: {
      runId,
      status: "Queued",
      lastUpdatedTime: now.toISOString(),
      runType: request.runType,
      createTime: now.toISOString(),
      platform,
      agentConfiguration: request.agentConfiguration ?? { cpu: 2 },
      ...(request.agentPoolName ? { agentPoolName: request.agentPoolName } : {}),
      ...(request.task ? { task: request.task } : {}),
      // outputImages appears with the first image the run pushes (runEngine.ts), as on Azure.
      provisioningState: "Succeeded",
      isArchiveEnabled: request.isArchiveEnabled ?? false,
      ...request.extra,
    },
  };
  return { id, body, job };
}
