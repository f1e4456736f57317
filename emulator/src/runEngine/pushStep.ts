// A push step as acb runs it (builder/push.go pushWithRetries): each image in turn, up to three attempts
// with a growing pause between them; an image the run has not built (by then) does not exist locally, and
// after the third failed attempt the step fails. The step's `retries` do not apply to pushes.
import type { ResolvedStep } from "acr-tasks/task-yaml";
import { imageOf, pushRepository } from "./images.js";
import type { StepContext, StepOutcome } from "./stepContext.js";

const MAX_PUSH_ATTEMPTS = 3;
const PUSH_MS = 700;
const MISSING_MS = 300;
/** The pause after a failed attempt: 1, 2, then 4 seconds (util.GetExponentialBackoff). */
const backoff = (attempt: number) => 1000 * 2 ** attempt;

export function runPushStep(step: ResolvedStep, at: number, ctx: StepContext): StepOutcome {
  const log = ctx.recorder;
  const deadline = at + step.timeout * 1000;
  let t = at;
  for (const name of step.push) {
    let attempt = 0;
    for (; attempt < MAX_PUSH_ATTEMPTS; attempt++) {
      log.line(t, `Pushing image: ${name}, attempt ${attempt + 1}`);
      // A failed attempt (the push's context expired, or the image is not there) pauses before the next.
      if (t >= deadline) {
        t += backoff(attempt);
        continue;
      }
      const digest = ctx.images.digestAt(name, t);
      if (!digest) {
        // docker's message names the image as given, without its tag.
        const untagged = name.replace(/:[^/:@]*$/, "");
        t = Math.min(t + MISSING_MS, deadline);
        log.raw(t, `An image does not exist locally with the tag: ${untagged}`);
        t += backoff(attempt);
        continue;
      }
      const image = imageOf(name, digest);
      log.raw(t + 100, `The push refers to repository [${pushRepository(image)}]`);
      if (t + PUSH_MS > deadline) {
        t = deadline + backoff(attempt);
        continue;
      }
      log.raw(t + PUSH_MS - 100, `${image.tag}: digest: ${digest} size: 1570`);
      t += PUSH_MS;
      log.line(t, `Successfully pushed image: ${name}`);
      log.pushed(t, image);
      break;
    }
    if (attempt === MAX_PUSH_ATTEMPTS)
      return { startTime: at, endTime: t, error: "failed to push images successfully" };
  }
  return { startTime: at, endTime: t };
}
