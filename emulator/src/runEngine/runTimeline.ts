// A run from its start to its end, as ACR's agent and acb write it: the source download and the home volume,
// acb reading the task (through acr-tasks/task-yaml), its networks, Docker configuration, registry login,
// buildkit and volumes, the step graph, then each step's status, the build steps' digests and dependencies.
// A task acb refuses ends the run with acb's error, as acb exits with status 1.
import type { ResolvedTask, StepGraph, TaskRunData } from "acr-tasks/task-yaml";
import type { BaseImageDependency } from "./baseImages.js";
import { baseImageDependenciesOf, dependenciesJson } from "./dependencies.js";
import { LocalImages, baseImageDigest, fullName, imageOf, type ImageDescriptor } from "./images.js";
import { readRunTask } from "./readRunTask.js";
import { secretMasker, type RunSpec } from "./runSpec.js";
import { SourceError, type SourceContext } from "./sourceArchive.js";
import { runGraph } from "./stepGraph.js";
import type { StepContext } from "./stepContext.js";
import { TimelineRecorder, type TimelineEvent } from "./timeline.js";

/** ACR's runErrorMessage when acb fails: the agent sees acb exit with status 1, whatever acb printed. */
export const ACB_FAILED = "failed during run, err: exit status 1";

const DOWNLOAD_MS = 800;
const NETWORK_MS = 600;
const DOCKER_CONFIG_MS = 500;
const LOGIN_MS = 900;
const BUILDKIT_MS = 2000;
const VOLUME_MS = 400;
const DIGESTS_MS = 300;

/** The digest an emulated registry holds for an image, if it holds it. */
export type RegistryDigest = (image: Omit<ImageDescriptor, "digest">) => string | undefined;

export function planTimeline(
  spec: RunSpec,
  source: SourceContext | SourceError,
  run: TaskRunData,
  registryDigest: RegistryDigest = () => undefined,
): TimelineEvent[] {
  const log = new TimelineRecorder();
  let t = 0;
  if (spec.sourceLocation) log.line(t, "Downloading source code...");
  if (source instanceof SourceError) {
    log.raw(t + DOWNLOAD_MS, source.message);
    log.end(t + DOWNLOAD_MS, { status: "Error", errorMessage: source.message });
    return log.events(secretMasker(spec));
  }
  if (spec.sourceLocation) {
    t += DOWNLOAD_MS;
    log.line(t, "Finished downloading source code");
    if (source.simulated)
      log.line(
        t,
        `The emulator cannot fetch ${spec.sourceLocation} offline: it stands for a context holding a Dockerfile (${source.files.get("Dockerfile")?.toString("utf8").trim()}).`,
      );
  }
  log.line(t, `Using ${run.sharedVolume} as the home volume`);
  const reading = readRunTask(spec, source, run);
  for (const line of reading.log) log.line(t, line);
  if (reading.outcome === "refused" || reading.outcome === "unreadable") {
    log.raw(t, reading.outcome === "refused" ? reading.refusal.message : reading.message);
    log.end(t, { status: "Failed", errorMessage: ACB_FAILED });
  } else if (reading.outcome === "nothing-to-run") log.end(t, { status: "Succeeded" });
  else if (reading.outcome === "not-checked") {
    const message = `The emulator cannot run this task: ${reading.reason}.`;
    log.line(t, message);
    log.end(t, { status: "Error", errorMessage: message });
  } else {
    for (const skipped of reading.notes.skippedAliasSources)
      log.line(t, `The emulator cannot fetch the alias source ${skipped}: its aliases are left out.`);
    const images = new LocalImages();
    const imageDigest = (reference: string, at: number) =>
      reference.includes("@")
        ? baseImageDigest(reference)
        : (images.digestAt(reference, at) ?? registryDigest(imageOf(reference)) ?? baseImageDigest(reference));
    runTask(reading.task, reading.graph, t, { recorder: log, source, run, images, imageDigest });
  }
  return log.events(secretMasker(spec));
}

/** acb's RunTask: networks, Docker configuration, login, buildkit, volumes, the steps, then the closing lines. */
function runTask(task: ResolvedTask, graph: StepGraph, start: number, ctx: StepContext): void {
  const log = ctx.recorder;
  let t = start;
  for (const network of task.networks) {
    if (network.skipCreation) {
      log.line(t, `Skip creating network: ${network.name}`);
      continue;
    }
    log.line(t, `Creating Docker network: ${network.name}, driver: '${network.driver}'`);
    t += NETWORK_MS;
    log.line(t, `Successfully set up Docker network: ${network.name}`);
  }
  log.line(t, "Setting up Docker configuration...");
  t += DOCKER_CONFIG_MS;
  log.line(t, "Successfully set up Docker configuration");
  if (ctx.run.registry) {
    log.line(t, `Logging in to registry: ${ctx.run.registry}`);
    t += LOGIN_MS;
    log.line(t, `Successfully logged into ${ctx.run.registry}`);
  }
  if (task.initBuildkitContainer) {
    log.line(t, "Task will use build cache, initializing buildkitd container");
    t += BUILDKIT_MS;
  }
  for (const volume of task.volumes) {
    // acb writes each secret file (base64-decoded) into a folder, then copies it into the volume.
    if (!Object.values(volume.secret).every(isGoBase64)) {
      log.raw(t, "failed to decode Base64 value. please make sure value provided is Base64 encoded");
      log.end(t, { status: "Failed", errorMessage: ACB_FAILED });
      return;
    }
    t += VOLUME_MS;
    log.line(t, "buffer:  ");
    log.line(t, `Created new file(s) for volume:  ${volume.name}`);
    t += VOLUME_MS;
    log.line(t, "buffer:  ");
    log.line(t, `Populated files for volume:  ${volume.name}`);
  }
  const result = runGraph(task, graph, t, ctx);
  if (result.kind === "stalled") return;
  if (result.kind === "failed") {
    log.cutAfter(result.at, result.mark);
    log.raw(result.at, result.message);
    log.end(result.at, { status: "Failed", errorMessage: ACB_FAILED });
    return;
  }
  t = result.end;
  const pushed = new Map<string, string>();
  for (const event of log.events()) for (const image of event.pushed ?? []) pushed.set(fullName(image), image.digest);
  const found: string[] = [];
  const baseImages: BaseImageDependency[] = [];
  for (const step of task.steps) {
    const outcome = result.outcomes.get(step.id)!;
    const seconds = ((outcome.endTime - outcome.startTime) / 1000).toFixed(6);
    log.line(t, `Step ID: ${step.id} marked as successful (elapsed time in seconds: ${seconds})`);
    // acb cannot query the digests of an image built with buildx (the build cache), so it leaves those out.
    if (!outcome.dependencies || (step.usesBuildCache && (ctx.run.os ?? "linux") === "linux")) continue;
    log.line(t, `Populating digests for step ID: ${step.id}...`);
    t += DIGESTS_MS;
    log.line(t, `Successfully populated digests for step ID: ${step.id}`);
    found.push(dependenciesJson(outcome.dependencies, pushed));
    baseImages.push(...baseImageDependenciesOf(outcome.dependencies));
  }
  if (found.length > 0) {
    log.line(t, "The following dependencies were found:");
    // log.Println("\n" + json): a stamped empty line, then the JSON as it is.
    log.line(t, "");
    const all = found.map((json) => json.slice(1, -1)).filter((json) => json !== "");
    log.raw(t, `[${all.join(",")}]`);
  }
  log.end(t, { status: "Succeeded", ...(baseImages.length > 0 ? { baseImages: uniqueImages(baseImages) } : {}) });
}

/** Each base image once, in the order the build steps found them. */
function uniqueImages(images: BaseImageDependency[]): BaseImageDependency[] {
  const seen = new Set<string>();
  return images.filter((image) => {
    const key = `${image.type} ${fullName(image)} ${image.digest}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** Go's base64.StdEncoding.DecodeString: the standard alphabet with its padding (new lines are skipped). */
function isGoBase64(value: string): boolean {
  const text = value.replace(/[\r\n]/g, "");
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}
