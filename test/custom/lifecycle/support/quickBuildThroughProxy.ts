// Run by blobUrlShapes.test.ts in a process of its own: the client with proxyOptions pointing at the
// emulator's CONNECT proxy and the emulator's CA trusted the way a Node app trusts one, through
// NODE_EXTRA_CA_CERTS (core-rest-pipeline does not combine tlsOptions with a proxy). It quick-builds a
// folder and prints what it saw as one JSON line.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { ContainerRegistryTasksClient } from "acr-tasks";

const env = (name: string) =>
  process.env[name] ??
  (() => {
    throw new Error(`${name} is not set`);
  })();
const token: AccessToken = { token: env("ACR_TOKEN"), expiresOnTimestamp: Date.now() + 30 * 60_000 };
const credential: TokenCredential = { getToken: async () => token };
const proxy = new URL(env("ACR_PROXY"));
const client = new ContainerRegistryTasksClient(credential, env("ACR_SUBSCRIPTION"), {
  endpoint: env("ACR_ENDPOINT"),
  proxyOptions: { host: `${proxy.protocol}//${proxy.hostname}`, port: Number(proxy.port) },
});
const [resourceGroup, registry] = [env("ACR_RESOURCE_GROUP"), env("ACR_REGISTRY")];
const fast = { pollIntervalMs: 5, maxPollIntervalMs: 20 };

const upload = await client.registries.getBuildSourceUploadUrl(resourceGroup, registry);
const queued = await client.registries.quickBuild(resourceGroup, registry, {
  sourceDir: env("SOURCE_DIR"),
  imageNames: ["shapes:{{.Run.ID}}"],
  platform: { os: "Linux" },
});
const run = await client.runs.waitForCompletion(resourceGroup, registry, queued.name!, fast);
const lines: string[] = [];
for await (const line of client.runs.streamLogs(resourceGroup, registry, queued.name!, fast)) lines.push(line);
console.log(JSON.stringify({ uploadUrl: upload.uploadUrl, runId: queued.name, status: run.properties?.status, lines }));
