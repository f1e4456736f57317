// The shapes of the quickBuild benchmark: what a contender is given and returns, and the results that
// quickBuildReport.ts renders (results.json keeps them as they are).
import type { ArchiveSummary } from "./archiveSummary.js";
import type { CpuShare } from "./cpuProfile.js";
import type { EmulatorProcess } from "./emulatorProcess.js";
import type { LargeContext } from "./largeContext.js";

export interface QuickBuildTarget {
  emulator: EmulatorProcess;
  subscription: string;
  resourceGroup: string;
  registry: string;
  sourceDir: string;
  /** A scratch folder of this run. */
  work: string;
}

/** Instants (ms since the epoch) of one run, and what GNU time reported. */
export interface QuickBuildSample {
  spawnedAt: number;
  /** quickBuild called / az starts packing. */
  callAt: number;
  /** The queued run is in hand. */
  queuedAt: number;
  exitedAt: number;
  maxRss?: number;
  cpuMs?: number;
  runId: string;
  /** The run's status when the contender returned it (az --no-logs waits for the end). */
  finalStatus?: string;
}

export interface QuickBuildContender {
  name: string;
  /** Whether its emulator is started with --az-setup. */
  azSetup: boolean;
  /** Why it cannot run on this machine: the row says so instead of a figure. */
  unavailable?: string;
  run(target: QuickBuildTarget): Promise<QuickBuildSample>;
  /** Follows a run it queued to its end: its status and log lines (by default with the SDK's streamLogs). */
  followRun?(target: QuickBuildTarget, runId: string): Promise<FollowedRun>;
  /** One more, untimed look at where its packing time goes. */
  diagnose?(target: QuickBuildTarget): Promise<Diagnosis>;
}

/** The SDK: its child's main thread by category (node --cpu-prof); az: its packing function at other gzip levels. */
export interface Diagnosis {
  cpu?: CpuShare[];
  /** The profiled run's call to queued run (profiling slows it down). */
  profiledMs?: number;
  packing?: PackingProfile[];
}

export interface FollowedRun {
  status: string;
  lines: string[];
}

/** One packing of the context at gzip `level` (0: none), with other .dockerignore rules if given. */
export interface PackingProfile {
  level: number;
  dockerignore?: string[];
  ms: number;
  bytes: number;
  files: number;
  fileBytes: number;
}

/** Durations (ms) between the instants of a run and the emulator's log lines during it. */
export interface QuickBuildPhases {
  /** Process start to the call (node + import + client) / to az's "Packing" (python, imports, ARM lookups). */
  startup: number;
  /** To the upload URL answered: walking, tar, gzip (and the SDK's spool to a temporary file). */
  pack: number;
  /** To the blob PUT stored. */
  upload: number;
  /** To the queued run in hand: scheduleRun. */
  schedule: number;
  /** From the queued run to the exit: nothing for the SDK, az --no-logs's wait for the end of the run. */
  afterQueued: number;
}

export interface QuickBuildRun {
  toQueuedMs: number;
  totalMs: number;
  maxRss?: number;
  cpuMs?: number;
  phases: QuickBuildPhases;
  uploadedBytes: number;
  /** The ARM requests the process made, as the emulator logged them (method and the path's last two segments). */
  armRequests: string[];
  /** The run's status as the contender reported it, if it waited (az --no-logs). */
  finalStatus?: string;
}

export interface QuickBuildCheck {
  archive: Omit<ArchiveSummary, "filePaths">;
  status: string;
  /** The emulator's build log lines on the context it downloaded and sent to "Docker". */
  contextLines: string[];
}

export interface QuickBuildContenderResult {
  name: string;
  /** Not measured: unavailable here, or failed (the message). */
  skipped?: string;
  runs: QuickBuildRun[];
  check?: QuickBuildCheck;
  /** Files in the first contender's archive and not in this one's, and the other way round. */
  difference?: { missing: string[]; extra: string[] };
  diagnosis?: Diagnosis;
}

export interface QuickBuildResult {
  context: LargeContext;
  /** Bytes of the tar of the included files, and of its gzip -6 and -9. */
  tarBytes: number;
  gzipBytes: number;
  gzip9Bytes: number;
  /** Medians, ms: gzip -6 and -9 of that tar (page cache), `tar | gzip -6` from the files. */
  gzipMs: number;
  gzip9Ms: number;
  tarGzipMs: number;
  contenders: QuickBuildContenderResult[];
}
