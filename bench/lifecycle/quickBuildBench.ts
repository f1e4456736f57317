// quickBuild of a large context (largeContext.ts) side by side with `az acr build --no-logs`, against the
// emulator, next to the floor: how fast this machine's gzip compresses the same files (at level 6, the
// SDK's node-tar level, and at 9, the level of az's tarfile "w:gz").
// Each contender (sdkBuild.ts, azBuild.ts) runs in a process of its own (its RSS and CPU time are its own,
// from GNU time) against a fresh emulator process per run (emulatorProcess.ts): plain for the SDK, with
// --az-setup for az. The
// emulator's dated log lines split each run into phases: the upload URL answered (packing is done), the
// blob PUT stored (the upload is done), scheduleRun answered. A first, untimed run of each contender
// (also its warm-up) goes to an emulator with a data dir, from which the uploaded archive is read back
// and listed, and whose run is followed to its end, so both are known to send the same files and to
// queue a build the emulator accepts.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorIdentity } from "../../emulator/src/identity.js";
import { median } from "../lib/stats.js";
import { fileDifference, summarizeUploadedContext, type ArchiveSummary } from "./archiveSummary.js";
import { startEmulatorProcess } from "./emulatorProcess.js";
import type { LargeContext } from "./largeContext.js";
import type {
  FollowedRun,
  QuickBuildCheck,
  QuickBuildContender,
  QuickBuildContenderResult,
  QuickBuildResult,
  QuickBuildRun,
  QuickBuildSample,
  QuickBuildTarget,
} from "./quickBuildTypes.js";
import type { DatedLine } from "./timedProcess.js";

function timed(command: string): number {
  const start = performance.now();
  execFileSync("bash", ["-c", command], { stdio: ["ignore", "ignore", "inherit"] });
  return performance.now() - start;
}

export async function measureQuickBuild(
  context: LargeContext,
  contenders: QuickBuildContender[],
  runs: number,
  log: (s: string) => void,
): Promise<QuickBuildResult> {
  const work = mkdtempSync(join(tmpdir(), "acr-tasks-bench-qb-"));
  try {
    const excludes = context.tarExcludes.map((pattern) => `--exclude='${pattern}'`).join(" ");
    const tarFile = join(work, "context.tar");
    execFileSync("bash", ["-c", `tar -cf '${tarFile}' ${excludes} -C '${context.dir}' .`]);
    const tarBytes = Number(execFileSync("stat", ["-c", "%s", tarFile]).toString().trim());
    const gzipped = (level: number) =>
      Number(
        execFileSync("bash", ["-c", `gzip -${level} -c '${tarFile}' | wc -c`])
          .toString()
          .trim(),
      );
    const [gzipBytes, gzip9Bytes] = [gzipped(6), gzipped(9)];
    log(
      `  floor: gzip -6 and -9 of the ${(tarBytes / 2 ** 20).toFixed(0)} MB tar of the included files, ${runs} runs each ...`,
    );
    const repeat = (command: string) => median(Array.from({ length: runs }, () => timed(command)));
    const gzipMs = repeat(`gzip -6 -c '${tarFile}' > /dev/null`);
    const gzip9Ms = repeat(`gzip -9 -c '${tarFile}' > /dev/null`);
    const tarGzipMs = repeat(`tar -cf - ${excludes} -C '${context.dir}' . | gzip -6 > /dev/null`);
    rmSync(tarFile, { force: true });

    const results: QuickBuildContenderResult[] = contenders.map((contender) => ({
      name: contender.name,
      runs: [],
      ...(contender.unavailable ? { skipped: `not measured: ${contender.unavailable}` } : {}),
    }));
    // Each step for every contender still in, the timed runs taking turns (the first contender first in
    // even rounds, last in odd ones), so that other work on the machine weighs on both alike.
    const step = async (
      label: string,
      order: number[],
      body: (contender: QuickBuildContender, result: QuickBuildContenderResult) => Promise<void>,
    ) => {
      for (const index of order) {
        const [contender, result] = [contenders[index]!, results[index]!];
        if (result.skipped) continue;
        log(`  ${contender.name}: ${label} ...`);
        await body(contender, result).catch((error: unknown) => {
          log(`  ${contender.name} failed: ${(error as Error).stack ?? error}`);
          result.skipped = `failed: ${String((error as Error).message ?? error).split("\n")[0]}`;
        });
      }
    };
    const inOrder = contenders.map((_, index) => index);
    let reference: ArchiveSummary | undefined;
    await step("untimed run (archive and run checked)", inOrder, async (contender, result) => {
      const { check, archive } = await checkedRun(contender, context, work);
      result.check = check;
      reference ??= archive;
      const { onlyInA, onlyInB } = fileDifference(reference, archive);
      result.difference = { missing: onlyInA, extra: onlyInB };
    });
    for (let i = 0; i < runs; i++) {
      await step(`run ${i + 1} of ${runs}`, i % 2 ? [...inOrder].reverse() : inOrder, async (contender, result) => {
        result.runs.push(await timedRun(contender, context, work));
      });
    }
    await step("where its packing time goes (untimed)", inOrder, async (contender, result) => {
      if (contender.diagnose)
        result.diagnosis = await withEmulator(contender, context, work, undefined, (target) =>
          contender.diagnose!(target),
        );
    });
    for (const result of results) if (result.skipped) log(`  ${result.name}: ${result.skipped}`);
    return { context, tarBytes, gzipBytes, gzip9Bytes, gzipMs, gzip9Ms, tarGzipMs, contenders: results };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const resourceGroup = "bench-rg";
const registry = "benchbuild01";

async function withEmulator<T>(
  contender: QuickBuildContender,
  context: LargeContext,
  work: string,
  dataDir: string | undefined,
  body: (target: QuickBuildTarget) => Promise<T>,
): Promise<T> {
  const runWork = mkdtempSync(join(work, "run-"));
  const emulator = await startEmulatorProcess(runWork, { azSetup: contender.azSetup, dataDir });
  try {
    const target: QuickBuildTarget = {
      emulator,
      subscription: emulatorIdentity.subscriptionId,
      resourceGroup,
      registry,
      sourceDir: context.dir,
      work: runWork,
    };
    await (
      await client(target)
    ).registries.create(
      resourceGroup,
      registry,
      { location: "westus", sku: { name: "Premium" } },
      { updateIntervalInMs: 5 },
    );
    await emulator.settle(); // the setup's requests are dated before the contender starts
    return await body(target);
  } finally {
    await emulator.close();
  }
}

async function client(target: QuickBuildTarget) {
  const { ContainerRegistryTasksClient } = await import("acr-tasks");
  const credential = {
    getToken: async () => ({ token: target.emulator.token, expiresOnTimestamp: Date.now() + 3600_000 }),
  };
  return new ContainerRegistryTasksClient(credential, target.subscription, {
    endpoint: target.emulator.endpoint,
    tlsOptions: { ca: readFileSync(target.emulator.caFile, "utf8") },
  });
}

async function timedRun(contender: QuickBuildContender, context: LargeContext, work: string): Promise<QuickBuildRun> {
  // The emulator is closed as soon as the contender exits: the SDK's run (queued for 1 s at timeScale 1)
  // never starts, so the emulator never reads the archive while a contender is timed.
  return withEmulator(contender, context, work, undefined, async (target) =>
    runFigures(await contender.run(target), target.emulator.log),
  );
}

function runFigures(sample: QuickBuildSample, emulatorLog: readonly DatedLine[]): QuickBuildRun {
  const during = emulatorLog.filter((line) => line.at >= sample.spawnedAt && line.at <= sample.exitedAt);
  const at = (pattern: RegExp) => {
    const line = during.find((candidate) => pattern.test(candidate.text));
    if (!line)
      throw new Error(`the emulator's log has no ${pattern} during the run:\n${during.map((l) => l.text).join("\n")}`);
    return line;
  };
  const uploadUrl = at(/^arm: POST \S+\/listBuildSourceUploadUrl\S* -> 200/).at;
  const put = at(/^blob: PUT source\/\S+ \(\d+ bytes\) -> 201/);
  const armRequests = during
    .map((line) => /^arm: (\S+) (\S+) -> (\d+)/.exec(line.text))
    .filter((match) => match !== null)
    .map(
      (match) =>
        `${match[1]} ${match[2]!.split("?")[0]!.split("/").slice(-2).join("/")}${match[3] === "200" ? "" : ` (${match[3]})`}`,
    );
  return {
    toQueuedMs: sample.queuedAt - sample.spawnedAt,
    totalMs: sample.exitedAt - sample.spawnedAt,
    maxRss: sample.maxRss,
    cpuMs: sample.cpuMs,
    phases: {
      startup: sample.callAt - sample.spawnedAt,
      pack: uploadUrl - sample.callAt,
      upload: put.at - uploadUrl,
      schedule: sample.queuedAt - put.at,
      afterQueued: sample.exitedAt - sample.queuedAt,
    },
    uploadedBytes: Number(/\((\d+) bytes\)/.exec(put.text)![1]),
    armRequests,
    ...(sample.finalStatus ? { finalStatus: sample.finalStatus } : {}),
  };
}

async function followWithSdk(target: QuickBuildTarget, runId: string): Promise<FollowedRun> {
  const stream = (await client(target)).runs.streamLogs(target.resourceGroup, target.registry, runId);
  const lines: string[] = [];
  for await (const line of stream) lines.push(line);
  return { status: (await stream.finalRun).properties?.status ?? "?", lines };
}

async function checkedRun(
  contender: QuickBuildContender,
  context: LargeContext,
  work: string,
): Promise<{ check: QuickBuildCheck; archive: ArchiveSummary }> {
  const dataDir = join(mkdtempSync(join(work, "check-")), "data");
  mkdirSync(dataDir);
  const { status, logLines } = await withEmulator(contender, context, work, dataDir, async (target) => {
    const { runId } = await contender.run(target);
    const { status, lines } = contender.followRun
      ? await contender.followRun(target, runId)
      : await followWithSdk(target, runId);
    return { status, logLines: lines };
  });
  const archive = await summarizeUploadedContext(dataDir);
  const { filePaths: _paths, ...listed } = archive;
  return {
    check: {
      archive: listed,
      status,
      contextLines: logLines.filter((line) => /Finished downloading source code|Sending build context/.test(line)),
    },
    archive,
  };
}
