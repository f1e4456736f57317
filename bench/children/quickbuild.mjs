// Child process of the quickBuild benchmark: packs, uploads and queues `sourceDir` with the SDK build at
// `sdkEntryUrl` against a running emulator, and prints {"callAt", "queuedAt", "runId", "maxRss"} as JSON
// on stdout: when the call was made and when it resolved to the queued run (ms since the epoch, so the
// parent can place them among the emulator's log lines), and the process's peak resident set size
// (process.resourceUsage().maxRSS, in bytes; the parent prefers GNU time's figure when it has one).
// Usage: node quickbuild.mjs <sdkEntryUrl> <endpoint> <caFile> <token> <subscription> <sourceDir> <resourceGroup> <registry>
import { readFileSync } from "node:fs";

const [entryUrl, endpoint, caFile, token, subscription, sourceDir, resourceGroup, registry] = process.argv.slice(2);
const { ContainerRegistryTasksClient } = await import(entryUrl);
const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
const client = new ContainerRegistryTasksClient(credential, subscription, {
  endpoint,
  tlsOptions: { ca: readFileSync(caFile, "utf8") },
});
const epochNow = () => performance.timeOrigin + performance.now();
const callAt = epochNow();
// The platform az acr build sends by default (linux/amd64), so both contenders queue the same request.
const run = await client.registries.quickBuild(resourceGroup, registry, {
  sourceDir,
  platform: { os: "Linux", architecture: "amd64" },
  imageNames: ["large:{{.Run.ID}}"],
});
const queuedAt = epochNow();
process.stdout.write(
  `${JSON.stringify({ callAt, queuedAt, runId: run.name, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
);
