// The SDK with both shapes of blob URL the emulator hands out: the loopback one (reached directly) and
// the Azure one (https://{account}.blob.{suffix}:PORT/..., reached only through the emulator's CONNECT
// proxy, given to the client as proxyOptions). quickBuild uploads, waitForCompletion and streamLogs read
// the log, and the ARM token never reaches the blob host either way.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import type { ContainerRegistryTasksClient } from "../../../src/index.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";
import { makeTree, removeTrees } from "./support/tree.js";

const resourceGroup = "shapes-rg";
const registry = "shapesreg01";
const fast = { pollIntervalMs: 5, maxPollIntervalMs: 20 };
const folder = { Dockerfile: "FROM alpine\nRUN echo shapes\n" };

afterAll(() => removeTrees());

/** The blob requests the emulator received, and by which host name. */
function blobTraffic(emulator: RunningEmulator, since: number) {
  const requests = emulator.requests.slice(since).filter((r) => r.server === "blob");
  return {
    count: requests.length,
    withToken: requests.filter((r) => r.hasAuthorization).length,
    hosts: [...new Set(requests.map((r) => r.hostHeader?.split(":")[0]))],
  };
}

describe("the loopback shape, reached directly", () => {
  let emulator: RunningEmulator;
  let client: ContainerRegistryTasksClient;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 0.001 });
    client = emulatorClient(emulator);
    await createPremiumRegistry(client, resourceGroup, registry);
  });
  afterAll(() => emulator.close());

  it("quickBuild uploads the folder, the run succeeds, and streamLogs reads its log", async () => {
    const before = emulator.requests.length;
    expect(
      (await client.registries.getBuildSourceUploadUrl(resourceGroup, registry)).uploadUrl!.startsWith(
        `${emulator.blobEndpoint}/`,
      ),
    ).toBe(true);
    const queued = await client.registries.quickBuild(resourceGroup, registry, {
      sourceDir: await makeTree(folder),
      imageNames: ["shapes:{{.Run.ID}}"],
      platform: { os: "Linux" },
    });
    expect((await client.runs.waitForCompletion(resourceGroup, registry, queued.name!, fast)).properties?.status).toBe(
      "Succeeded",
    );
    const lines: string[] = [];
    for await (const line of client.runs.streamLogs(resourceGroup, registry, queued.name!, fast)) lines.push(line);
    expect(lines.some((line) => line.endsWith("Step 2/2 : RUN echo shapes"))).toBe(true);
    expect(lines.at(-1)).toContain(`Run ID: ${queued.name} was successful`);
    expect(blobTraffic(emulator, before)).toMatchObject({ withToken: 0, hosts: ["127.0.0.1"] });
  });
});

describe("the Azure shape, through the emulator's proxy as proxyOptions", () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ timeScale: 0.001, azureBlobUrls: true, proxy: true });
    const client = emulatorClient(emulator);
    await createPremiumRegistry(client, resourceGroup, registry);
    dir = mkdtempSync(join(tmpdir(), "acr-shapes-"));
    writeFileSync(join(dir, "ca.pem"), emulator.caPem);
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("quickBuild, waitForCompletion and streamLogs work with the blob names; nothing carries the ARM token there", async () => {
    const before = emulator.requests.length;
    const script = fileURLToPath(new URL("./support/quickBuildThroughProxy.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, [script], {
      env: {
        PATH: process.env["PATH"],
        NODE_EXTRA_CA_CERTS: join(dir, "ca.pem"),
        ACR_TOKEN: (await emulator.credential.getToken("https://management.azure.com/.default"))!.token,
        ACR_PROXY: emulator.proxyUrl,
        ACR_ENDPOINT: emulator.endpoint,
        ACR_SUBSCRIPTION: emulator.subscriptionId,
        ACR_RESOURCE_GROUP: resourceGroup,
        ACR_REGISTRY: registry,
        SOURCE_DIR: await makeTree(folder),
      },
    });
    const seen = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      uploadUrl: string;
      runId: string;
      status: string;
      lines: string[];
    };
    expect(seen.uploadUrl.startsWith(`${emulator.azureBlobEndpoint}/`)).toBe(true);
    expect(seen.status).toBe("Succeeded");
    expect(seen.lines.some((line) => line.endsWith("Step 2/2 : RUN echo shapes"))).toBe(true);
    expect(seen.lines.at(-1)).toContain(`Run ID: ${seen.runId} was successful`);
    // By the blob name: no resolver here knows it, so the proxy carried every one of these requests.
    expect(blobTraffic(emulator, before)).toMatchObject({
      withToken: 0,
      hosts: [new URL(emulator.azureBlobEndpoint).hostname],
    });
    expect(blobTraffic(emulator, before).count).toBeGreaterThan(1);
  }, 60_000);
});
