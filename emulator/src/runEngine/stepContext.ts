// What a step's simulation shares with the others of its run, and what it reports back to the scheduler.
import type { TaskRunData } from "acr-tasks/task-yaml";
import type { ScannedDependencies } from "./dependencies.js";
import type { LocalImages } from "./images.js";
import type { SourceContext } from "./sourceArchive.js";
import type { TimelineRecorder } from "./timeline.js";

export interface StepContext {
  recorder: TimelineRecorder;
  /** The run's source context (acb's /workspace). */
  source: SourceContext;
  run: TaskRunData;
  /** The images built so far: push steps push from here. */
  images: LocalImages;
  /**
   * The digest docker finds for an image it builds on or pulls at `at` (emulated ms): one this run built by
   * then, else the one its registry holds, else the emulator's own digest for an image from elsewhere.
   */
  imageDigest(reference: string, at: number): string;
}

/** How a step went, as acb's builder keeps it (graph.Step's StartTime, EndTime and the error runStep returns). */
export interface StepOutcome {
  /** When acb set StartTime: after the start delay and the explicit pull. */
  startTime: number;
  /** When runStep returned (EndTime). */
  endTime: number;
  /** runStep's error, as acb prints it (`exit status 1`, `context deadline exceeded`, ...). */
  error?: string;
  /** A build step's scanned dependencies (one per tag). */
  dependencies?: ScannedDependencies[];
}

/** One container run (one attempt of procmanager's RunWithRetries): when it ended, and its error if it failed. */
export interface Attempt {
  end: number;
  error?: string;
  /** The container's output (retryOnErrors looks into it). */
  output: string[];
}

/** Runs a step's container once, starting at `at` (emulated ms), killed at `deadline` (the step's timeout). */
export type ContainerWork = (at: number, deadline: number) => Attempt;

/** Go's context.DeadlineExceeded, which a container killed at the step's timeout returns. */
export const DEADLINE_EXCEEDED = "context deadline exceeded";
