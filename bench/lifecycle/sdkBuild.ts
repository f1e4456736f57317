// The SDK as a quickBuild contender: a node process (children/quickbuild.mjs) that imports the build
// under test and calls registries.quickBuild against the plain emulator, under GNU time; once more under
// `node --cpu-prof` for where its main thread spends the packing.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir } from "../lib/sdk.js";
import { summarizeCpuProfile } from "./cpuProfile.js";
import type { QuickBuildContender, QuickBuildSample, QuickBuildTarget } from "./quickBuildTypes.js";
import { runTimed } from "./timedProcess.js";

/** The SDK's registries.quickBuild, from the build at `sdkEntry`, in a child node process. */
export function sdkQuickBuild(sdkEntry: string): QuickBuildContender {
  return {
    name: "acr-tasks registries.quickBuild",
    azSetup: false,
    run: (target) => sdkChild(sdkEntry, target, []),
    async diagnose(target) {
      const dir = join(target.work, "cpu-profile");
      const sample = await sdkChild(sdkEntry, target, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
      return { cpu: summarizeCpuProfile(dir), profiledMs: sample.queuedAt - sample.callAt };
    },
  };
}

async function sdkChild(sdkEntry: string, target: QuickBuildTarget, nodeArgs: string[]): Promise<QuickBuildSample> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { emulator } = target;
  const args = [
    ...nodeArgs,
    join(benchDir, "children/quickbuild.mjs"),
    pathToFileURL(sdkEntry).href,
    emulator.endpoint,
    emulator.caFile,
    emulator.token,
    target.subscription,
    target.sourceDir,
    target.resourceGroup,
    target.registry,
  ];
  const run = await runTimed(process.execPath, args, env, join(target.work, "sdk-time.txt"));
  if (run.code !== 0)
    throw new Error(
      `quickBuild child failed with ${run.code}: ${run.stderr
        .map((line) => line.text)
        .join("\n")
        .slice(-1500)}`,
    );
  const printed = JSON.parse(run.stdout.at(-1)!.text) as {
    callAt: number;
    queuedAt: number;
    runId: string;
    maxRss: number;
  };
  return {
    spawnedAt: run.spawnedAt,
    callAt: printed.callAt,
    queuedAt: printed.queuedAt,
    exitedAt: run.exitedAt,
    maxRss: run.maxRss ?? printed.maxRss,
    cpuMs: run.cpuMs,
    runId: printed.runId,
  };
}
