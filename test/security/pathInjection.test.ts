// Names containing `../`, `%2F`, `/`, `?`, `#`, spaces or unicode can never change the request path:
// names with a pattern (registryName, taskName, taskRunName, agentPoolName) are refused before anything
// is sent, and free-form ones (resourceGroupName, runId) are percent-encoded into exactly one segment.
// Asserted at the emulator's recorded request URL, through the public client and the lifecycle helpers.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "acr-tasks-emulator";
import { ValidationError, type ContainerRegistryTasksClient } from "../../src/index.js";
import { LRO, RG, SUBSCRIPTION, clientFor, emulatorWith } from "../reliability/_support/env.js";

const REGISTRY = "pathsafe01";
let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;

beforeAll(async () => {
  emulator = await emulatorWith({ timeScale: 0.002 });
  client = clientFor(emulator, { retryOptions: { maxRetries: 0 } });
  await client.registries.create(RG, REGISTRY, { location: "westus", sku: { name: "Premium" } }, LRO);
  await client.registries.create("other-rg", "victimreg01", { location: "westus", sku: { name: "Premium" } }, LRO);
});
afterAll(() => emulator?.close());

const hostile = [
  "../../victimreg01",
  "..%2F..%2Fvictimreg01",
  "%2e%2e",
  "cb1/../../../",
  "cb1?api-version=2000-01-01&x=",
  "cb1#fragment",
  "cb 1",
  "ünïcødé-🚀",
  "a\\..\\b",
  "...",
  "%",
  "\u0000nul",
];

/** The requests recorded while `action` ran. */
async function recorded(action: () => Promise<unknown>): Promise<{ outcome: unknown; urls: string[] }> {
  const before = emulator.requests.length;
  const outcome = await action().then(
    (value) => value,
    (error: unknown) => error,
  );
  return {
    outcome,
    urls: emulator.requests
      .slice(before)
      .filter((request) => request.server === "arm")
      .map((request) => request.url),
  };
}

function pathSegments(url: string): string[] {
  return url.split("?")[0]!.split("/").slice(1);
}

describe("free-form names are encoded into exactly one path segment", () => {
  test.each(hostile)("runs.get with runId %j addresses only that run", async (runId) => {
    const { outcome, urls } = await recorded(() => client.runs.get(RG, REGISTRY, runId));
    expect(urls).toHaveLength(1);
    const segments = pathSegments(urls[0]!);
    expect(segments.slice(0, 9)).toEqual([
      "subscriptions",
      SUBSCRIPTION,
      "resourceGroups",
      RG,
      "providers",
      "Microsoft.ContainerRegistry",
      "registries",
      REGISTRY,
      "runs",
    ]);
    expect(segments).toHaveLength(10);
    expect(decodeURIComponent(segments[9]!)).toBe(runId);
    // The query is the client's own: an injected api-version did not replace it.
    expect(new URL(urls[0]!, emulator.endpoint).searchParams.getAll("api-version")).toEqual(["2019-06-01-preview"]);
    // The service looked for a run by that name (and found none), rather than another resource.
    expect(outcome).toMatchObject({ statusCode: 404 });
  });

  test.each(hostile)("resourceGroupName %j stays one segment (runs.list)", async (resourceGroup) => {
    const { urls } = await recorded(() => client.runs.list(resourceGroup, REGISTRY).next());
    expect(urls).toHaveLength(1);
    const segments = pathSegments(urls[0]!);
    expect(segments).toHaveLength(9);
    expect(segments[2]).toBe("resourceGroups");
    expect(decodeURIComponent(segments[3]!)).toBe(resourceGroup);
    expect(segments.slice(4)).toEqual(["providers", "Microsoft.ContainerRegistry", "registries", REGISTRY, "runs"]);
  });

  test("the lifecycle helpers encode runId too (waitForCompletion, streamLogs)", async () => {
    const runId = "../../victimreg01";
    const wait = await recorded(() => client.runs.waitForCompletion(RG, REGISTRY, runId, { pollIntervalMs: 1 }));
    expect(wait.outcome).toMatchObject({ statusCode: 404 });
    const logs = await recorded(async () => {
      for await (const _line of client.runs.streamLogs(RG, REGISTRY, runId)) break;
    });
    expect(logs.outcome).toMatchObject({ statusCode: 404 });
    for (const url of [...wait.urls, ...logs.urls]) {
      expect(
        url.startsWith(
          `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/runs/..%2F..%2Fvictimreg01`,
        ),
      ).toBe(true);
    }
  });
});

describe("dot segments and patterned names are refused before sending", () => {
  test.each([".", ".."])("runId %j is a ValidationError and nothing is sent", async (runId) => {
    const { outcome, urls } = await recorded(() => client.runs.get(RG, REGISTRY, runId));
    expect(outcome).toBeInstanceOf(ValidationError);
    expect(outcome).toMatchObject({ parameter: "runId" });
    expect(urls).toEqual([]);
  });

  test.each([".", ".."])("resourceGroupName %j is a ValidationError and nothing is sent", async (resourceGroup) => {
    const { outcome, urls } = await recorded(() => client.tasks.get(resourceGroup, REGISTRY, "mytask"));
    expect(outcome).toMatchObject({ name: "ValidationError", parameter: "resourceGroupName" });
    expect(urls).toEqual([]);
  });

  const patterned: [string, () => Promise<unknown>][] = [
    ["registryName", () => client.runs.get(RG, "../victimreg01", "cb1")],
    ["registryName", () => client.registries.get(RG, "pathsafe01/../victimreg01")],
    ["taskName", () => client.tasks.get(RG, REGISTRY, "../../../victimreg01")],
    ["taskName", () => client.tasks.get(RG, REGISTRY, "my task")],
    ["taskRunName", () => client.taskRuns.get(RG, REGISTRY, "tr%2F..%2Fx")],
    ["taskRunName", () => client.taskRuns.create(RG, REGISTRY, "ünïcødé", { properties: {} }, LRO)],
    ["agentPoolName", () => client.agentPools.get(RG, REGISTRY, "pool/../x")],
    ["registryName", () => client.registries.quickRun(RG, "a/../b", { cmd: "echo hi", platform: { os: "Linux" } })],
  ];
  test.each(patterned)("%s with a path-changing value is refused, nothing sent", async (parameter, action) => {
    const { outcome, urls } = await recorded(action);
    expect(outcome).toMatchObject({ name: "ValidationError", parameter });
    expect(typeof (outcome as ValidationError).rule).toBe("string");
    expect(urls).toEqual([]);
  });
});
