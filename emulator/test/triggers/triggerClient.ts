// What the trigger tests share: the public client on an emulator, a registry, and the runs of one task as
// runs.list reports them (newest first).
import { ContainerRegistryTasksClient, type Run, type Task } from "acr-tasks";
import type { RunningEmulator } from "../../src/index.js";
import { rg, subscriptionId, waitFor } from "../helpers.js";

export const lro = { updateIntervalInMs: 1 };

export function clientOf(emulator: RunningEmulator): ContainerRegistryTasksClient {
  return new ContainerRegistryTasksClient(emulator.credential, subscriptionId, {
    ...emulator.clientOptions,
    endpoint: emulator.endpoint,
  });
}

export async function createRegistry(client: ContainerRegistryTasksClient, registry: string): Promise<void> {
  await client.registries.create(rg, registry, { location: "westus", sku: { name: "Premium" } }, lro).pollUntilDone();
}

export async function createTask(
  client: ContainerRegistryTasksClient,
  registry: string,
  name: string,
  properties: NonNullable<Task["properties"]>,
): Promise<Task> {
  return client.tasks
    .create(rg, registry, name, { location: "westus", properties: { platform: { os: "Linux" }, ...properties } }, lro)
    .pollUntilDone();
}

/** The runs of a task, newest first, as runs.list filters them. */
export async function runsOf(client: ContainerRegistryTasksClient, registry: string, task: string): Promise<Run[]> {
  const runs: Run[] = [];
  for await (const run of client.runs.list(rg, registry, { filter: `TaskName eq '${task}'` })) runs.push(run);
  return runs;
}

/** Waits until `task` has a run that `accept` accepts, and returns it. */
export async function waitForRunOf(
  client: ContainerRegistryTasksClient,
  registry: string,
  task: string,
  accept: (run: Run) => boolean,
): Promise<Run> {
  let found: Run | undefined;
  await waitFor(async () => (found = (await runsOf(client, registry, task)).find(accept)) !== undefined);
  return found!;
}
