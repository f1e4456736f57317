// Child process of the quickBuild benchmark: packs, uploads and queues `sourceDir` with the SDK build at
// `sdkEntryUrl` against a running emulator, and prints {"ms", "maxRss", "runId"} as JSON on stdout. The
// time runs from the call to the queued run (importing the SDK excluded); maxRss is the process's
// peak resident set size (process.resourceUsage().maxRSS, in bytes).
// Usage: node quickbuild.mjs <sdkEntryUrl> <endpoint> <caFile> <token> <sourceDir> <resourceGroup> <registry>
import { readFileSync } from "node:fs";

const [entryUrl, endpoint, caFile, token, sourceDir, resourceGroup, registry] = process.argv.slice(2);
const { ContainerRegistryTasksClient } = await import(entryUrl);
const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
const client = new ContainerRegistryTasksClient(credential, "00000000-0000-0000-0000-0000000000be", { endpoint, tlsOptions: { ca: readFileSync(caFile, "utf8") } });
const start = performance.now();
const run = await client.registries.quickBuild(resourceGroup, registry, { sourceDir, platform: { os: "Linux" }, imageNames: ["large:{{.Run.ID}}"] });
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ ms, maxRss: process.resourceUsage().maxRSS * 1024, runId: run.name })}\n`);
