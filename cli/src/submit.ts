// What build, run and task run share once their inputs are checked: sign in and find the group, queue
// the run (with progress on a terminal), then return at once (--no-wait) or follow it (follow.ts).
import type { Run, RunSubmissionProgress } from "acr-tasks";
import { flag, type ParsedValues } from "./args.js";
import { inSession, type CommandInfo } from "./command.js";
import { ExitCode } from "./exitCodes.js";
import { followRun } from "./follow.js";
import type { TargetInputs } from "./inputs.js";
import type { Output } from "./output.js";
import { SubmitProgress } from "./progress.js";
import type { Session } from "./session.js";

/** --no-wait, --no-logs and --cancel-on-interrupt, which every command that queues a run takes. */
export interface FollowFlags {
  noWait: boolean;
  noLogs: boolean;
  cancelOnInterrupt: boolean;
}

export function followFlags(values: ParsedValues): FollowFlags {
  return {
    noWait: flag(values, "no-wait"),
    noLogs: flag(values, "no-logs"),
    cancelOnInterrupt: flag(values, "cancel-on-interrupt"),
  };
}

export interface SubmitOptions extends FollowFlags {
  /** The folder packed and uploaded, for the progress line. */
  sourceDir?: string;
  /** Queues the run (quickBuild, quickRun, scheduleRun); `onProgress` is for quickBuild's and quickRun's option. */
  queue(
    session: Session,
    abortSignal: AbortSignal,
    onProgress: (progress: RunSubmissionProgress) => void,
  ): Promise<Run>;
}

export async function submitAndFollow(
  target: TargetInputs,
  output: Output,
  info: CommandInfo,
  options: SubmitOptions,
): Promise<number> {
  const progress = new SubmitProgress(output);
  if (!target.resourceGroup) output.progress(`Finding the resource group of ${target.registry} ...`);
  try {
    return await inSession(
      target,
      info,
      async (session, interrupt) => {
        progress.start(options.sourceDir);
        const queued = await options.queue(session, interrupt.signal, progress.observe);
        const runId = queued.properties?.runId ?? queued.name!;
        progress.clear();
        if (options.noWait) {
          output.result(runId, queued);
          return ExitCode.Success;
        }
        output.note(`Queued run ${runId} on ${session.registry}.`);
        return await followRun(session, runId, output, interrupt, {
          logs: !options.noLogs,
          cancelOnInterrupt: options.cancelOnInterrupt,
          onFollowing: () => progress.waitingForAgent(runId),
        });
      },
      {
        // followRun handles its own interrupts: this one came before the run was queued. scheduleRun may
        // have reached the service before the signal, so the run may be queued all the same.
        onInterrupted: () =>
          output.problem("acr-tasks: interrupted before the run was queued (acr-tasks runs shows it, if it was)"),
      },
    );
  } finally {
    progress.clear();
  }
}
