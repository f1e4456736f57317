// `az acr build`, from code: pack a local folder (honouring its .dockerignore), upload it, queue a
// Docker build, stream its log live, and wait for the result.
import { fileURLToPath } from "node:url";
import { linux, runIfMain, type SampleContext } from "./common.js";

const sourceDir = fileURLToPath(new URL("./assets/hello-node", import.meta.url));

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  log(`packing ${sourceDir} and queueing a build`);
  const queued = await client.registries.quickBuild(resourceGroup, registry, {
    sourceDir,
    imageNames: ["hello-node:{{.Run.ID}}"],
    platform: linux,
    buildArguments: { NODE_ENV: "production" },
  });
  const runId = queued.properties!.runId!;
  log(`run ${runId} queued; streaming its log`);
  const stream = client.runs.streamLogs(resourceGroup, registry, runId, { pollIntervalMs: 250 });
  for await (const line of stream) log(`  | ${line}`);
  const run = await client.runs.waitForCompletion(resourceGroup, registry, runId, { pollIntervalMs: 250 });
  for (const image of run.properties?.outputImages ?? [])
    log(`built ${image.registry}/${image.repository}:${image.tag} ${image.digest}`);
  log(`run ${runId}: ${run.properties?.status}`);
}

runIfMain(import.meta, main);
