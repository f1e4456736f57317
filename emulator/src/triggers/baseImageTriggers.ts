// Base image triggers. A task's step lists the base images its last successful run built on
// (`baseImageDependencies`, from acb's dependencies: the FROM images of a Docker step's Dockerfile, those of
// every build step of task YAML), which Tasks_Get and Tasks_GetDetails show. When a run ends whose pushes
// changed what a tag points at in its registry (runEngine/registryContent.ts), each enabled task with an
// enabled base image trigger that built on that tag (its final stage's image for `Runtime`, any stage's for
// `All`) with another digest runs, with `imageUpdateTrigger: { id, timestamp, images }`.
//
// Loops: ACR watches each tag's manifest, so a task that pushes the image it builds on would rebuild itself
// forever, and so would two tasks that build on each other. Every run carries the chain of tasks whose runs
// led to it (a run started by hand: its own task), and a push never triggers a task already in the chain of
// the run that pushed it; a task is rebuilt at most once per chain of updates, and the log says when one is
// held back. A diamond (base -> mid1, mid2 -> app) still rebuilds app once per mid image, as each is an update.
import { randomUUID } from "node:crypto";
import type { BaseImageDependency } from "../runEngine/baseImages.js";
import type { ImageDescriptor } from "../runEngine/images.js";
import { storedImage } from "../runEngine/registryContent.js";
import type { EmulatorServices } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { allTasks, isEnabled, runForTrigger } from "./triggeredRun.js";

const taskIdOf = (registryId: string, name: string) => `${registryId}/tasks/${name}`;

/** A successful run of a task records the base images it built on, on the task's step. */
function recordDependencies(services: EmulatorServices, run: StoredResource): void {
  const properties = run.body["properties"] as Record<string, any>;
  const job = services.runs.job(run);
  const end = job.timeline?.at(-1)?.end;
  if (properties["status"] !== "Succeeded" || typeof properties["task"] !== "string" || end?.status !== "Succeeded")
    return;
  const step = services.store.get(taskIdOf(job.registryId, properties["task"]))?.body["properties"]?.["step"];
  if (!step) return;
  if (end.baseImages?.length) step["baseImageDependencies"] = end.baseImages;
  else delete step["baseImageDependencies"];
  services.store.changed();
}

const sameTag = (dependency: BaseImageDependency, image: ImageDescriptor) =>
  dependency.registry.toLowerCase() === image.registry.toLowerCase() &&
  dependency.repository.toLowerCase() === image.repository.toLowerCase() &&
  dependency.tag === image.tag;

/** The images among `updated` that `task`'s enabled base image trigger watches, at another digest than it built on. */
function updatesFor(task: StoredResource, updated: readonly ImageDescriptor[]): ImageDescriptor[] {
  const properties = (task.body["properties"] ?? {}) as Record<string, any>;
  const trigger = properties["trigger"]?.["baseImageTrigger"] as Record<string, any> | undefined;
  if (!isEnabled(properties) || !isEnabled(trigger)) return [];
  const watched = ((properties["step"]?.["baseImageDependencies"] ?? []) as BaseImageDependency[]).filter(
    (dependency) => trigger!["baseImageTriggerType"] === "All" || dependency.type === "Runtime",
  );
  return updated.filter((image) => watched.some((dep) => sameTag(dep, image) && dep.digest !== image.digest));
}

/** The notification ACR would send to the trigger's endpoint, reported in the log (nothing is sent). */
function reportEndpoint(services: EmulatorServices, task: StoredResource, trigger: Record<string, any>): void {
  const endpoint = trigger["updateTriggerEndpoint"];
  if (typeof endpoint !== "string" || endpoint === "") return;
  // Only the address: a query string may hold a secret.
  const address = URL.canParse(endpoint) ? `${new URL(endpoint).origin}${new URL(endpoint).pathname}` : "its endpoint";
  services.log(
    `task ${task.body["name"]}: base image trigger '${trigger["name"]}' would notify ${address} (payload type ${trigger["updateTriggerPayloadType"] ?? "Default"}); the emulator sends nothing`,
  );
}

function fireDependents(services: EmulatorServices, run: StoredResource): void {
  const job = services.runs.job(run);
  const updated = job.updatedImages ?? [];
  if (updated.length === 0) return;
  const ownTask = run.body["properties"]["task"];
  const chain =
    job.triggerChain ?? (typeof ownTask === "string" ? [taskIdOf(job.registryId, ownTask).toLowerCase()] : []);
  for (const task of allTasks(services)) {
    const images = updatesFor(task, updated);
    if (images.length === 0) continue;
    const id = task.id.toLowerCase();
    const trigger = task.body["properties"]["trigger"]["baseImageTrigger"] as Record<string, any>;
    if (chain.includes(id)) {
      services.log(
        `task ${task.body["name"]}: base image trigger '${trigger["name"]}' held back: run ${run.body["name"]} follows from a run of this task`,
      );
      continue;
    }
    reportEndpoint(services, task, trigger);
    const timestamp = storedImage(services.store, images[0]!)?.pushedAt ?? new Date().toISOString();
    runForTrigger(
      services,
      task,
      `base image trigger '${trigger["name"]}' (run ${run.body["name"]} updated ${images.map((i) => `${i.repository}:${i.tag}`).join(", ")})`,
      { imageUpdateTrigger: { id: randomUUID(), timestamp, images } },
      [...chain, id],
    );
  }
}

export function registerBaseImageTriggers(services: EmulatorServices): void {
  services.runs.onFinished((run) => {
    recordDependencies(services, run);
    fireDependents(services, run);
  });
}
