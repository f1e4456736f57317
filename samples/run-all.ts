// `npm start`: every sample, one after the other, against one embedded emulator (or Azure, when
// AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP and AZURE_REGISTRY are set). Exits non-zero if one fails.
// `npm start -- list-runs cancel-run` runs only those; `--tasks-api-version=2025-03-01-preview` (or
// ACR_TASKS_API_VERSION) selects the api-version of the tasks operations.
import { openSampleContext, sampleNames, selectedTasksApiVersion, type SampleContext } from "./common.js";
import { main as agentPools } from "./agent-pools.js";
import { main as baseImageRebuild } from "./base-image-rebuild.js";
import { main as cancelRun } from "./cancel-run.js";
import { main as encodedTaskRun } from "./encoded-task-run.js";
import { main as listRuns } from "./list-runs.js";
import { main as pipelineRuns } from "./pipeline-runs.js";
import { main as quickBuild } from "./quick-build.js";
import { main as quickRun } from "./quick-run.js";
import { main as resumePoller } from "./resume-poller.js";
import { main as taskRunLifecycle } from "./task-run-lifecycle.js";
import { main as taskWithTriggers } from "./task-with-triggers.js";
import { main as waitForMany } from "./wait-for-many.js";

export const samples: [string, (context: SampleContext) => Promise<void>][] = [
  ["quick-build", quickBuild],
  ["quick-run", quickRun],
  ["encoded-task-run", encodedTaskRun],
  ["task-with-triggers", taskWithTriggers],
  ["base-image-rebuild", baseImageRebuild],
  ["task-run-lifecycle", taskRunLifecycle],
  ["list-runs", listRuns],
  ["cancel-run", cancelRun],
  ["agent-pools", agentPools],
  ["pipeline-runs", pipelineRuns],
  ["resume-poller", resumePoller],
  ["wait-for-many", waitForMany],
];

export async function runAll(args: string[] = []): Promise<number> {
  const only = sampleNames(args);
  const unknown = only.filter((name) => !samples.some(([known]) => known === name));
  if (unknown.length)
    throw new Error(`no sample named ${unknown.join(", ")} (the samples: ${samples.map(([name]) => name).join(", ")})`);
  const { context, close } = await openSampleContext("setup", selectedTasksApiVersion(args));
  const target = context.emulated
    ? `the embedded emulator at ${context.client.endpoint}`
    : `Azure (${context.registry})`;
  const selected = samples.filter(([name]) => !only.length || only.includes(name));
  console.log(
    `Running ${selected.length} samples against ${target}, tasks operations at api-version ${context.client.tasksApiVersion}\n`,
  );
  let failed = 0;
  try {
    for (const [name, main] of selected) {
      console.log(`▶ ${name}`);
      const started = Date.now();
      try {
        await main({ ...context, log: (message) => console.log(`  ${message}`) });
        console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      } catch (error) {
        failed++;
        console.log(`✘ ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  } finally {
    await close();
  }
  console.log(failed ? `${failed} sample(s) failed` : "All samples passed");
  return failed;
}

runAll(process.argv.slice(2)).then(
  (failed) => {
    process.exitCode = failed ? 1 : 0;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
