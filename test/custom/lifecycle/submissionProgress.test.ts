// quickBuild's and quickRun's onProgress, through the public client against the emulator: packing (files
// and bytes), uploading (bytes sent of the archive's size), then queueing, in that order, each phase ending
// with its last state; and the throttle that keeps a large folder from making one call per file.
import { randomBytes } from "node:crypto";
import { link, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import type { ContainerRegistryTasksClient, RunSubmissionProgress } from "acr-tasks";
import { throttledProgress } from "../../../src/custom/lifecycle/submissionProgress.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";
import { makeTree, removeTrees } from "./support/tree.js";

const resourceGroup = "progress-rg";
const registry = "progressreg01";
const linux = { os: "Linux" };

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  client = emulatorClient(emulator);
  await createPremiumRegistry(client, resourceGroup, registry);
});
afterAll(async () => {
  await emulator.close();
  await removeTrees();
});

const phases = (events: RunSubmissionProgress[]) =>
  events.map((event) => event.phase).filter((phase, index, all) => phase !== all[index - 1]);

describe("onProgress", () => {
  it("quickBuild: packing (files and bytes), uploading (bytes of the archive), then queueing", async () => {
    const sourceDir = await makeTree({
      Dockerfile: "FROM alpine\nCOPY . /app\n",
      ".dockerignore": "*.secret\n",
      "app/main.sh": "echo hi\n",
      "token.secret": "never packed",
    });
    // Over the size read synchronously (streamed), and a second name of it (a hard link, without content).
    const big = randomBytes(1536 * 1024);
    await writeFile(path.join(sourceDir, "app/big.bin"), big);
    await link(path.join(sourceDir, "app/big.bin"), path.join(sourceDir, "app/big-again.bin"));
    const events: RunSubmissionProgress[] = [];
    const run = await client.registries.quickBuild(resourceGroup, registry, {
      sourceDir,
      platform: linux,
      onProgress: (event) => events.push(event),
    });
    expect(run.properties?.status).toBeDefined();
    expect(phases(events)).toEqual(["packing", "uploading", "queueing"]);

    const packing = events.filter((event) => event.phase === "packing");
    const files = ["Dockerfile", ".dockerignore", "app/main.sh", "app/big.bin", "app/big-again.bin"];
    expect(packing[0]).toEqual({ phase: "packing", filesPacked: 0, totalFiles: files.length, bytesPacked: 0 });
    expect(packing.at(-1)).toEqual({
      phase: "packing",
      filesPacked: files.length,
      totalFiles: files.length,
      bytesPacked: "FROM alpine\nCOPY . /app\n".length + "*.secret\n".length + "echo hi\n".length + big.length,
    });
    for (const [earlier, later] of packing.slice(1).map((event, index) => [packing[index]!, event] as const))
      expect(later.filesPacked).toBeGreaterThanOrEqual(earlier.filesPacked);

    const uploading = events.filter((event) => event.phase === "uploading");
    const totalBytes = uploading[0]!.totalBytes;
    expect(totalBytes).toBeGreaterThan(1024 * 1024); // random bytes do not compress
    expect(uploading[0]).toEqual({ phase: "uploading", bytesSent: 0, totalBytes });
    expect(uploading.at(-1)).toEqual({ phase: "uploading", bytesSent: totalBytes, totalBytes });
    expect(events.at(-1)).toEqual({ phase: "queueing" });
  });

  it("quickRun without a folder only queues; with one it packs and uploads first", async () => {
    const events: RunSubmissionProgress[] = [];
    await client.registries.quickRun(resourceGroup, registry, {
      cmd: "bash echo hi",
      platform: linux,
      onProgress: (event) => events.push(event),
    });
    expect(events).toEqual([{ phase: "queueing" }]);

    const sourceDir = await makeTree({ "acb.yaml": "steps: []\n" });
    const withFolder: RunSubmissionProgress[] = [];
    await client.registries.quickRun(resourceGroup, registry, {
      cmd: "ls",
      sourceDir,
      platform: linux,
      onProgress: (event) => withFolder.push(event),
    });
    expect(phases(withFolder)).toEqual(["packing", "uploading", "queueing"]);
  });
});

describe("throttledProgress", () => {
  it("passes the first event, then one every interval, and always the last one", () => {
    let now = 0;
    const seen: number[] = [];
    const report = throttledProgress<number>(
      (value) => seen.push(value),
      100,
      () => now,
    )!;
    for (const [time, value, final] of [
      [0, 1, false],
      [50, 2, false],
      [99, 3, false],
      [100, 4, false],
      [150, 5, false],
      [160, 6, true],
    ] as const) {
      now = time;
      report(value, final);
    }
    expect(seen).toEqual([1, 4, 6]);
    expect(throttledProgress(undefined)).toBeUndefined();
  });
});
