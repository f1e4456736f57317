// Automated patching: an app task with a base image trigger is rebuilt when its base image is updated.
// 1. build a base image; 2. create an app task that builds on it, with a base image trigger; 3. run it once
// (ACR learns the base images it builds on); 4. update the base image; 5. wait for the rebuild the trigger
// started, and follow it.
import { fileURLToPath } from "node:url";
import type { Run } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

const baseDir = fileURLToPath(new URL("./assets/base-image", import.meta.url));
const appDir = fileURLToPath(new URL("./assets/app-on-base", import.meta.url));
const baseImage = "baseimages/node:20";
const taskName = "patchedapp";

/** Builds the base image with a patch level, waits for the build, and returns the digest it pushed. */
async function buildBase({ client, resourceGroup, registry, log }: SampleContext, patchLevel: number): Promise<string> {
  const queued = await client.registries.quickBuild(resourceGroup, registry, {
    sourceDir: baseDir,
    imageNames: [baseImage],
    buildArguments: { PATCH_LEVEL: String(patchLevel) },
    platform: linux,
  });
  const run = await client.runs.waitForCompletion(resourceGroup, registry, queued.properties!.runId!, {
    pollIntervalMs: 250,
  });
  const digest = run.properties?.outputImages?.[0]?.digest;
  if (run.properties?.status !== "Succeeded" || !digest)
    throw new Error(`the base image build ended ${run.properties?.status}`);
  log(`base image ${baseImage} at patch level ${patchLevel}: ${digest} (run ${run.properties.runId})`);
  return digest;
}

/** The run of the app task that the base image trigger started, once it appears (within `timeoutMs`). */
async function triggeredRebuild({ client, resourceGroup, registry }: SampleContext, timeoutMs: number): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for await (const run of client.runs.list(resourceGroup, registry, { filter: `TaskName eq '${taskName}'` }))
      if (run.properties?.imageUpdateTrigger) return run;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no run of ${taskName} was triggered by the base image update within ${timeoutMs / 1000} s`);
}

export async function main(context: SampleContext): Promise<void> {
  const { client, resourceGroup, registry, log } = context;
  const loginServer = (await client.registries.get(resourceGroup, registry)).properties!.loginServer!;

  // 1. The base image.
  await buildBase(context, 1);

  // 2. The app task: it builds on the base image (its Dockerfile's FROM), and rebuilds when it changes.
  const task = await client.tasks.create(
    resourceGroup,
    registry,
    taskName,
    {
      location: "westus",
      properties: {
        platform: linux,
        step: {
          type: "Docker",
          // A task builds from a context it can fetch at every run: here the folder, uploaded once.
          contextPath: (await client.registries.uploadBuildContext(resourceGroup, registry, { sourceDir: appDir }))
            .sourceLocation,
          dockerFilePath: "Dockerfile",
          imageNames: ["patchedapp:{{.Run.ID}}"],
          arguments: [{ name: "REGISTRY_NAME", value: loginServer }],
        },
        trigger: { baseImageTrigger: { name: "onBaseUpdate", baseImageTriggerType: "Runtime", status: "Enabled" } },
      },
    },
    { updateIntervalInMs: 200 },
  );
  log(`task ${task.name} created with base image trigger ${task.properties?.trigger?.baseImageTrigger?.name}`);

  try {
    // 3. Run it once: the run tells ACR which base images the task builds on.
    const first = await client.registries.scheduleRun(
      resourceGroup,
      registry,
      { type: "TaskRunRequest", taskId: task.id! },
      { updateIntervalInMs: 200 },
    );
    const built = await client.runs.waitForCompletion(resourceGroup, registry, first.properties!.runId!, {
      pollIntervalMs: 250,
    });
    log(`first build ${built.properties?.runId}: ${built.properties?.status} (${built.properties?.runType})`);
    const details = await client.tasks.getDetails(resourceGroup, registry, taskName);
    for (const image of details.properties?.step?.baseImageDependencies ?? [])
      log(`  builds on ${image.registry}/${image.repository}:${image.tag} (${image.type}) ${image.digest}`);

    // 4. Patch the base image: a new patch level is a new digest for the same tag.
    await buildBase(context, 2);

    // 5. The trigger rebuilds the app on the new base: follow that run like any other.
    const rebuild = await triggeredRebuild(context, 10 * 60_000);
    const trigger = rebuild.properties!.imageUpdateTrigger!;
    log(
      `run ${rebuild.properties?.runId} (${rebuild.properties?.runType}) started by the update of ${trigger.images?.map((i) => `${i.repository}:${i.tag}`).join(", ")} at ${trigger.timestamp?.toISOString()}`,
    );
    for await (const line of client.runs.streamLogs(resourceGroup, registry, rebuild.properties!.runId!, {
      pollIntervalMs: 250,
    }))
      if (line.includes("Successfully pushed image")) log(`  | ${line}`);
    const rebuilt = await client.runs.waitForCompletion(resourceGroup, registry, rebuild.properties!.runId!, {
      pollIntervalMs: 250,
    });
    log(`rebuild ${rebuilt.properties?.runId}: ${rebuilt.properties?.status}`);
    if (rebuilt.properties?.status !== "Succeeded") throw new Error(`the rebuild ended ${rebuilt.properties?.status}`);
  } finally {
    await client.tasks.delete(resourceGroup, registry, taskName, { updateIntervalInMs: 200 });
    log(`task ${taskName} deleted`);
  }
}

runIfMain(import.meta, main);
