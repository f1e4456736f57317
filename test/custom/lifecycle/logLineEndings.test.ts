// streamLogs yields the same lines whether the log ends its lines with CRLF (as ACR's logs do, and the
// emulator's now) or LF: the emulator's real CRLF log, then the same text with LF from a plain host.
import { get } from "node:https";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import { createEncodedTaskRunRequest, type ContainerRegistryTasksClient } from "../../../src/index.js";
import { createBlobTransport, streamLogs } from "../../../src/custom/lifecycle/index.js";
import type { RunsOperations } from "../../../src/generated/groups/runs.js";
import { startBlobServer, type TestBlobServer } from "./support/blobServer.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";

const resourceGroup = "endings-rg";
const registry = "endingsreg01";
const fast = { pollIntervalMs: 5, maxPollIntervalMs: 20 };

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
let plain: TestBlobServer;
beforeAll(async () => {
  [emulator, plain] = await Promise.all([
    startEmulator({ timeScale: 0.001 }),
    startBlobServer({ metadataOnGet: true }),
  ]);
  client = emulatorClient(emulator);
  await createPremiumRegistry(client, resourceGroup, registry);
});
afterAll(() => Promise.all([emulator.close(), plain.close()]));

async function collect(stream: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of stream) lines.push(line);
  return lines;
}

it("the same lines for a CRLF log and its LF copy, none with a stray \\r", async () => {
  const request = createEncodedTaskRunRequest({
    taskYaml: "steps:\n  - cmd: bash echo one\n  - cmd: bash echo two\n",
    platform: { os: "Linux" },
  });
  const queued = await client.registries.scheduleRun(resourceGroup, registry, request, { updateIntervalInMs: 1 });
  await client.runs.waitForCompletion(resourceGroup, registry, queued.name!, fast);
  const fromCrlf = await collect(client.runs.streamLogs(resourceGroup, registry, queued.name!, fast));

  const { logLink } = await client.runs.getLogSasUrl(resourceGroup, registry, queued.name!);
  const text = await new Promise<string>((resolve, reject) => {
    get(logLink!, { ca: emulator.caPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    }).on("error", reject);
  });
  expect(text).toContain("\r\n");
  expect(text.replace(/\r\n/g, "")).not.toContain("\n");

  plain.appendLog("logs/lf.log", text.replace(/\r\n/g, "\n"));
  plain.completeLog("logs/lf.log", "Succeeded");
  const runs = {
    get: vi.fn<RunsOperations["get"]>(async () => ({
      name: queued.name,
      properties: { runId: queued.name, status: "Succeeded" },
    })),
    getLogSasUrl: vi.fn<RunsOperations["getLogSasUrl"]>(async () => ({ logLink: plain.sasUrl("logs/lf.log") })),
  };
  const fromLf = await collect(
    streamLogs(
      runs,
      createBlobTransport({ tlsOptions: { ca: plain.ca } }),
      resourceGroup,
      registry,
      queued.name!,
      fast,
    ),
  );

  expect(fromLf).toEqual(fromCrlf);
  expect(fromCrlf.length).toBeGreaterThan(5);
  expect(fromCrlf.some((line) => line.includes("\r"))).toBe(false);
  // The step's output ("two"), as the container wrote it: without acb's stamp.
  expect(fromCrlf).toContain("two");
});
