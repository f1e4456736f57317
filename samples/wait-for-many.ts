// A platform's fan-out: queue one run per team, wait for them all together (one Runs_List per round,
// whatever their number), and say why the ones that failed did, from the end of their logs.
import { createEncodedTaskRunRequest, isRunFinished, RunFailedError } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

const teams = ["payments", "search", "checkout", "identity", "billing"];

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const runIds: string[] = [];
  for (const [i, team] of teams.entries()) {
    // The checkout team's tests fail.
    const test = team === "checkout" ? "echo 2 tests failed && exit 1" : `echo ${team} tests passed`;
    const taskYaml = `steps:\n  - cmd: bash echo building ${team} && sleep ${2 + i}\n  - cmd: bash ${test}\n`;
    const run = await client.registries.scheduleRun(
      resourceGroup,
      registry,
      createEncodedTaskRunRequest({ taskYaml, platform: linux }),
    );
    runIds.push(run.properties!.runId!);
  }
  log(`queued ${runIds.join(", ")}; waiting for all of them`);
  const runs = await client.runs.waitForAll(resourceGroup, registry, runIds, {
    pollIntervalMs: 250,
    onProgress: (latest) => log(`  ${latest.filter(isRunFinished).length} of ${latest.length} seen finished`),
  });
  for (const [i, run] of runs.entries()) log(`${teams[i]}: run ${run.properties?.runId} ${run.properties?.status}`);

  // waitForAll gives statuses; waitForCompletion on a failed run says why, from the end of its log.
  const failed = runs.find((run) => run.properties?.status !== "Succeeded");
  if (!failed) throw new Error("the checkout run should have failed");
  try {
    await client.runs.waitForCompletion(resourceGroup, registry, failed.properties!.runId!);
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    log(error.message);
    for (const line of error.logTail.slice(-4)) log(`  | ${line}`);
  }
}

runIfMain(import.meta, main);
