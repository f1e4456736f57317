// A long-running operation started here, its poller serialized, and finished by a second process
// that restores it with restorePoller (the first process could have exited meanwhile).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DefaultAzureCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import { ContainerRegistryTasksClient, createEncodedTaskRunRequest, restorePoller, type TaskRun } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

export async function main({ client, resourceGroup, registry, log, emulator }: SampleContext): Promise<void> {
  const runRequest = createEncodedTaskRunRequest({
    taskYaml: "version: v1.1.0\nsteps:\n  - cmd: bash echo resumed\n",
    platform: linux,
  });
  const poller = client.taskRuns.create(resourceGroup, registry, "resumedTaskRun", {
    location: "westus",
    properties: { runRequest },
  });
  await poller.submitted();
  const state = await poller.serialize();
  log(`started taskRuns.create and serialized its poller (${state.length} characters); handing it to a second process`);

  const env: NodeJS.ProcessEnv = { ...process.env, RESUME_POLLER_STATE: state };
  if (emulator) {
    env.RESUME_POLLER_ENDPOINT = emulator.endpoint;
    env.RESUME_POLLER_CA = emulator.clientOptions.tlsOptions.ca;
    env.RESUME_POLLER_TOKEN = await tokenOf(emulator);
  }
  const child = await promisify(execFile)(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env,
  });
  process.stdout.write(child.stdout);
}

async function tokenOf(emulator: NonNullable<SampleContext["emulator"]>): Promise<string> {
  return (await emulator.credential.getToken("https://management.azure.com/.default"))!.token;
}

/** The second process: restore the poller from the state it was handed and wait for the result. */
async function resume(state: string): Promise<void> {
  const endpoint = process.env.RESUME_POLLER_ENDPOINT;
  const token = process.env.RESUME_POLLER_TOKEN;
  const credential: TokenCredential = token
    ? { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) }
    : new DefaultAzureCredential();
  const client = new ContainerRegistryTasksClient(
    credential,
    process.env.AZURE_SUBSCRIPTION_ID ?? "00000000-0000-0000-0000-000000000000",
    {
      ...(endpoint ? { endpoint, tlsOptions: { ca: process.env.RESUME_POLLER_CA } } : {}),
    },
  );
  const poller = restorePoller<TaskRun>(client, state, client.taskRuns.create, { updateIntervalInMs: 200 });
  const taskRun = await poller;
  console.log(
    `  [second process, pid ${process.pid}] restored the poller: ${taskRun.name} is ${taskRun.properties?.provisioningState}, run ${taskRun.properties?.runResult?.properties?.runId}`,
  );
}

if (process.env.RESUME_POLLER_STATE) {
  resume(process.env.RESUME_POLLER_STATE).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  runIfMain(import.meta, main);
}
