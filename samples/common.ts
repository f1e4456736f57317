// What every sample needs: a client and a registry to work in. With AZURE_SUBSCRIPTION_ID,
// AZURE_RESOURCE_GROUP and AZURE_REGISTRY set, that is Azure through DefaultAzureCredential;
// otherwise the embedded emulator on loopback, with a registry created for the samples.
import { DefaultAzureCredential } from "@azure/identity";
import { pathToFileURL } from "node:url";
import { ContainerRegistryTasksClient, type PlatformProperties } from "acr-tasks";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";

export interface SampleContext {
  client: ContainerRegistryTasksClient;
  /** A new client with the same credential and options, as another process would build. */
  createClient: () => ContainerRegistryTasksClient;
  resourceGroup: string;
  registry: string;
  /** True against the emulator, where samples may speed things up. */
  emulated: boolean;
  /** Prints one step of a sample. */
  log: (message: string) => void;
  /** Set against the emulator: what a second process needs to reach the same one. */
  emulator?: Pick<RunningEmulator, "endpoint" | "clientOptions" | "credential">;
}

export const linux: PlatformProperties = { os: "Linux", architecture: "amd64" };

/** Starts what the samples need and returns a context plus a function that releases it. */
export async function openSampleContext(name = "samples"): Promise<{ context: SampleContext; close: () => Promise<void> }> {
  const log = (message: string) => console.log(`  [${name}] ${message}`);
  const { AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_REGISTRY } = process.env;
  if (AZURE_SUBSCRIPTION_ID && AZURE_RESOURCE_GROUP && AZURE_REGISTRY) {
    const credential = new DefaultAzureCredential();
    const createClient = () => new ContainerRegistryTasksClient(credential, AZURE_SUBSCRIPTION_ID);
    const client = createClient();
    const context = { client, createClient, resourceGroup: AZURE_RESOURCE_GROUP, registry: AZURE_REGISTRY, emulated: false, log };
    return { context, close: async () => undefined };
  }
  const timeScale = Number(process.env.ACR_TASKS_TIME_SCALE ?? "0.2");
  const emulator = await startEmulator({ timeScale });
  const createClient = () =>
    new ContainerRegistryTasksClient(emulator.credential, "00000000-0000-0000-0000-000000000000", {
      ...emulator.clientOptions,
      endpoint: emulator.endpoint,
    });
  const client = createClient();
  const resourceGroup = "samples-rg";
  const registry = "samplesregistry";
  await client.registries.create(resourceGroup, registry, { location: "westus", sku: { name: "Premium" } }, { updateIntervalInMs: 100 });
  return {
    context: { client, createClient, resourceGroup, registry, emulated: true, log, emulator },
    close: () => emulator.close(),
  };
}

/** Runs a sample's main on its own when its file is executed directly (`npx tsx samples/x.ts`). */
export function runIfMain(meta: ImportMeta, main: (context: SampleContext) => Promise<void>): void {
  if (process.argv[1] && pathToFileURL(process.argv[1]).href === meta.url) {
    void (async () => {
      const { context, close } = await openSampleContext();
      try {
        await main(context);
      } finally {
        await close();
      }
    })().catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
  }
}
