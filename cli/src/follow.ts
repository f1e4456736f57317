// Following a run to its end: its log streamed as it arrives (runs.streamLogs, which reads the log blob,
// not ARM), or, with --no-logs or -o none, a wait on it (runs.waitForCompletion, which follows the same
// blob without showing it). The end decides the exit code: 0 when the run Succeeded, 1 otherwise, with
// the log's last lines on stderr. Interrupted, the run goes on unless --cancel-on-interrupt cancels it.
import { isRunFinished, RunFailedError, type Run } from "acr-tasks";
import { describeFailure } from "./errors.js";
import { ExitCode } from "./exitCodes.js";
import { runEnding, runSummary } from "./format.js";
import type { Interrupt } from "./interrupt.js";
import type { Output } from "./output.js";
import type { Session } from "./session.js";

/** As many of the log's last lines as RunFailedError carries. */
export const TAIL_LINES = 50;
/**
 * The first delay between two reads of the log blob, which doubles while nothing new arrives, and its cap:
 * a quarter and a fifth of the SDK's defaults (1 s and 10 s), since someone watches the lines arrive (a line
 * after a long silence shows within 2 s, not 10). These are storage reads, which cost nothing of ARM's
 * request budget.
 */
const LOG_POLL_INTERVAL_MS = 250;
const LOG_MAX_POLL_INTERVAL_MS = 2_000;

export interface FollowOptions {
  /** Show the log (default); false waits without it (--no-logs). */
  logs: boolean;
  cancelOnInterrupt: boolean;
  /** Told once following starts (the progress line says it waits for an agent). */
  onFollowing?: () => void;
}

/** The last lines seen, oldest first. */
class LastLines {
  lines: string[] = [];
  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
  }
}

export async function followRun(
  session: Session,
  runId: string,
  output: Output,
  interrupt: Interrupt,
  options: FollowOptions,
): Promise<number> {
  const { client, resourceGroup, registry } = session;
  const tail = new LastLines();
  const streamed = options.logs && output.showsLog;
  let run: Run;
  try {
    options.onFollowing?.();
    if (streamed) {
      const stream = client.runs.streamLogs(resourceGroup, registry, runId, {
        abortSignal: interrupt.signal,
        pollIntervalMs: LOG_POLL_INTERVAL_MS,
        maxPollIntervalMs: LOG_MAX_POLL_INTERVAL_MS,
      });
      for await (const line of stream) {
        output.logLine(line);
        tail.push(line);
      }
      run = await stream.finalRun;
      // The log can end before ARM reports the end (or never be marked complete): wait for the status.
      if (!isRunFinished(run)) run = await waitForEnd(session, runId, interrupt, tail);
    } else {
      run = await waitForEnd(session, runId, interrupt, tail);
    }
  } catch (error) {
    if (interrupt.exitCode !== undefined) {
      await stopFollowing(session, runId, output, options.cancelOnInterrupt);
      return interrupt.exitCode;
    }
    throw error;
  }
  return finish(run, runId, output, tail.lines, { logShown: streamed });
}

/** Waits for the run's end; a failed run's last log lines (read with one ranged GET) go to `tail`. */
async function waitForEnd(session: Session, runId: string, interrupt: Interrupt, tail: LastLines): Promise<Run> {
  try {
    return await session.client.runs.waitForCompletion(session.resourceGroup, session.registry, runId, {
      abortSignal: interrupt.signal,
    });
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    if (tail.lines.length === 0) error.logTail.forEach((line) => tail.push(line));
    return error.run;
  }
}

/** The result, and the exit code of the run's end. */
export function finish(
  run: Run,
  runId: string,
  output: Output,
  tail: readonly string[],
  shown: { logShown: boolean },
): number {
  const status = run.properties?.status;
  const succeeded = status === "Succeeded";
  const summary = runSummary(run).join("\n");
  // In text, stdout carries the log when it was shown: the summary then goes with the notes.
  if (output.format === "text" && shown.logShown) {
    if (succeeded) output.note(summary);
  } else {
    output.result(summary, run);
  }
  if (succeeded) return ExitCode.Success;
  output.problem(`acr-tasks: ${runEnding(runId, run)}`);
  // The log's last lines on stderr, unless they are there already (-o json shows the log on stderr).
  if (!(shown.logShown && output.logOnStderr) && tail.length > 0) {
    output.problem(`acr-tasks: the last ${tail.length} lines of its log:`);
    for (const line of tail) output.problem(line);
  }
  return ExitCode.RunFailed;
}

/** After Ctrl-C: says that the run goes on, or cancels it (--cancel-on-interrupt) and says so. */
async function stopFollowing(session: Session, runId: string, output: Output, cancel: boolean): Promise<void> {
  output.clearProgress();
  if (!cancel) {
    output.problem(
      `acr-tasks: interrupted; run ${runId} goes on (acr-tasks cancel ${runId} -r ${session.registry} stops it)`,
    );
    return;
  }
  try {
    await session.client.runs.cancel(session.resourceGroup, session.registry, runId, {
      abortSignal: AbortSignal.timeout(60_000),
    });
    output.problem(`acr-tasks: interrupted; run ${runId} canceled`);
  } catch (error) {
    output.problem(`acr-tasks: interrupted; canceling run ${runId} failed: ${describeFailure(error).message}`);
  }
}
