// Cold start: wall time of a fresh `node` process, from spawn to exit, for
//   - bare:   `node -e 0`
//   - floor:  an ESM process that imports @azure/core-rest-pipeline alone
//   - sdk:    an ESM process that imports the built package and constructs a client
// Contenders are interleaved (rotating order) and each runs `runs` times; medians are reported.
import { pathToFileURL } from "node:url";
import { childEnv, interleaved, wallTime } from "./cli/timing.js";
import { median } from "./lib/stats.js";
import { repoDir } from "./lib/sdk.js";

export interface ColdStartResult {
  bare: number[];
  floor: number[];
  sdk: number[];
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

export async function measureColdStart(sdkEntry: string, runs: number): Promise<ColdStartResult> {
  const scripts = coldStartScripts(sdkEntry);
  // No tsx loader or anything else inherited.
  const env = childEnv();
  const timed = (args: readonly string[]) => () => wallTime(process.execPath, args, { env, cwd: repoDir });
  return await interleaved({ bare: timed(scripts.bare), floor: timed(scripts.floor), sdk: timed(scripts.sdk) }, runs);
}

export function summarizeColdStart(r: ColdStartResult) {
  const bare = median(r.bare);
  const floor = median(r.floor);
  const sdk = median(r.sdk);
  return { bare, floor, sdk, ratio: sdk / floor, floorOverBare: floor / bare };
}
