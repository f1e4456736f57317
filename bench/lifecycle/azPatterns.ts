// How the Azure CLI 2.45 waits on a run, re-enacted request for request against the emulator (the CLI
// itself cannot reach the emulator yet: that is issue 9). Read from its sources,
// azure/cli/command_modules/acr/_stream_utils.py and _run_polling.py:
// - `az acr build` (and run, task run) streams the log: one Runs_GetLogSasUrl, then the append blob:
//   `exists` and `get_blob_properties` (HEADs), `get_blob_to_stream` in 4 KiB ranges, and while nothing
//   is new a sleep of 1 s + U(1, 2) s, the base doubling every 3 empty looks up to 15 s; it ends on the
//   Complete metadata and never fetches the run.
// - `az acr build --no-logs`: one Runs_Get, then one every 30 s until the run has finished.
// Every delay is multiplied by the emulator's timeScale, as the SDK's are in the same benchmark.
import { request } from "node:https";

const CHUNK = 4 * 1024;

function blobRequest(
  url: string,
  ca: string,
  method: "HEAD" | "GET",
  range?: [number, number],
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca,
        headers: { "x-ms-version": "2019-02-02", ...(range ? { "x-ms-range": `bytes=${range[0]}-${range[1]}` } : {}) },
      },
      (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `az acr build`'s wait: stream the log until its Complete metadata (`_stream_logs`). */
export async function azStreamLogs(
  client: any,
  ca: string,
  rg: string,
  registry: string,
  runId: string,
  timeScale: number,
): Promise<void> {
  const { logLink } = await client.runs.getLogSasUrl(rg, registry, runId);
  let exists = false;
  let complete = false;
  let available = 0;
  let start = 0;
  let sleepTime = 1;
  let fails = 0;
  const properties = async () => {
    const head = await blobRequest(logLink, ca, "HEAD");
    exists = head.status === 200;
    if (exists) {
      available = Number(head.headers["content-length"]);
      complete = head.headers["x-ms-meta-complete"] !== undefined;
    }
  };
  await properties(); // exists
  if (exists)
    await properties(); // get_blob_properties
  else await sleep(1000 * timeScale);
  while (!complete || start < available) {
    while (start < available) {
      sleepTime = 1;
      fails = 0;
      const got = await blobRequest(logLink, ca, "GET", [start, start + CHUNK - 1]);
      if (got.status === 404) break;
      start += got.bytes;
    }
    await properties();
    if (!complete && start >= available) {
      if (++fails >= 3) {
        fails = 0;
        sleepTime = Math.min(sleepTime * 2, 15);
      }
      await sleep((sleepTime + 1 + Math.random()) * 1000 * timeScale);
    }
  }
}

/** `az acr build --no-logs`'s wait: Runs_Get every 30 s (`RunPolling`, timeout=30). */
export async function azNoLogs(
  client: any,
  rg: string,
  registry: string,
  runId: string,
  timeScale: number,
): Promise<void> {
  const finished = new Set(["Succeeded", "Failed", "Canceled", "Error", "Timeout"]);
  let run = await client.runs.get(rg, registry, runId);
  while (!finished.has(run.properties?.status)) {
    await sleep(30_000 * timeScale);
    run = await client.runs.get(rg, registry, runId);
  }
}

/** The naive wait: Runs_Get every 2 s (what waitForCompletion did before, without its backoff). */
export async function pollEvery2s(
  client: any,
  rg: string,
  registry: string,
  runId: string,
  timeScale: number,
): Promise<void> {
  const finished = new Set(["Succeeded", "Failed", "Canceled", "Error", "Timeout"]);
  for (;;) {
    const run = await client.runs.get(rg, registry, runId);
    if (finished.has(run.properties?.status)) return;
    await sleep(2_000 * timeScale);
  }
}
