// Where the per-request time goes (not part of `npm run bench`; used to find the causes in FINDINGS.md):
//
//   tsx bench/diagnose.ts [--n=2000] [--rounds=9] [--sdk=a.js,b.js]
//
// In one process, against the same fake server, alternating, per request (µs, median and min of rounds):
//   raw            node:https + keep-alive agent + JSON.parse (the bench baseline)
//   coreClient     core-rest-pipeline's default HttpClient alone (no policies) + JSON.parse
//   corePipeline   createPipelineFromOptions + bearer policy + default HttpClient + JSON.parse
//   sdk:<file>     client.runs.get for each SDK build given (default: dist/index.js)
// then the same for taskRuns.create (raw exchanges vs each SDK build).
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";
import { basename, resolve } from "node:path";
import { generateCertificate } from "./lib/cert.js";
import { RawClient } from "./lib/raw.js";
import { repoDir } from "./lib/sdk.js";
import { startFakeServer } from "./lib/server.js";
import { gc, median } from "./lib/stats.js";
import { API, createTaskRunsContenders, REG_PATH, staticCredential, SUB } from "./throughput.js";

const argv = process.argv.slice(2);
const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const n = Number(value("n") ?? 2000);
const rounds = Number(value("rounds") ?? 9);
const entries = (value("sdk") ?? resolve(repoDir, "dist/index.js")).split(",").map((e) => resolve(e));

async function race(variants: Record<string, () => Promise<unknown>>, ops: number) {
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  for (const k of names) await variants[k]();
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(r + j) % names.length];
      gc();
      const t = performance.now();
      await variants[k]();
      times[k].push(performance.now() - t);
    }
  }
  const base = names[0];
  for (const k of names) {
    const med = median(times[k]);
    const min = Math.min(...times[k]);
    console.log(
      `${k.padEnd(28)} median ${((med / ops) * 1000).toFixed(1).padStart(7)} µs/op ${(med / median(times[base])).toFixed(2)}x   min ${((min / ops) * 1000).toFixed(1).padStart(7)} µs/op ${(min / Math.min(...times[base])).toFixed(2)}x`,
    );
  }
}

const cert = await generateCertificate();
const server = await startFakeServer(cert);
try {
  const raw = new RawClient(cert.ca, "127.0.0.1", server.port);
  const path = (i: number) => `${REG_PATH}/runs/cf${i}?api-version=${API}`;
  const coreClient = createDefaultHttpClient();
  const tlsSettings = { ca: cert.ca };
  const pipeline = createPipelineFromOptions({ tlsOptions: { ca: cert.ca } });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({ credential: staticCredential, scopes: `${server.origin}/.default` }),
  );
  const pipelineClient = createDefaultHttpClient();
  const get: Record<string, () => Promise<unknown>> = {
    raw: async () => {
      for (let i = 0; i < n; i++) await raw.send("GET", path(i));
    },
    coreClient: async () => {
      for (let i = 0; i < n; i++) {
        const request = createPipelineRequest({
          url: server.origin + path(i),
          method: "GET",
          headers: createHttpHeaders({ accept: "application/json", authorization: "Bearer bench-token" }),
        });
        request.tlsSettings = tlsSettings;
        JSON.parse((await coreClient.sendRequest(request)).bodyAsText!);
      }
    },
    corePipeline: async () => {
      for (let i = 0; i < n; i++) {
        const request = createPipelineRequest({
          url: server.origin + path(i),
          method: "GET",
          headers: createHttpHeaders({ accept: "application/json" }),
        });
        JSON.parse((await pipeline.sendRequest(pipelineClient, request)).bodyAsText!);
      }
    },
  };
  const lro: Record<string, () => Promise<unknown>> = {};
  for (const entry of entries) {
    const { ContainerRegistryTasksClient } = await import(entry);
    const client = new ContainerRegistryTasksClient(staticCredential, SUB, {
      endpoint: server.origin,
      tlsOptions: { ca: cert.ca },
    });
    const name = `sdk:${basename(entry)}`;
    get[name] = async () => {
      for (let i = 0; i < n; i++) await client.runs.get("bench-rg", "benchregistry", `cf${i}`);
    };
    const c = createTaskRunsContenders({ client, raw }, n / 10);
    if (!lro.raw) lro.raw = c.baseline;
    lro[name] = c.sdk;
  }
  console.log(`runs.get, ${n} sequential calls, ${rounds} rounds`);
  await race(get, n);
  console.log(`\ntaskRuns.create to completion, ${n / 10} sequential operations (5 requests each), ${rounds} rounds`);
  await race(lro, n / 10);
  raw.close();
} finally {
  server.stop();
}
process.exit(0);
