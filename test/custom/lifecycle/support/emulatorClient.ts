// The public client on an in-process emulator, built as the emulator's README says (its credential, its CA,
// its endpoint), and the Premium registry the lifecycle tests work in.
import type { RunningEmulator } from "acr-tasks-emulator";
import { ContainerRegistryTasksClient, type ContainerRegistryTasksClientOptions } from "../../../../src/index.js";

/** A client on `emulator`, for its subscription unless `subscriptionId` names another; `options` go on top. */
export function emulatorClient(
  emulator: RunningEmulator,
  options: ContainerRegistryTasksClientOptions & { subscriptionId?: string } = {},
): ContainerRegistryTasksClient {
  const { subscriptionId = emulator.subscriptionId, ...rest } = options;
  return new ContainerRegistryTasksClient(emulator.credential, subscriptionId, {
    ...emulator.clientOptions,
    endpoint: emulator.endpoint,
    ...rest,
  });
}

/** Creates a Premium registry in westus and polls its creation to the end. */
export async function createPremiumRegistry(
  client: ContainerRegistryTasksClient,
  resourceGroup: string,
  registry: string,
  polling = { updateIntervalInMs: 1 },
): Promise<void> {
  await client.registries.create(resourceGroup, registry, { location: "westus", sku: { name: "Premium" } }, polling);
}
