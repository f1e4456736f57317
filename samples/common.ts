// What every sample needs: a client and a registry to work in. With AZURE_SUBSCRIPTION_ID,
// AZURE_RESOURCE_GROUP and AZURE_REGISTRY set, that is Azure through DefaultAzureCredential;
// otherwise the embedded emulator on loopback, with a registry created for the samples.
// ACR_TASKS_API_VERSION (or `npm start -- --tasks-api-version=<version>`) selects the client's
// tasksApiVersion: 2019-06-01-preview (the default) or 2025-03-01-preview.
import { DefaultAzureCredential } from "@azure/identity";
import { pathToFileURL } from "node:url";
import { ContainerRegistryTasksClient, type PlatformProperties, type TasksApiVersion } from "acr-tasks";
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

/**
 * The tasksApiVersion the samples' clients use: `--tasks-api-version=<v>` (or `--tasks-api-version <v>`)
 * among the arguments, else ACR_TASKS_API_VERSION, else the client's default. The client checks the value.
 */
export function selectedTasksApiVersion(
  args: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): TasksApiVersion | undefined {
  const index = args.findIndex((a) => a === "--tasks-api-version" || a.startsWith("--tasks-api-version="));
  const fromFlag =
    index < 0
      ? undefined
      : args[index]!.includes("=")
        ? args[index]!.slice(args[index]!.indexOf("=") + 1)
        : args[index + 1];
  const value = fromFlag ?? env.ACR_TASKS_API_VERSION;
  return value ? (value as TasksApiVersion) : undefined;
}

/** The arguments other than `--tasks-api-version` and its value: the names of the samples to run. */
export function sampleNames(args: readonly string[]): string[] {
  return args.filter((a, i) => !a.startsWith("--tasks-api-version") && args[i - 1] !== "--tasks-api-version");
}

/** Starts what the samples need and returns a context plus a function that releases it. */
export async function openSampleContext(
  name = "samples",
  tasksApiVersion: TasksApiVersion | undefined = selectedTasksApiVersion(),
): Promise<{ context: SampleContext; close: () => Promise<void> }> {
  const log = (message: string) => console.log(`  [${name}] ${message}`);
  const { AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_REGISTRY } = process.env;
  if (AZURE_SUBSCRIPTION_ID && AZURE_RESOURCE_GROUP && AZURE_REGISTRY) {
    const credential = new DefaultAzureCredential();
    const createClient = () => new ContainerRegistryTasksClient(credential, AZURE_SUBSCRIPTION_ID, { tasksApiVersion });
    const client = createClient();
    const context = {
      client,
      createClient,
      resourceGroup: AZURE_RESOURCE_GROUP,
      registry: AZURE_REGISTRY,
      emulated: false,
      log,
    };
    return { context, close: async () => undefined };
  }
  // A bad tasksApiVersion is refused here, before an emulator is started for nothing.
  new ContainerRegistryTasksClient({ getToken: async () => null }, "check", { tasksApiVersion });
  const timeScale = Number(process.env.ACR_TASKS_TIME_SCALE ?? "0.2");
  const emulator = await startEmulator({ timeScale });
  const createClient = () =>
    new ContainerRegistryTasksClient(emulator.credential, "00000000-0000-0000-0000-000000000000", {
      ...emulator.clientOptions,
      endpoint: emulator.endpoint,
      tasksApiVersion,
    });
  const client = createClient();
  const resourceGroup = "samples-rg";
  const registry = "samplesregistry";
  await client.registries.create(
    resourceGroup,
    registry,
    { location: "westus", sku: { name: "Premium" } },
    { updateIntervalInMs: 100 },
  );
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
