// A run cancelled while it runs: awaiting runs.cancel returns once the run is Canceled (a long-running
// operation at 2019-06-01-preview, answered at once at 2025-03-01-preview: the same code serves both).
import { createEncodedTaskRunRequest, type Run } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const request = createEncodedTaskRunRequest({
    taskYaml: "version: v1.1.0\nsteps:\n  - cmd: bash sleep 600\n    timeout: 900\n",
    platform: linux,
    timeout: 3600,
  });
  const queued = await client.registries.scheduleRun(resourceGroup, registry, request, { updateIntervalInMs: 200 });
  const runId = queued.properties!.runId!;
  let run: Run = queued;
  while (run.properties?.status === "Queued") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = await client.runs.get(resourceGroup, registry, runId);
  }
  log(`run ${runId} is ${run.properties?.status}; cancelling it`);
  await client.runs.cancel(resourceGroup, registry, runId, { updateIntervalInMs: 200 });
  run = await client.runs.get(resourceGroup, registry, runId);
  log(`run ${runId} is now ${run.properties?.status}`);
  if (run.properties?.status !== "Canceled") throw new Error(`expected Canceled, got ${run.properties?.status}`);
}

runIfMain(import.meta, main);
