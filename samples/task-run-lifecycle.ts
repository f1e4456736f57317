// A TaskRun resource: created (which runs it), read, re-run by changing forceUpdateTag, deleted.
import { createEncodedTaskRunRequest } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const name = "myTaskRun";
  const runRequest = createEncodedTaskRunRequest({
    taskYaml: "version: v1.1.0\nsteps:\n  - cmd: bash echo hello from a task run\n",
    platform: linux,
  });
  const created = await client.taskRuns.create(
    resourceGroup,
    registry,
    name,
    { location: "westus", properties: { runRequest, forceUpdateTag: "1" } },
    { updateIntervalInMs: 200 },
  );
  log(
    `created ${created.name}: ${created.properties?.provisioningState}, run ${created.properties?.runResult?.properties?.runId}`,
  );

  const read = await client.taskRuns.get(resourceGroup, registry, name);
  log(
    `read back: forceUpdateTag ${read.properties?.forceUpdateTag}, run status ${read.properties?.runResult?.properties?.status}`,
  );

  const updated = await client.taskRuns.update(
    resourceGroup,
    registry,
    name,
    { properties: { forceUpdateTag: "2" } },
    { updateIntervalInMs: 200 },
  );
  const firstRun = created.properties?.runResult?.properties?.runId;
  const secondRun = updated.properties?.runResult?.properties?.runId;
  log(`updated with forceUpdateTag 2: it ran again as ${secondRun}`);
  if (!secondRun || secondRun === firstRun)
    throw new Error(`changing forceUpdateTag should start a new run (was ${firstRun}, now ${secondRun})`);

  await client.taskRuns.delete(resourceGroup, registry, name, { updateIntervalInMs: 200 });
  const remaining = [];
  for await (const taskRun of client.taskRuns.list(resourceGroup, registry)) remaining.push(taskRun.name);
  log(`deleted; task runs left: ${remaining.length ? remaining.join(", ") : "none"}`);
  if (remaining.includes(name)) throw new Error(`${name} is still listed after delete`);
}

runIfMain(import.meta, main);
