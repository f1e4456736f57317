// What ACR learns from running a task's Docker step: the base images its Dockerfile builds on, which the
// task's step then lists (`baseImageDependencies`) and a base image trigger would watch.
import type { EmulatorServices } from "../services.js";
import { baseImageDependencies } from "../runEngine/baseImages.js";
import { loadSourceContext, normalisePath } from "../runEngine/sourceArchive.js";
import type { StoredResource } from "../state/state.js";
import { childId } from "./common.js";

async function recordBaseImages(services: EmulatorServices, run: StoredResource): Promise<void> {
  const properties = run.body["properties"] as Record<string, any>;
  if (properties["status"] !== "Succeeded" || typeof properties["task"] !== "string") return;
  const job = services.runs.job(run);
  if (job.spec.kind !== "docker") return;
  const task = services.store.get(childId(job.registryId, "tasks", properties["task"]));
  if (task?.body["properties"]?.["step"]?.["type"] !== "Docker") return;
  const source = await loadSourceContext(services.store, job.spec.sourceLocation, (url) =>
    services.blobs.pathOfUrl(url, services.blobEndpoint),
  ).catch(() => undefined);
  const dockerfile = source?.files.get(normalisePath(job.spec.dockerFilePath ?? "Dockerfile"));
  if (!dockerfile) return;
  const step = task.body["properties"]["step"] as Record<string, any>;
  step["baseImageDependencies"] = baseImageDependencies(dockerfile.toString("utf8"), job.spec.arguments);
  services.store.changed();
}

export function registerBaseImageTracking(services: EmulatorServices): void {
  services.runs.onFinished((run) => {
    void recordBaseImages(services, run).catch((error: unknown) =>
      services.log(`run ${run.body["name"]}: base images not recorded (${(error as Error).message})`),
    );
  });
}
