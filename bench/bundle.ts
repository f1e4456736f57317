// Bundle size: a small app that lists runs and creates a taskRun, bundled with esbuild's JS API
// (platform node, ESM, bundle, minify, tree shaking), gzip'd; next to the same-sized app written
// against a bare core-rest-pipeline pipeline with bearer auth.
import { gzipSync } from "node:zlib";
import { repoDir } from "./lib/sdk.js";

export interface BundleResult {
  rawBytes: number;
  gzipBytes: number;
  /** The largest inputs of the bundle, bytes in the minified output. */
  top: { path: string; bytes: number }[];
  /** Bytes in the minified output by npm package (the app's own code and the SDK's build under their paths). */
  byPackage: { name: string; bytes: number }[];
}

/** The package an esbuild input path belongs to: `node_modules/@scope/name/...` -> `@scope/name`. */
function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1]! : path.replace(/^(\.\.\/)+/, "");
}

export function sdkApp(sdkEntry: string): string {
  return `
import { ContainerRegistryTasksClient } from ${JSON.stringify(sdkEntry)};
const credential = { getToken: async () => ({ token: process.env.TOKEN ?? "t", expiresOnTimestamp: Date.now() + 3600000 }) };
const client = new ContainerRegistryTasksClient(credential, process.env.SUBSCRIPTION_ID ?? "sub");
for await (const run of client.runs.list("rg", "registry", { top: 10 })) console.log(run.name, run.properties?.status);
const taskRun = await client.taskRuns.create("rg", "registry", "myTaskRun", {
  location: "westus",
  properties: { runRequest: { type: "EncodedTaskRunRequest", encodedTaskContent: "dmVyc2lvbjogdjEuMS4w", platform: { os: "Linux" } } },
});
console.log(taskRun.properties?.runResult?.properties?.status);
`;
}

/** The floor: the same two calls by hand on a bare core-rest-pipeline pipeline with bearer auth. */
export function pipelineApp(): string {
  return `
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest, createHttpHeaders } from "@azure/core-rest-pipeline";
const credential = { getToken: async () => ({ token: process.env.TOKEN ?? "t", expiresOnTimestamp: Date.now() + 3600000 }) };
const pipeline = createPipelineFromOptions({});
pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: "https://management.azure.com/.default" }));
const httpClient = createDefaultHttpClient();
const base = "https://management.azure.com/subscriptions/" + (process.env.SUBSCRIPTION_ID ?? "sub") + "/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/registry";
async function send(method, url, body) {
  const headers = createHttpHeaders({ accept: "application/json" });
  if (body) headers.set("content-type", "application/json");
  const res = await pipeline.sendRequest(httpClient, createPipelineRequest({ url, method, headers, body }));
  if (res.status >= 400) throw new Error(res.status + " " + res.bodyAsText);
  return { res, body: res.bodyAsText ? JSON.parse(res.bodyAsText) : undefined };
}
let url = base + "/runs?api-version=2019-06-01-preview&$top=10";
while (url) { const { body } = await send("GET", url); for (const run of body.value) console.log(run.name, run.properties?.status); url = body.nextLink; }
const put = base + "/taskRuns/myTaskRun?api-version=2019-06-01-preview";
const { res } = await send("PUT", put, JSON.stringify({ location: "westus", properties: { runRequest: { type: "EncodedTaskRunRequest", encodedTaskContent: "dmVyc2lvbjogdjEuMS4w", platform: { os: "Linux" } } } }));
let op = res.headers.get("azure-asyncoperation");
while (op) { const { body } = await send("GET", op); if (body.status !== "InProgress") break; await new Promise((r) => setTimeout(r, 1000)); }
const { body: taskRun } = await send("GET", put);
console.log(taskRun.properties?.runResult?.properties?.status);
`;
}

export async function measureBundle(contents: string): Promise<BundleResult> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    stdin: { contents, resolveDir: repoDir, loader: "js", sourcefile: "app.mjs" },
    bundle: true,
    minify: true,
    treeShaking: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output.inputs)
    .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  const packages = new Map<string, number>();
  for (const { path, bytes } of inputs) packages.set(packageOf(path), (packages.get(packageOf(path)) ?? 0) + bytes);
  const byPackage = [...packages].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  return {
    rawBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    top: inputs.slice(0, 12),
    byPackage,
  };
}
