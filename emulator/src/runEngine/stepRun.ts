// One step as acb's builder runs it (builder.go runStep): the header with its timeout, working directory and
// network, the start delay, the explicit pull of a cmd step's image, then the build, the push or the cmd's
// container. A detached container (`detach`) counts as done once it has started.
import type { ResolvedStep } from "acr-tasks/task-yaml";
import { runBuildStep } from "./buildStep.js";
import { containerId, containerScript, pullScript } from "./containerScript.js";
import { playScript, runRepeatWithRetries } from "./containerRuns.js";
import { runPushStep } from "./pushStep.js";
import type { ContainerWork, StepContext, StepOutcome } from "./stepContext.js";

const DETACH_MS = 600;

export function runStep(step: ResolvedStep, at: number, ctx: StepContext): StepOutcome {
  const log = ctx.recorder;
  let t = at;
  log.line(
    t,
    `Executing step ID: ${step.id}. Timeout(sec): ${step.timeout}, Working directory: '${step.workingDirectory}', Network: '${step.network}'`,
  );
  if (step.startDelay > 0) {
    log.line(t, `Waiting ${step.startDelay} seconds before executing step ID: ${step.id}`);
    t += step.startDelay * 1000;
  }
  if (step.kind === "cmd" && step.pull) {
    log.line(t, "Step specified pull. Performing an explicit pull...");
    const image = step.cmd.trim().split(/\s+/)[0] ?? "";
    const pull = pullScript(image, ctx.imageDigest(image, t));
    for (const line of pull.lines) log.raw(t + line.after, line.text);
    t += pull.duration;
  }
  if (step.kind === "build") return runBuildStep(step, t, ctx);
  if (step.kind === "push") return runPushStep(step, t, ctx);
  const startTime = t;
  const work: ContainerWork = step.detach
    ? (start, deadline) => {
        if (start + DETACH_MS > deadline)
          return playScript(ctx, { lines: [], duration: DETACH_MS, exitCode: 0 }, start, deadline);
        // docker run -d prints the container's id and returns; the container goes on in the background.
        const id = containerId(ctx.run.id ?? "", step.id, String(start));
        log.raw(start + DETACH_MS - 50, id);
        return { end: start + DETACH_MS, output: [id] };
      }
    : (start, deadline) => playScript(ctx, containerScript(step.cmd, step.env), start, deadline);
  const ran = runRepeatWithRetries(step, t, t + step.timeout * 1000, work, ctx);
  return { startTime, endTime: ran.end, ...(ran.error ? { error: ran.error } : {}) };
}
