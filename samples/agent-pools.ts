// Agent pools: create a dedicated pool, run on it, read its queue status, scale it, list, delete.
import { createEncodedTaskRunRequest } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const pool = "buildpool";
  const created = await client.agentPools.create(
    resourceGroup,
    registry,
    pool,
    { location: "westus", properties: { count: 1, tier: "S1", os: "Linux" } },
    { updateIntervalInMs: 200 },
  );
  log(
    `agent pool ${created.name}: ${created.properties?.count} x ${created.properties?.tier}, ${created.properties?.provisioningState}`,
  );

  const request = createEncodedTaskRunRequest({
    taskYaml: "version: v1.1.0\nsteps:\n  - cmd: bash echo on the pool\n",
    platform: linux,
    agentPoolName: pool,
  });
  const run = await client.registries.scheduleRun(resourceGroup, registry, request, { updateIntervalInMs: 200 });
  log(`run ${run.properties?.runId} queued on ${run.properties?.agentPoolName}`);
  const status = await client.agentPools.getQueueStatus(resourceGroup, registry, pool);
  log(`queue status of ${pool}: ${status.count} run(s) queued`);

  const scaled = await client.agentPools.update(
    resourceGroup,
    registry,
    pool,
    { properties: { count: 2 } },
    { updateIntervalInMs: 200 },
  );
  log(`scaled to ${scaled.properties?.count} agents`);
  const names = [];
  for await (const p of client.agentPools.list(resourceGroup, registry)) names.push(p.name);
  log(`pools: ${names.join(", ")}`);
  // A pool with queued or running work cannot be deleted (409 AgentPoolInUse): let the run finish first.
  const finished = await client.runs.waitForCompletion(resourceGroup, registry, run.properties!.runId!, {
    pollIntervalMs: 200,
  });
  log(`run ${finished.properties?.runId} ${finished.properties?.status}; deleting the pool`);
  await client.agentPools.delete(resourceGroup, registry, pool, { updateIntervalInMs: 200 });
  log(`deleted ${pool}`);
}

runIfMain(import.meta, main);
