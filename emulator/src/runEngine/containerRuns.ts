// procmanager's RunRepeatWithRetries as acb runs a cmd or build step's container: `repeat` more runs after the
// first, each with up to `retries` relaunches `retryDelay` seconds apart (only on an error naming one of
// `retryOnErrors`, when given), the errors of every run joined with ", ". The step's timeout covers them all:
// a container still running at the deadline is killed, and a relaunch after it fails at once.
import type { ResolvedStep } from "acr-tasks/task-yaml";
import { DEADLINE_EXCEEDED, type Attempt, type ContainerWork, type StepContext } from "./stepContext.js";
import type { ContainerScript } from "./containerScript.js";

export function runRepeatWithRetries(
  step: ResolvedStep,
  at: number,
  deadline: number,
  work: ContainerWork,
  ctx: StepContext,
): { end: number; error?: string } {
  const log = ctx.recorder;
  const errors: string[] = [];
  let t = at;
  for (let run = 0; run <= step.repeat; run++) {
    let error: string | undefined;
    for (let attempt = 0; attempt <= step.retries;) {
      log.line(t, `Launching container with name: ${step.id}`);
      const result = work(t, deadline);
      t = result.end;
      error = result.error;
      if (!error) {
        log.line(t, `Successfully executed container: ${step.id}`);
        break;
      }
      attempt++;
      if (attempt <= step.retries && retryAllowed(step.retryOnErrors, result)) {
        log.line(t, `Container failed during run: ${step.id}, waiting ${step.retryDelay} seconds before retrying...`);
        t += step.retryDelay * 1000;
      } else {
        log.line(t, `Container failed during run: ${step.id}. No retries remaining.`);
        break;
      }
    }
    if (error) errors.push(error);
  }
  return { end: t, ...(errors.length > 0 ? { error: errors.join(", ") } : {}) };
}

/** retryOnErrors (acr-builder #553): a failure is retried only when its output or error names one of them. */
function retryAllowed(retryOnErrors: readonly string[], attempt: Attempt): boolean {
  if (retryOnErrors.length === 0) return true;
  const said = [...attempt.output, attempt.error ?? ""].join("\n");
  return retryOnErrors.some((text) => said.includes(text));
}

/** A container that runs `script` from `at`: its output as it is printed, killed at `deadline`. */
export function playScript(ctx: StepContext, script: ContainerScript, at: number, deadline: number): Attempt {
  if (at >= deadline) return { end: at, error: DEADLINE_EXCEEDED, output: [] };
  const output: string[] = [];
  for (const line of script.lines) {
    if (at + line.after >= deadline) break;
    ctx.recorder.raw(at + line.after, line.text);
    output.push(line.text);
  }
  if (at + script.duration > deadline) return { end: deadline, error: DEADLINE_EXCEEDED, output };
  return {
    end: at + script.duration,
    output,
    ...(script.exitCode !== 0 ? { error: `exit status ${script.exitCode}` } : {}),
  };
}
