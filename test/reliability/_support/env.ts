// Shared support for the reliability and security suites: an emulator plus a client built the way a
// user would build one, socket counting, and bounded polling (never a timed assertion).
import { Agent } from "node:https";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "acr-tasks-emulator";
import { ContainerRegistryTasksClient, type ContainerRegistryTasksClientOptions } from "../../../src/index.js";

export const SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa";
export const RG = "rel-rg";
export const LINUX = { os: "Linux" as const };
/** Fast client-side retries so faults cost milliseconds. */
export const FAST_RETRY = { retryDelayInMs: 1, maxRetryDelayInMs: 20, maxRetries: 6 };
/** Fast polling for pollers and waitForCompletion. */
export const FAST_POLL = { pollIntervalMs: 5, maxPollIntervalMs: 25 };
export const LRO = { updateIntervalInMs: 5 };

export function b64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

export const quickTask = (echo = "hello") => ({
  type: "EncodedTaskRunRequest" as const,
  encodedTaskContent: b64(`steps:\n  - cmd: bash echo ${echo}\n`),
  platform: LINUX,
});

export async function emulatorWith(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ timeScale: 0.002, ...options });
}

export function clientFor(
  emulator: RunningEmulator,
  options: ContainerRegistryTasksClientOptions = {},
): ContainerRegistryTasksClient {
  return new ContainerRegistryTasksClient(emulator.credential, SUBSCRIPTION, {
    ...emulator.clientOptions,
    endpoint: emulator.endpoint,
    retryOptions: FAST_RETRY,
    ...options,
  });
}

/** An https.Agent trusting the emulator's CA, so a test owns (and can count and destroy) the client's sockets. */
export function agentFor(emulator: RunningEmulator, maxSockets = 16): Agent {
  return new Agent({ keepAlive: true, maxSockets, ca: emulator.caPem });
}

/** Polls `check` until true, a bounded number of times (no timing is asserted). */
export async function waitFor(check: () => boolean | Promise<boolean>, attempts = 1500, stepMs = 10): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  throw new Error("condition not reached");
}

/** Open TCP/TLS socket handles of this process (both the client and the in-process emulator sides). */
export function openSockets(): number {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name === "TCPSocketWrap" || name === "TLSSocket" || name === "TLSWrap").length;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
