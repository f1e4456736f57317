// 200 concurrent runs.waitForCompletion calls on one client: all complete, and no socket leaks. The
// client is given its own keep-alive https.Agent (a public client option), so the test can see the
// sockets it holds: after the waits, none is still assigned to a request, the idle pool of each host
// (ARM, and the storage host whose log blobs the waiters follow) stays within maxSockets, which Node
// applies per host, and once the agent is destroyed every socket of the process (client and in-process
// emulator sides) is gone again.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "acr-tasks-emulator";
import type { ContainerRegistryTasksClient } from "../../src/index.js";
import {
  FAST_POLL,
  LRO,
  RG,
  agentFor,
  clientFor,
  emulatorWith,
  openSockets,
  quickTask,
  waitFor,
} from "./_support/env.js";

const REGISTRY = "concurrency01";
const WAITERS = 200;
const MAX_SOCKETS = 16;
/** The waiters reach two hosts through the agent: ARM and the storage host of the run logs. */
const HOSTS = 2;

let emulator: RunningEmulator;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  // Slow enough that the runs are still going while the 200 waiters poll them.
  emulator = await emulatorWith({ timeScale: 0.02 });
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await emulator?.close();
});

/** Sockets of the agent: in all, and on the host that has the most (maxSockets is per host). */
function socketsOf(agent: import("node:https").Agent): {
  active: number;
  idle: number;
  queued: number;
  perHost: number;
} {
  const count = (table: NodeJS.ReadOnlyDict<unknown[]>) =>
    Object.values(table).reduce((sum, list) => sum + (list?.length ?? 0), 0);
  const hosts = new Set([...Object.keys(agent.sockets), ...Object.keys(agent.freeSockets)]);
  const perHost = Math.max(
    0,
    ...[...hosts].map((host) => (agent.sockets[host]?.length ?? 0) + (agent.freeSockets[host]?.length ?? 0)),
  );
  return { active: count(agent.sockets), idle: count(agent.freeSockets), queued: count(agent.requests), perHost };
}

describe("200 concurrent waitForCompletion calls", () => {
  test("all complete without errors, and the client leaves no socket behind", async () => {
    const baseline = openSockets();
    const agent = agentFor(emulator, MAX_SOCKETS);
    const client: ContainerRegistryTasksClient = clientFor(emulator, { agent });
    await client.registries.create(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } }, LRO);

    const runIds: string[] = [];
    for (let i = 0; i < WAITERS; i++)
      runIds.push((await client.registries.scheduleRun(RG, REGISTRY, quickTask(`w${i}`))).name!);
    expect(new Set(runIds).size).toBe(WAITERS);

    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, socketsOf(agent).perHost);
    }, 5);
    const results = await Promise.allSettled(
      runIds.map((runId) => client.runs.waitForCompletion(RG, REGISTRY, runId, FAST_POLL)),
    );
    clearInterval(sampler);

    const failures = results
      .filter((result): result is PromiseRejectedResult => result.status === "rejected")
      .map((result) => String(result.reason));
    expect(failures).toEqual([]);
    const runs = results.map(
      (result) => (result as PromiseFulfilledResult<{ name?: string; properties?: { status?: string } }>).value,
    );
    expect(runs.map((run) => run.name)).toEqual(runIds);
    expect(runs.every((run) => run.properties?.status === "Succeeded")).toBe(true);

    // Nothing is still assigned to a request or waiting for a socket; each host's pool is bounded by maxSockets.
    await waitFor(() => socketsOf(agent).active === 0);
    const after = socketsOf(agent);
    expect(after.queued).toBe(0);
    expect(after.perHost).toBeLessThanOrEqual(MAX_SOCKETS);
    expect(after.idle).toBeLessThanOrEqual(HOSTS * MAX_SOCKETS);
    expect(peak).toBeLessThanOrEqual(MAX_SOCKETS);
    // The process's socket handles (process.getActiveResourcesInfo) stay within the idle keep-alive pools
    // (counted twice, to allow for both ends of each connection living in this process).
    expect(openSockets()).toBeLessThanOrEqual(baseline + 2 * HOSTS * MAX_SOCKETS);

    // Destroying the agent closes every connection: the socket handles come back to the baseline.
    agent.destroy();
    await waitFor(() => openSockets() <= baseline);
    expect(openSockets()).toBeLessThanOrEqual(baseline);
    expect(unhandled).toEqual([]);
  }, 180_000);
});
