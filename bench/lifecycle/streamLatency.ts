// streamLogs at its default settings: how long after a line is appended to the log it is yielded. The
// bench's own storage host (lib/logHost.ts) appends lines at moments it notes, after silences of
// chosen lengths (a log that is busy, then quieter and quieter); ARM's two answers (the log link and
// the run) come from an in-memory HttpClient, so only the log side is timed. Gaps are jittered by a
// seeded PRNG so that appends land at every phase of the client's polling.
import { createDefaultHttpClient, createHttpHeaders, type HttpClient } from "@azure/core-rest-pipeline";
import type { BenchCertificate } from "../lib/cert.js";
import { startLogHost } from "../lib/logHost.js";
import { median } from "../lib/stats.js";
import { mulberry32 } from "../../emulator/src/net/faults.js";

export interface LatencyRow {
  /** The silence before the line, in seconds. */
  gapSeconds: number;
  samples: number;
  medianMs: number;
  maxMs: number;
}

export interface LatencyResult {
  rows: LatencyRow[];
  storageRequests: number;
  armRequests: number;
}

/** Gaps (seconds) and how many lines follow each: `[[0.25, 4], [1, 4], ...]`. */
export type GapPlan = [number, number][];

export async function measureStreamLatency(
  sdk: { ContainerRegistryTasksClient: new (...args: any[]) => any },
  cert: BenchCertificate,
  gaps: GapPlan,
  streamOptions: Record<string, unknown> = {},
): Promise<LatencyResult> {
  const host = await startLogHost(cert);
  const arm = "https://arm.bench.invalid";
  let armRequests = 0;
  const storage = createDefaultHttpClient();
  const httpClient: HttpClient = {
    async sendRequest(request) {
      if (!request.url.startsWith(arm)) return storage.sendRequest(request);
      armRequests++;
      const body = request.url.includes("/listLogSasUrl")
        ? { logLink: host.url }
        : { name: "cb1", properties: { runId: "cb1", status: "Running" } };
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: JSON.stringify(body),
      };
    },
  };
  const credential = { getToken: async () => ({ token: "bench", expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const client = new sdk.ContainerRegistryTasksClient(credential, "00000000-0000-0000-0000-000000000000", {
    endpoint: arm,
    httpClient,
    tlsOptions: { ca: cert.ca },
  });
  const random = mulberry32(12);
  const appendedAt: number[] = [];
  const gapOf: number[] = [];
  const delays: number[] = [];
  try {
    host.append("2026/01/01 00:00:00 Queued a run with ID: cb1\n");
    const reading = (async () => {
      let index = 0;
      for await (const line of client.runs.streamLogs("rg", "benchregistry", "cb1", streamOptions)) {
        const match = /^line (\d+)/.exec(line);
        if (match) delays[Number(match[1])] = performance.now() - appendedAt[Number(match[1])]!;
        index++;
      }
      return index;
    })();
    let index = 0;
    for (const [gapSeconds, count] of gaps) {
      for (let i = 0; i < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, gapSeconds * 1000 * (0.8 + 0.4 * random())));
        gapOf[index] = gapSeconds;
        appendedAt[index] = performance.now();
        host.append(`line ${index} after ${gapSeconds} s\n`);
        index++;
      }
    }
    // The last line is read before the log is marked complete.
    while (delays.length < index || delays.includes(undefined as never))
      await new Promise((resolve) => setTimeout(resolve, 50));
    host.complete("successful");
    await reading;
  } finally {
    await host.close();
  }
  const rows: LatencyRow[] = gaps.map(([gapSeconds]) => {
    const sample = delays.filter((_, i) => gapOf[i] === gapSeconds);
    return { gapSeconds, samples: sample.length, medianMs: median(sample), maxMs: Math.max(...sample) };
  });
  return { rows, storageRequests: host.requests, armRequests };
}
