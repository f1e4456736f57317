// What the lifecycle benchmarks share: the project's emulator (runs last minutes of emulated time and
// seconds of real time, by timeScale), a client of the SDK build under test pointed at it, and runs
// of a chosen length and shape. Every count below is read from the emulator's recorded requests.
import { startEmulator, type RecordedRequest, type RunningEmulator } from "acr-tasks-emulator";

export const RG = "bench-rg";
export const SUB = "00000000-0000-0000-0000-0000000000be";

/** The SDK's exports the lifecycle benchmarks use (from dist/ or another build). */
export interface SdkModule {
  ContainerRegistryTasksClient: new (credential: unknown, subscriptionId: string, options: object) => any;
  createEncodedTaskRunRequest(options: { taskYaml: string; platform: { os: string }; timeout?: number }): object;
}

export interface Emulated {
  emulator: RunningEmulator;
  client: any;
  timeScale: number;
  /** A realistic duration (ms) in this emulator's real time. */
  scaled(ms: number): number;
  close(): Promise<void>;
}

export async function startEmulated(sdk: SdkModule, timeScale: number, registries: string[]): Promise<Emulated> {
  const emulator = await startEmulator({ timeScale, pageSize: 20 });
  const client = new sdk.ContainerRegistryTasksClient(emulator.credential, SUB, {
    ...emulator.clientOptions,
    endpoint: emulator.endpoint,
  });
  for (const registry of registries) {
    await client.registries.create(
      RG,
      registry,
      { location: "westus", sku: { name: "Premium" } },
      { updateIntervalInMs: 5 },
    );
  }
  return { emulator, client, timeScale, scaled: (ms) => ms * timeScale, close: () => emulator.close() };
}

/**
 * "silent": one step that works for the whole run and prints only at its start and end (a long
 * `RUN make`); "steady": a step every 10 s, each printing as it starts and ends (a build that logs).
 */
export type RunShape = "silent" | "steady";

export async function scheduleRun(
  sdk: SdkModule,
  client: any,
  registry: string,
  seconds: number,
  shape: RunShape,
  exitCode = 0,
): Promise<string> {
  const exit = exitCode ? ` && exit ${exitCode}` : "";
  // The emulator's cmd step takes 0.4 s plus its sleep.
  const steps =
    shape === "silent"
      ? [`  - cmd: bash echo working && sleep ${Math.max(0, seconds - 0.4)}${exit}\n    timeout: 3600\n`]
      : Array.from(
          { length: Math.max(1, Math.round(seconds / 10.4)) },
          (_, i) => `  - cmd: bash echo tick ${i} && sleep 10\n`,
        );
  if (shape === "steady" && exit) steps.push(`  - cmd: bash echo failing${exit}\n`);
  const taskYaml = `steps:\n${steps.join("")}`;
  const run = await client.registries.scheduleRun(
    RG,
    registry,
    sdk.createEncodedTaskRunRequest({ taskYaml, platform: { os: "Linux" }, timeout: 3600 }),
  );
  return run.name as string;
}

/** The requests of one run: ARM ones name it in their path, storage ones read its log. */
export function requestsOf(requests: readonly RecordedRequest[], runId: string): { arm: number; blob: number } {
  let arm = 0;
  let blob = 0;
  for (const request of requests) {
    const path = request.url.split("?")[0]!;
    if (request.server === "arm" && (path.endsWith(`/runs/${runId}`) || path.includes(`/runs/${runId}/`))) arm++;
    else if (request.server === "blob" && path.includes(`/${runId}/rawtext.log`)) blob++;
  }
  return { arm, blob };
}

/** The run's length in emulated seconds (start to finish), from the run itself. */
export function emulatedSeconds(run: any, timeScale: number): number {
  const start = run.properties?.startTime?.getTime?.() ?? Date.parse(run.properties?.startTime);
  const finish = run.properties?.finishTime?.getTime?.() ?? Date.parse(run.properties?.finishTime);
  return (finish - start) / 1000 / timeScale;
}
