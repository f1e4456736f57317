// The SDK's side of start-up, measured for the lead to plan (nothing here changes src/): its cold import
// plus client construction against a process that imports node:https alone, the import time of each of its
// run-time dependencies alone, what the import loads (modules by package, through a loader hook that
// records every resolution), and the whole-client bundle by package.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { measureBundle, sdkApp, type BundleResult } from "../bundle.js";
import { coldStartScripts } from "../coldstart.js";
import { repoDir } from "../lib/sdk.js";
import { childEnv, interleaved, wallTime } from "./timing.js";

/** The SDK's run-time dependencies that its entry imports statically (dist/index.js). */
export const staticDependencies = [
  "@azure/core-rest-pipeline",
  "@azure/core-lro",
  "@azure/core-util",
  "@azure/logger",
  "@azure/abort-controller",
];

export interface SdkStartResult {
  bare: number[];
  https: number[];
  sdk: number[];
  /** Import of each dependency alone. */
  dependencies: Record<string, number[]>;
  /** Modules the SDK's import plus construction loads, by package (node: built-ins as "node:"). */
  modules: { name: string; count: number }[];
  bundle: BundleResult;
}

/** Every module the SDK's cold-start script resolves, grouped by package. */
function moduleCensus(sdkEntry: string): { name: string; count: number }[] {
  const work = mkdtempSync(join(tmpdir(), "acr-bench-imports-"));
  const log = join(work, "imports.txt");
  try {
    execFileSync(
      process.execPath,
      ["--import", join(repoDir, "cli/test/_support/recordImports.mjs"), ...coldStartScripts(sdkEntry).sdk],
      { env: childEnv({ ACR_TASKS_IMPORT_LOG: log }), cwd: repoDir, stdio: "ignore" },
    );
    const urls = new Set(
      readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => line.slice(line.lastIndexOf(" ") + 1)),
    );
    const counts = new Map<string, number>();
    for (const url of urls) {
      const name = url.startsWith("node:")
        ? "node: (built-ins)"
        : (/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ??
          (url === pathToFileURL(sdkEntry).href ? "acr-tasks (the SDK's build)" : "(other)"));
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function measureSdkStart(sdkEntry: string, runs: number): Promise<SdkStartResult> {
  const env = childEnv();
  const timed = (args: readonly string[]) => () => wallTime(process.execPath, args, { env, cwd: repoDir });
  const module = (specifier: string) => ["--input-type=module", "-e", `import ${JSON.stringify(specifier)};`];
  const main = await interleaved(
    {
      bare: timed(["-e", "0"]),
      https: timed(module("node:https")),
      sdk: timed(coldStartScripts(sdkEntry).sdk),
    },
    runs,
  );
  const dependencies = await interleaved(
    Object.fromEntries(staticDependencies.map((name) => [name, timed(module(name))])),
    Math.max(3, Math.ceil(runs / 2)),
  );
  return {
    ...main,
    dependencies,
    modules: moduleCensus(sdkEntry),
    bundle: await measureBundle(sdkApp(sdkEntry)),
  };
}
