// The helpers end to end: the real client against the emulator (ARM and blob listeners over HTTPS).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import type { BlobClientOptions, ContainerRegistryTasksClient } from "../../../src/index.js";
import {
  RunFailedError,
  createBlobTransport,
  quickBuild,
  quickRun,
  streamLogs,
  waitForCompletion,
  type BlobTransport,
} from "../../../src/custom/lifecycle/index.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";
import { makeTree, removeTrees } from "./support/tree.js";

const resourceGroup = "lifecycle-rg";
const registry = "lifecyclereg01";
const linux = { os: "Linux", architecture: "amd64" };
const fast = { pollIntervalMs: 5, maxPollIntervalMs: 20 };

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
let blob: BlobTransport;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  client = emulatorClient(emulator);
  // The client hands its groups BlobClientOptions: the transport takes them as they are.
  const blobOptions: BlobClientOptions = { ...emulator.clientOptions, retryOptions: { maxRetries: 3 } };
  blob = createBlobTransport(blobOptions);
  await createPremiumRegistry(client, resourceGroup, registry);
});
afterAll(async () => {
  await emulator.close();
  await removeTrees();
});

async function linesOf(stream: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of stream) lines.push(line);
  return lines;
}

describe("run-lifecycle helpers against the emulator", () => {
  it("quickBuild uploads a folder, waitForCompletion sees it succeed, streamLogs reads the whole log", async () => {
    const sourceDir = await makeTree({
      Dockerfile: "FROM alpine\nCOPY . /app\n",
      ".dockerignore": "*.secret\n",
      "app/main.sh": "echo hi\n",
      "token.secret": "never uploaded",
    });
    const queued = await quickBuild(client.registries, blob, resourceGroup, registry, {
      sourceDir,
      imageNames: ["app:{{.Run.ID}}"],
      platform: linux,
    });
    const runId = queued.name!;
    expect(queued.properties?.status).toBe("Queued");

    const stream = streamLogs(client.runs, blob, resourceGroup, registry, runId, fast);
    const [final, lines] = await Promise.all([
      waitForCompletion(client.runs, blob, resourceGroup, registry, runId, fast),
      linesOf(stream),
    ]);
    expect(final.properties?.status).toBe("Succeeded");
    expect(lines.join("\n")).toContain(runId);
    expect(lines.every((line) => !line.includes("\n") && !line.endsWith("\r"))).toBe(true);
    await expect(stream.finalRun).resolves.toMatchObject({ properties: { status: "Succeeded" } });

    const blobRequests = emulator.requests.filter((request) => request.server === "blob");
    expect(blobRequests.some((request) => request.method === "PUT")).toBe(true);
    expect(blobRequests.some((request) => request.method === "GET")).toBe(true);
    expect(blobRequests.filter((request) => request.hasAuthorization)).toEqual([]);
    expect(
      emulator.requests.filter((request) => request.server === "arm").every((request) => request.hasAuthorization),
    ).toBe(true);
  });

  it("quickRun renders values, and a failing run rejects waitForCompletion with RunFailedError", async () => {
    const ok = await quickRun(client.registries, blob, resourceGroup, registry, {
      taskYaml: "steps:\n  - cmd: bash echo {{.Values.greeting}}\n",
      values: { greeting: "hello-from-values" },
      platform: linux,
    });
    await waitForCompletion(client.runs, blob, resourceGroup, registry, ok.name!, fast);
    const log = await linesOf(streamLogs(client.runs, blob, resourceGroup, registry, ok.name!, fast));
    expect(log.join("\n")).toContain("hello-from-values");

    const failing = await quickRun(client.registries, blob, resourceGroup, registry, {
      cmd: "bash exit 3",
      platform: linux,
    });
    const error = await waitForCompletion(client.runs, blob, resourceGroup, registry, failing.name!, fast).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as RunFailedError).status).toBe("Failed");
    expect((error as Error).message).toMatch(new RegExp(`Run ${failing.name} ended with status Failed: .+`));
  });

  it("quickRun uploads an optional folder as the run's context", async () => {
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n", "notes.txt": "x" });
    const queued = await quickRun(client.registries, blob, resourceGroup, registry, {
      taskYaml: "steps:\n  - build: -t app:{{.Run.ID}} .\n",
      sourceDir,
      platform: linux,
    });
    const final = await waitForCompletion(client.runs, blob, resourceGroup, registry, queued.name!, fast);
    expect(final.properties?.status).toBe("Succeeded");
  });
});

describe("the helpers as client methods", () => {
  it("client.registries.quickRun, client.runs.waitForCompletion and client.runs.streamLogs keep the token off the blob host", async () => {
    const before = emulator.requests.length;
    const sourceDir = await makeTree({ "notes.txt": "x" });
    const queued = await client.registries.quickRun(resourceGroup, registry, {
      cmd: "bash echo via-methods",
      sourceDir,
      platform: linux,
    });
    const final = await client.runs.waitForCompletion(resourceGroup, registry, queued.name!, fast);
    expect(final.properties?.status).toBe("Succeeded");
    const lines = await linesOf(client.runs.streamLogs(resourceGroup, registry, queued.name!, fast));
    expect(lines.join("\n")).toContain("via-methods");
    const traffic = emulator.requests.slice(before);
    expect(traffic.filter((request) => request.server === "blob").length).toBeGreaterThan(1);
    expect(traffic.filter((request) => request.server === "blob" && request.hasAuthorization)).toEqual([]);
  });

  it("client.registries.quickBuild builds with a Dockerfile outside sourceDir, as az acr build -f ../docker/Dockerfile . does", async () => {
    const repo = await makeTree({
      "docker/Dockerfile": "FROM alpine\nRUN echo built-from-outside\n",
      "app/main.sh": "echo hi\n",
      "app/.git/HEAD": "ref: refs/heads/main\n",
    });
    const queued = await client.registries.quickBuild(resourceGroup, registry, {
      sourceDir: path.join(repo, "app"),
      dockerFilePath: "../docker/Dockerfile",
      platform: linux,
    });
    const final = await client.runs.waitForCompletion(resourceGroup, registry, queued.name!, fast);
    expect(final.properties?.status).toBe("Succeeded");
    // The emulator found the Dockerfile in the uploaded archive, under the name the run was given.
    const log = (await linesOf(client.runs.streamLogs(resourceGroup, registry, queued.name!, fast))).join("\n");
    expect(log).toContain("RUN echo built-from-outside");
  });
});

describe("run-lifecycle helpers against a flaky blob host", () => {
  it("upload and log streaming ride out 503s and reset connections", async () => {
    const flaky = await startEmulator({
      timeScale: 0.01,
      faults: { seed: 11, rate503: 0.25, rateReset: 0.15, applyTo: "blob" },
    });
    try {
      const flakyClient = emulatorClient(flaky);
      const flakyBlob = createBlobTransport({
        ...flaky.clientOptions,
        retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 5, maxRetries: 10 },
      });
      await createPremiumRegistry(flakyClient, resourceGroup, registry);
      const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n", "a.txt": "a" });
      const queued = await quickBuild(flakyClient.registries, flakyBlob, resourceGroup, registry, {
        sourceDir,
        platform: linux,
      });
      const lines = await linesOf(streamLogs(flakyClient.runs, flakyBlob, resourceGroup, registry, queued.name!, fast));
      expect(lines.at(-1)).toMatch(/was successful/);
      expect(flaky.requests.some((request) => request.server === "blob" && request.fault !== undefined)).toBe(true);
    } finally {
      await flaky.close();
    }
  });
});
