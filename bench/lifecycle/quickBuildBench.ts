// quickBuild of a large context (largeContext.ts) against the emulator: wall time from the call to the
// queued run, and the peak RSS of the process that made it, next to the floor: how fast this machine's
// gzip (the same level, 6, as the SDK's node-tar) compresses the same files.
// Contenders are entries of `quickBuildContenders`; each runs in a process of its own so that its RSS is
// its own. `az acr build --no-logs` belongs here once the Azure CLI can run against the emulator (issue 9):
// it is then one more contender that spawns `az` with the emulator's endpoint and CA, timed the same way.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import { benchDir } from "../lib/sdk.js";
import { median } from "../lib/stats.js";
import type { LargeContext } from "./largeContext.js";

export interface QuickBuildTarget {
  emulator: RunningEmulator;
  caFile: string;
  token: string;
  resourceGroup: string;
  registry: string;
  sourceDir: string;
}

export interface QuickBuildSample {
  ms: number;
  maxRss: number;
}

export interface QuickBuildContender {
  name: string;
  run(target: QuickBuildTarget): Promise<QuickBuildSample>;
}

/** The SDK's registries.quickBuild, from the build at `sdkEntry`, in a child process. */
export function sdkQuickBuild(sdkEntry: string): QuickBuildContender {
  return {
    name: "acr-tasks registries.quickBuild",
    async run(target) {
      const env = { ...process.env };
      delete env.NODE_OPTIONS;
      const args = [join(benchDir, "children/quickbuild.mjs"), pathToFileURL(sdkEntry).href, target.emulator.endpoint, target.caFile, target.token, target.sourceDir, target.resourceGroup, target.registry];
      const child = spawn(process.execPath, args, { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const code: number = await new Promise((resolve) => child.on("close", resolve));
      if (code !== 0) throw new Error(`quickBuild child failed with ${code}: ${stderr.slice(-1500)}`);
      return JSON.parse(stdout.trim().split("\n").pop()!) as QuickBuildSample;
    },
  };
}

export interface QuickBuildResult {
  context: LargeContext;
  /** Bytes of the tar of the included files, and of its gzip -6. */
  tarBytes: number;
  gzipBytes: number;
  /** gzip -6 of that tar (already in the page cache), and `tar | gzip -6` from the files: medians, ms. */
  gzipMs: number;
  tarGzipMs: number;
  /** The archive each contender uploaded (bytes), and its runs. */
  contenders: { name: string; uploadedBytes: number; ms: number[]; maxRss: number[] }[];
}

function timed(command: string): number {
  const start = performance.now();
  execFileSync("bash", ["-c", command], { stdio: ["ignore", "ignore", "inherit"] });
  return performance.now() - start;
}

export async function measureQuickBuild(context: LargeContext, contenders: QuickBuildContender[], runs: number, log: (s: string) => void): Promise<QuickBuildResult> {
  const work = mkdtempSync(join(tmpdir(), "acr-tasks-bench-qb-"));
  try {
    const excludes = context.tarExcludes.map((pattern) => `--exclude='${pattern}'`).join(" ");
    const tarFile = join(work, "context.tar");
    execFileSync("bash", ["-c", `tar -cf '${tarFile}' ${excludes} -C '${context.dir}' .`]);
    const tarBytes = Number(execFileSync("stat", ["-c", "%s", tarFile]).toString().trim());
    const gzipBytes = Number(execFileSync("bash", ["-c", `gzip -6 -c '${tarFile}' | wc -c`]).toString().trim());
    log(`  floor: gzip -6 of the ${(tarBytes / 2 ** 20).toFixed(0)} MB tar of the included files, ${runs} runs ...`);
    const gzipMs = median(Array.from({ length: runs }, () => timed(`gzip -6 -c '${tarFile}' > /dev/null`)));
    const tarGzipMs = median(Array.from({ length: runs }, () => timed(`tar -cf - ${excludes} -C '${context.dir}' . | gzip -6 > /dev/null`)));
    rmSync(tarFile, { force: true });

    const results: QuickBuildResult["contenders"] = [];
    for (const contender of contenders) {
      const samples: QuickBuildSample[] = [];
      let uploadedBytes = 0;
      for (let i = 0; i < runs; i++) {
        // A fresh emulator per run, closed as soon as the run is queued (its queue delay is 1 s at
        // timeScale 1), so the emulator never works on the context while a run is measured.
        const uploads: number[] = [];
        const emulator = await startEmulator({ timeScale: 1, logger: (line) => {
          const put = /^blob: PUT \S+ \((\d+) bytes\)/.exec(line);
          if (put) uploads.push(Number(put[1]));
        } });
        try {
          const caFile = join(work, "ca.pem");
          writeFileSync(caFile, emulator.caPem);
          const token = (await emulator.credential.getToken("https://management.azure.com/.default"))!.token;
          const target: QuickBuildTarget = { emulator, caFile, token, resourceGroup: "bench-rg", registry: "benchbuild01", sourceDir: context.dir };
          await createRegistry(emulator, target);
          log(`  ${contender.name}: run ${i + 1} of ${runs} ...`);
          samples.push(await contender.run(target));
          uploadedBytes = uploads.at(-1) ?? 0;
        } finally {
          await emulator.close();
        }
      }
      results.push({ name: contender.name, uploadedBytes, ms: samples.map((sample) => sample.ms), maxRss: samples.map((sample) => sample.maxRss) });
    }
    return { context, tarBytes, gzipBytes, gzipMs, tarGzipMs, contenders: results };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function createRegistry(emulator: RunningEmulator, target: QuickBuildTarget): Promise<void> {
  const { ContainerRegistryTasksClient } = await import("acr-tasks");
  const client = new ContainerRegistryTasksClient(emulator.credential, "00000000-0000-0000-0000-0000000000be", { ...emulator.clientOptions, endpoint: emulator.endpoint });
  await client.registries.create(target.resourceGroup, target.registry, { location: "westus", sku: { name: "Premium" } }, { updateIntervalInMs: 5 });
}
