// Child process of the memory benchmark: lists `count` runs from the fake ARM server, with the SDK
// (`sdk`) or the raw baseline (`raw`, or `raw-crp` after importing core-rest-pipeline), and prints {"seen", "peakRss", "ms"} as JSON on stdout.
// Peak RSS is sampled with process.memoryUsage.rss() every 1,000 items and on a 10 ms timer; the
// parent also wraps this process in `/usr/bin/time -v` when present and reads its maximum RSS.
// Run with --expose-gc so that the live heap after listing can be reported too.
// Usage: node --expose-gc list-memory.mjs <sdk|raw|raw-crp> <sdkEntryUrl> <origin> <caFile> <count>
import { readFileSync } from "node:fs";
import { Agent, request } from "node:https";

const [mode, entryUrl, origin, caFile, countArg] = process.argv.slice(2);
const count = Number(countArg);
const ca = readFileSync(caFile, "utf8");
const RG = "bench-rg";
const REG = "benchregistry";
const SUB = "00000000-0000-0000-0000-000000000000";
const REG_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REG}`;

let peakRss = process.memoryUsage.rss();
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
};
const timer = setInterval(sample, 10);

const start = performance.now();
let seen = 0;
if (mode === "sdk") {
  const { ContainerRegistryTasksClient } = await import(entryUrl);
  const credential = { getToken: async () => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3600_000 }) };
  const client = new ContainerRegistryTasksClient(credential, SUB, { endpoint: origin, tlsOptions: { ca } });
  for await (const run of client.runs.list(RG, REG, { top: count })) {
    if (run.name) seen++;
    if (seen % 1000 === 0) sample();
  }
} else {
  // raw-crp: the same raw listing in a process that has also imported core-rest-pipeline (the floor
  // of any SDK built on it: its modules alone add ~15 MB of RSS).
  if (mode === "raw-crp") await import("@azure/core-rest-pipeline");
  const agent = new Agent({ keepAlive: true, ca });
  const url = new URL(origin);
  const get = (path) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          agent,
          headers: { accept: "application/json", authorization: "Bearer bench-token" },
        },
        (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end();
    });
  let path = `${REG_PATH}/runs?api-version=2019-06-01-preview&%24top=${count}`;
  while (path) {
    const body = await get(path);
    for (const run of body.value) {
      if (run.name) seen++;
      if (seen % 1000 === 0) sample();
    }
    path = body.nextLink ? new URL(body.nextLink).pathname + new URL(body.nextLink).search : undefined;
  }
  agent.destroy();
}
sample();
clearInterval(timer);
const ms = performance.now() - start;
// What is still reachable once listing is over: pages must not have been kept.
globalThis.gc?.();
const liveHeap = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ seen, peakRss, ms, liveHeap }) + "\n");
process.exit(0);
