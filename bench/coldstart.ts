// Cold start: wall time of a fresh `node` process, from spawn to exit, for
//   - bare:   `node -e 0`
//   - floor:  an ESM process that imports @azure/core-rest-pipeline alone
//   - sdk:    an ESM process that imports the built package and constructs a client
// Contenders are interleaved (rotating order) and each runs `runs` times; medians are reported.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { median } from "./lib/stats.js";
import { repoDir } from "./lib/sdk.js";

export interface ColdStartResult {
  bare: number[];
  floor: number[];
  sdk: number[];
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // no tsx loader or anything else inherited
  return env;
}

export function coldStartScripts(sdkEntry: string) {
  const sdkUrl = pathToFileURL(sdkEntry).href;
  return {
    bare: ["-e", "0"],
    floor: ["--input-type=module", "-e", `import "@azure/core-rest-pipeline";`],
    sdk: [
      "--input-type=module",
      "-e",
      `import { ContainerRegistryTasksClient } from ${JSON.stringify(sdkUrl)};
const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3600000 }) };
new ContainerRegistryTasksClient(credential, "00000000-0000-0000-0000-000000000000", { endpoint: "https://127.0.0.1:1" });`,
    ],
  } as const;
}

function timeOnce(args: readonly string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repoDir, env: childEnv(), stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = performance.now() - start;
  if (r.status !== 0)
    throw new Error(`cold-start child failed (${args.join(" ").slice(0, 80)}): ${r.stderr?.toString().slice(0, 500)}`);
  return elapsed;
}

export function measureColdStart(sdkEntry: string, runs: number): ColdStartResult {
  const scripts = coldStartScripts(sdkEntry);
  const names = ["bare", "floor", "sdk"] as const;
  const result: ColdStartResult = { bare: [], floor: [], sdk: [] };
  // Warm the OS file cache once for each.
  for (const n of names) timeOnce(scripts[n]);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length];
      result[n].push(timeOnce(scripts[n]));
    }
  }
  return result;
}

export function summarizeColdStart(r: ColdStartResult) {
  const bare = median(r.bare);
  const floor = median(r.floor);
  const sdk = median(r.sdk);
  return { bare, floor, sdk, ratio: sdk / floor, floorOverBare: floor / bare };
}
