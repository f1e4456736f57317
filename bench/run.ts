// `npm run bench` (tsx bench/run.ts): the SDK against a raw node:https baseline on a loopback HTTPS
// fake ARM server, plus cold start, bundle size and listing memory. Prints a table and, for a full
// run, rewrites bench/README.md with it. Numbers only: nothing here asserts timings in tests.
//
//   tsx bench/run.ts                 full run (~2-3 minutes), rewrites bench/README.md
//   tsx bench/run.ts --quick         fewer runs and smaller counts (~40 s), README untouched
//   tsx bench/run.ts --only=get,lro  a subset: get, list, lro, cold, bundle, memory, waits, streamlogs, quickbuild,
//                                    ignoredfolder (a subset of the last four rewrites only their tables)
//   tsx bench/run.ts --src           load src/index.ts through tsx instead of the built dist/
//   tsx bench/run.ts --sdk=FILE      measure another ESM build of the package (e.g. a patched copy)
//   tsx bench/run.ts --runs=N        timed runs per contender (default 5, quick 3)
//   tsx bench/run.ts --write / --no-write   force or skip rewriting bench/README.md
//   tsx bench/run.ts --json=FILE     also write the raw results as JSON
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { measureBundle, pipelineApp, sdkApp, type BundleResult } from "./bundle.js";
import { measureColdStart, summarizeColdStart, type ColdStartResult } from "./coldstart.js";
import { measureIgnoredFolder } from "./lifecycle/ignoredFolder.js";
import { largeContext } from "./lifecycle/largeContext.js";
import { azBuild } from "./lifecycle/azBuild.js";
import { measureQuickBuild } from "./lifecycle/quickBuildBench.js";
import type { QuickBuildContender } from "./lifecycle/quickBuildTypes.js";
import { sdkQuickBuild } from "./lifecycle/sdkBuild.js";
import { BEGIN, lifecycleBlock, type LifecycleResults } from "./lifecycle/report.js";
import { measureStreamLatency, type GapPlan } from "./lifecycle/streamLatency.js";
import { measurePerRun, measureWaitForAll } from "./lifecycle/waits.js";
import { generateCertificate } from "./lib/cert.js";
import { RawClient } from "./lib/raw.js";
import { locateSdk, benchDir, repoDir } from "./lib/sdk.js";
import { startFakeServer } from "./lib/server.js";
import { fmtKB, fmtMB, fmtMs, median } from "./lib/stats.js";
import { measureListMemory, type MemoryResult } from "./memory.js";
import {
  compare,
  createTaskRunsContenders,
  getRunsContenders,
  listRunsContenders,
  staticCredential,
  SUB,
  summarize,
  type Comparison,
} from "./throughput.js";
import { benchArgs } from "./lib/args.js";

const { flag, value, quick, only, enabled } = benchArgs();
const runs = Number(value("runs") ?? (quick ? 3 : 5));
const sizes = {
  gets: quick ? 1000 : 2000,
  listed: quick ? 10_000 : 20_000,
  lros: quick ? 100 : 200,
  coldRuns: quick ? 7 : 15,
  memoryRuns: quick ? 200_000 : 1_000_000,
  /** Run lengths (emulated seconds) for ARM requests per waited run, and the timeScale they run at. */
  waitDurations: quick ? [10, 60, 600] : [10, 30, 60, 120, 300, 600],
  waitTimeScale: quick ? 0.02 : 0.05,
  batches: quick ? [40] : [40, 100, 500],
  latencyGaps: (quick
    ? [
        [0.25, 2],
        [1, 2],
        [3, 2],
        [10, 1],
      ]
    : [
        [0.25, 4],
        [1, 4],
        [3, 4],
        [10, 3],
        [30, 2],
      ]) as GapPlan,
  quickBuildRuns: quick ? 1 : 3,
  ignoredFolderRuns: quick ? 3 : 15,
};
/** The run-lifecycle benchmarks: a run of some of them only rewrites their subsections of the README. */
const lifecycleNames = ["waits", "streamlogs", "quickbuild", "ignoredfolder"];
const lifecycleOnly = only !== undefined && only.every((name) => lifecycleNames.includes(name));
const write = flag("write") || (!quick && (!only || lifecycleOnly) && !value("sdk") && !flag("no-write"));

const log = (s: string) => process.stderr.write(`${s}\n`);

interface CpuRow {
  benchmark: string;
  baseline: string;
  sdk: string;
  ratio: string;
}

interface Row {
  benchmark: string;
  baseline: string;
  sdk: string;
  ratio: string;
  target: string;
  met: "yes" | "NO" | "-";
}

async function main() {
  const t0 = performance.now();
  const load = os.loadavg()[0];
  if (load > 1)
    log(
      `WARNING: load average ${load.toFixed(2)} on ${os.cpus().length} cores: other processes compete with the benchmark; ratios will be noisy.`,
    );
  const sdk = await locateSdk({ src: flag("src"), entry: value("sdk"), log });
  log(`SDK under test: ${sdk.source}`);
  const rows: Row[] = [];
  const cpuRows: CpuRow[] = [];
  const raw: Record<string, unknown> = { sdk: sdk.source, quick, runs, sizes, loadAverageAtStart: os.loadavg() };

  const needServer = enabled("get") || enabled("list") || enabled("lro") || enabled("memory");
  const cert = await generateCertificate();
  const server = needServer ? await startFakeServer(cert) : undefined;
  try {
    if (server && (enabled("get") || enabled("list") || enabled("lro"))) {
      const { ContainerRegistryTasksClient } = await import(sdk.entry);
      const client = new ContainerRegistryTasksClient(staticCredential, SUB, {
        endpoint: server.origin,
        tlsOptions: { ca: cert.ca },
      });
      const rawClient = new RawClient(cert.ca, "127.0.0.1", server.port);
      const setup = { client, raw: rawClient };
      const ratioRow = (benchmark: string, c: Comparison, target: number) => {
        const s = summarize(c);
        rows.push({
          benchmark,
          baseline: fmtMs(s.baseline),
          sdk: fmtMs(s.sdk),
          ratio: `${s.ratio.toFixed(2)}x`,
          target: `<= ${target}x`,
          met: s.ratio <= target ? "yes" : "NO",
        });
        cpuRows.push({
          benchmark,
          baseline: fmtMs(s.baselineCpu),
          sdk: fmtMs(s.sdkCpu),
          ratio: `${s.cpuRatio.toFixed(2)}x`,
        });
        log(
          `  wall: baseline ${c.baseline.map((x) => x.toFixed(0)).join(" ")} | sdk ${c.sdk.map((x) => x.toFixed(0)).join(" ")} -> ${s.ratio.toFixed(2)}x`,
        );
        log(
          `  cpu:  baseline ${c.baselineCpu.map((x) => x.toFixed(0)).join(" ")} | sdk ${c.sdkCpu.map((x) => x.toFixed(0)).join(" ")} -> ${s.cpuRatio.toFixed(2)}x`,
        );
      };
      if (enabled("get")) {
        log(`runs.get x${sizes.gets} sequential ...`);
        const c = getRunsContenders(setup, sizes.gets);
        const r = await compare(c.baseline, c.sdk, runs);
        raw.get = r;
        ratioRow(`${sizes.gets.toLocaleString("en")} sequential runs.get`, r, 1.15);
      }
      if (enabled("list")) {
        log(`runs.list ${sizes.listed} runs over ${sizes.listed / 100} pages ...`);
        const c = listRunsContenders(setup, sizes.listed);
        const r = await compare(c.baseline, c.sdk, runs);
        raw.list = r;
        ratioRow(`runs.list: ${sizes.listed.toLocaleString("en")} runs over ${sizes.listed / 100} pages`, r, 1.3);
      }
      if (enabled("lro")) {
        log(`taskRuns.create x${sizes.lros} to completion ...`);
        const c = createTaskRunsContenders(setup, sizes.lros);
        const r = await compare(c.baseline, c.sdk, runs);
        raw.lro = r;
        ratioRow(`${sizes.lros} taskRuns.create to completion (2 InProgress polls, Retry-After 0)`, r, 1.3);
      }
      rawClient.close();
    }

    if (enabled("cold")) {
      log(`cold start, ${sizes.coldRuns} runs each ...`);
      const r: ColdStartResult = await measureColdStart(sdk.entry, sizes.coldRuns);
      raw.cold = r;
      const s = summarizeColdStart(r);
      log(`  bare ${fmtMs(s.bare)} | core-rest-pipeline ${fmtMs(s.floor)} | sdk ${fmtMs(s.sdk)}`);
      rows.push({
        benchmark: "cold start: import package + construct client, vs import @azure/core-rest-pipeline",
        baseline: fmtMs(s.floor),
        sdk: fmtMs(s.sdk),
        ratio: `${s.ratio.toFixed(2)}x`,
        target: "<= 1.1x",
        met: s.ratio <= 1.1 ? "yes" : "NO",
      });
      rows.push({
        benchmark: "(reference) bare `node -e 0` / core-rest-pipeline import",
        baseline: fmtMs(s.bare),
        sdk: fmtMs(s.floor),
        ratio: `${s.floorOverBare.toFixed(2)}x`,
        target: "~2x (info)",
        met: "-",
      });
    }

    if (enabled("bundle")) {
      log("bundle size (esbuild, minified, gzip) ...");
      const floor: BundleResult = await measureBundle(pipelineApp());
      const app: BundleResult = await measureBundle(sdkApp(sdk.entry));
      raw.bundle = { floor, app };
      log(
        `  core-rest-pipeline app ${fmtKB(floor.gzipBytes)} gzip (${fmtKB(floor.rawBytes)} min) | sdk app ${fmtKB(app.gzipBytes)} gzip (${fmtKB(app.rawBytes)} min)`,
      );
      for (const t of app.top.slice(0, 8)) log(`    ${fmtKB(t.bytes).padStart(9)}  ${t.path}`);
      rows.push({
        benchmark: "bundle: app listing runs + creating a taskRun (esbuild node, minified, gzip)",
        baseline: fmtKB(floor.gzipBytes),
        sdk: fmtKB(app.gzipBytes),
        ratio: `${(app.gzipBytes / floor.gzipBytes).toFixed(2)}x`,
        target: "<= 26 KB",
        met: app.gzipBytes <= 26 * 1024 ? "yes" : "NO",
      });
    }

    if (server && enabled("memory")) {
      log(`memory: listing ${sizes.memoryRuns.toLocaleString("en")} runs in a child process ...`);
      const base: MemoryResult = await measureListMemory("raw", sdk.entry, server.origin, cert.ca, sizes.memoryRuns);
      const floor: MemoryResult = await measureListMemory(
        "raw-crp",
        sdk.entry,
        server.origin,
        cert.ca,
        sizes.memoryRuns,
      );
      const mine: MemoryResult = await measureListMemory("sdk", sdk.entry, server.origin, cert.ca, sizes.memoryRuns);
      raw.memory = { base, rawWithCoreRestPipelineImported: floor, sdk: mine };
      const peak = (m: MemoryResult) => Math.max(m.peakRss, m.maxRss ?? 0);
      for (const [name, m] of [
        ["raw", base],
        ["raw + import core-rest-pipeline", floor],
        ["sdk", mine],
      ] as const) {
        log(
          `  ${name}: peak RSS ${fmtMB(m.peakRss)} sampled, ${m.maxRss ? fmtMB(m.maxRss) : "n/a"} by time -v; live heap after GC ${fmtMB(m.liveHeap)}; ${fmtMs(m.ms)}`,
        );
      }
      rows.push({
        benchmark: `memory: peak RSS listing ${sizes.memoryRuns.toLocaleString("en")} runs (child process)`,
        baseline: fmtMB(peak(base)),
        sdk: fmtMB(peak(mine)),
        ratio: `${(peak(mine) / peak(base)).toFixed(2)}x`,
        target: "< 100 MB",
        met: peak(mine) < 100 * 1024 * 1024 ? "yes" : "NO",
      });
      rows.push({
        benchmark:
          "(reference) peak RSS of the same raw listing in a process that imported core-rest-pipeline / SDK live heap after GC",
        baseline: fmtMB(peak(floor)),
        sdk: fmtMB(mine.liveHeap),
        ratio: "-",
        target: "(info)",
        met: "-",
      });
    }
  } finally {
    server?.stop();
  }

  const lifecycle: LifecycleResults = {};
  if (enabled("waits") || enabled("streamlogs")) {
    const sdkModule = await import(sdk.entry);
    // Counts and latencies: both are I/O-bound, so they run side by side.
    const fastOptions = { maxPollIntervalMs: 2_000 };
    const latency = enabled("streamlogs")
      ? (log(
          `streamLogs latency, defaults and maxPollIntervalMs ${fastOptions.maxPollIntervalMs} (about ${sizes.latencyGaps.reduce((sum, [gap, count]) => sum + gap * count, 0).toFixed(0)} s) ...`,
        ),
        Promise.all([
          measureStreamLatency(sdkModule, cert, sizes.latencyGaps),
          measureStreamLatency(sdkModule, cert, sizes.latencyGaps, fastOptions),
        ]))
      : undefined;
    if (enabled("waits")) {
      log("ARM requests per waited run ...");
      lifecycle.timeScale = sizes.waitTimeScale;
      lifecycle.perRun = await measurePerRun(sdkModule, sizes.waitTimeScale, sizes.waitDurations, log);
      for (const row of lifecycle.perRun)
        log(
          `  ${row.seconds} s ${row.shape}: ours ${row.ours.arm} (${row.ours.blob} storage), 2 s polling ${row.naive.arm}, az stream ${row.azStream.arm} (${row.azStream.blob}), az --no-logs ${row.azNoLogs.arm}`,
        );
      log("waitForAll ...");
      lifecycle.batches = await measureWaitForAll(sdkModule, sizes.waitTimeScale, sizes.batches, 40, log);
      for (const batch of lifecycle.batches)
        log(
          `  ${batch.runs} runs: ${batch.total} ARM requests (${batch.lists} lists, ${batch.logLinks} links, ${batch.gets} gets), ${batch.rounds} rounds; 2 s polling ${batch.naiveMeasured ?? "-"} measured / ${batch.naiveComputed} computed`,
        );
    }
    if (latency) {
      const [defaults, fast] = await latency;
      lifecycle.latency = { defaults, fast, fastOptions };
      for (const [name, result] of [
        ["defaults", defaults],
        ["fast", fast],
      ] as const) {
        log(
          `  streamLogs ${name}: ${result.rows.map((row) => `${row.gapSeconds} s gap -> median ${row.medianMs.toFixed(0)} ms, max ${row.maxMs.toFixed(0)} ms`).join("; ")}`,
        );
      }
    }
  }
  if (enabled("quickbuild")) {
    log("quickBuild of a large context ...");
    const quickBuildContenders: QuickBuildContender[] = [sdkQuickBuild(sdk.entry), azBuild()];
    lifecycle.quickBuild = await measureQuickBuild(largeContext(log), quickBuildContenders, sizes.quickBuildRuns, log);
    const qb = lifecycle.quickBuild;
    log(`  gzip -6 floor ${fmtMs(qb.gzipMs)}, gzip -9 ${fmtMs(qb.gzip9Ms)}, tar | gzip -6 ${fmtMs(qb.tarGzipMs)}`);
    for (const c of qb.contenders) {
      log(
        `  ${c.name}: ${c.skipped ?? c.runs.map((r) => `${fmtMs(r.toQueuedMs)} to queued (pack ${fmtMs(r.phases.pack)}, upload ${fmtMs(r.phases.upload)}), ${fmtMs(r.totalMs)} to exit, peak RSS ${r.maxRss ? fmtMB(r.maxRss) : "?"}`).join("; ")}`,
      );
    }
  }
  if (enabled("ignoredfolder")) {
    log("packing with an ignored 200,000-file folder ...");
    lifecycle.ignoredFolder = await measureIgnoredFolder(sizes.ignoredFolderRuns, log);
    for (const row of lifecycle.ignoredFolder.rows)
      log(
        `  ${row.folder ? "with" : "without"} node_modules, ${row.rules} rules: ${row.entries} entries, dry run ${fmtMs(median(row.list.map((t) => t.ms)))}, packing ${fmtMs(median(row.pack.map((t) => t.ms)))}`,
      );
  }
  raw.lifecycle = lifecycle;

  const table = renderTable(rows);
  const cpuTable = cpuRows.length ? renderCpuTable(cpuRows) : "";
  process.stdout.write(
    `\n${table}\n${cpuTable ? `\nClient CPU time of the benchmark process (diagnostic, not a target):\n\n${cpuTable}\n` : ""}`,
  );
  const seconds = (performance.now() - t0) / 1000;
  log(`\ntotal ${seconds.toFixed(0)} s`);
  const jsonFile = value("json");
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ rows, raw }, null, 2));
  if (write) {
    writeReadme(table, cpuTable, sdk.source, raw, seconds, lifecycle);
    log("bench/README.md updated");
  }
}

function renderTable(rows: Row[]): string {
  const head = ["benchmark", "baseline median", "SDK median", "ratio", "target", "met?"];
  const lines = [
    head,
    head.map(() => "---"),
    ...rows.map((r) => [r.benchmark, r.baseline, r.sdk, r.ratio, r.target, r.met]),
  ];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function renderCpuTable(rows: CpuRow[]): string {
  const head = ["benchmark", "baseline CPU median", "SDK CPU median", "ratio"];
  const lines = [head, head.map(() => "---"), ...rows.map((r) => [r.benchmark, r.baseline, r.sdk, r.ratio])];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function machineNotes(sdkSource: string): string {
  const cpus = os.cpus();
  const pkg = (name: string) => {
    try {
      return JSON.parse(readFileSync(join(repoDir, "node_modules", name, "package.json"), "utf8")).version as string;
    } catch {
      return "?";
    }
  };
  return [
    `- CPU: ${cpus[0]?.model ?? "?"} x ${cpus.length} (os.availableParallelism() = ${os.availableParallelism()})`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version}; @azure/core-rest-pipeline ${pkg("@azure/core-rest-pipeline")}, @azure/core-lro ${pkg("@azure/core-lro")}, esbuild ${pkg("esbuild")}`,
    `- SDK measured: ${sdkSource}`,
    `- load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} (anything above ~0.5 means other work shared the 2 cores; ratios are then noisier)`,
    `- date: ${new Date().toISOString()}`,
  ].join("\n");
}

function writeReadme(
  table: string,
  cpuTable: string,
  sdkSource: string,
  raw: Record<string, unknown>,
  seconds: number,
  lifecycle: LifecycleResults,
) {
  const readmePath = join(benchDir, "README.md");
  const previous = (() => {
    try {
      return readFileSync(readmePath, "utf8");
    } catch {
      return undefined;
    }
  })();
  // A run of only lifecycle benchmarks keeps what it did not measure: the results section, the full run's
  // duration, and the other entries of results.json.
  const resultsHeading = "## Results\n\n";
  const [resultsStart, resultsEnd] = [previous?.indexOf(resultsHeading) ?? -1, previous?.indexOf(`\n\n${BEGIN}`) ?? -1];
  const keptResults =
    lifecycleOnly && resultsStart >= 0 && resultsEnd > resultsStart
      ? previous!.slice(resultsStart + resultsHeading.length, resultsEnd)
      : undefined;
  const fullRunSeconds =
    (lifecycleOnly && Number(/runs everything below in about (\d+) seconds/.exec(previous ?? "")?.[1])) ||
    Math.ceil(seconds / 10) * 10;
  const results =
    keptResults ??
    `${table}

${
  cpuTable
    ? `CPU time (user + system) of the benchmark process during the same timed runs: a diagnostic that is less
sensitive than wall time to other work on the machine (the fake server's CPU is not included):

${cpuTable}

`
    : ""
}Ratios are SDK median / baseline median (lower is better). Causes of the missed targets, what was tried
and its before/after figures are in [FINDINGS.md](FINDINGS.md).
Every timed run (ms, bytes) is in [results.json](results.json).`;
  const text = `# acr-tasks benchmarks

\`npm run bench\` (\`tsx bench/run.ts\`) runs everything below in about ${fullRunSeconds} seconds and rewrites the
results section of this file; \`npm run bench -- --quick\` is a shorter run that leaves this file alone.
Other flags: \`--only=get,list,lro,cold,bundle,memory,waits,streamlogs,quickbuild,ignoredfolder\` (a subset of the
last four rewrites only their tables), \`--runs=N\`, \`--src\` (load \`src/\` through tsx
instead of \`dist/\`), \`--sdk=FILE\` (another ESM build, e.g. a patched copy), \`--json=FILE\`, \`--write\`/\`--no-write\`. These are measurements, not tests: no test asserts a timing.

The command-line tool against the Azure CLI (start-up, a build on the emulator), the SDK's cold start against
raw \`node:https\` and an app bundling the whole client against the official 11.0.0 are in [CLI.md](CLI.md)
(\`npm run bench:cli\`).

## Results

${results}

${lifecycleBlock(lifecycle, previous)}

## Machine

${machineNotes(sdkSource)}${lifecycleOnly ? `\n- last written by \`--only=${only!.join(",")}\`: the other tables are from an earlier run` : ""}

## Method

- **Fake ARM server** (\`bench/fake-arm-server.mjs\`): a minimal HTTPS server on 127.0.0.1, in its own process
  (so its CPU is never charged to the contender being timed; the machine has 2 cores, one for it and one for
  the contender). It is not the project's emulator: it answers from pre-serialized buffers (list pages are
  rendered once and reused), so its cost is small and identical for every contender. A throw-away CA and leaf
  certificate are generated at every start with \`selfsigned\` v5 (\`await generate(attrs, opts)\`, EC keys); the
  SDK trusts the CA through \`tlsOptions: { ca }\`, the baseline through \`ca\` on its \`https.Agent\`.
  Runs are realistic ACR Run JSON (~1.6 KB: systemData, output images, image-update and source triggers,
  platform, agent configuration, log artifact) with 7 date-time fields, so the SDK's date conversion is paid.
- **Baseline** (\`bench/lib/raw.ts\`): \`node:https\` \`request\` with one keep-alive \`Agent\`, a constant bearer
  header, the body collected and \`JSON.parse\`d; nothing else (no validation, no dates). For the LRO it does the
  same HTTP exchanges by hand: PUT, then GET the Azure-AsyncOperation URL until it is no longer InProgress
  (Retry-After is 0, so it polls at once), then GET the resource.
- **SDK**: \`new ContainerRegistryTasksClient(staticCredential, sub, { endpoint, tlsOptions: { ca } })\` from the
  built ESM (\`dist/index.js\`), with a static TokenCredential. \`runs.get\` awaited one after the other;
  \`for await (const run of client.runs.list(rg, reg, { top }))\` following nextLink (100 runs a page);
  \`await client.taskRuns.create(...)\` (the awaitable poller) for each taskRun in turn.
- **Timing**: both contenders in the same process, alternating (baseline first on even rounds, SDK first on odd
  rounds), one untimed warm-up round each, a forced GC before every timed run, ${runs} timed runs each; the
  table shows medians.
- **Cold start** (\`bench/coldstart.ts\`): wall time from spawn to exit of fresh \`node\` processes, interleaved,
  ${sizes.coldRuns} runs each after one warm-up: \`node -e 0\`; \`node --input-type=module -e 'import "@azure/core-rest-pipeline"'\`
  (the floor); and an ESM process that imports the built package and constructs a client.
- **Bundle** (\`bench/bundle.ts\`): esbuild JS API (bundle, minify, tree shaking, platform node, ESM), gzip -9 of
  the output. The SDK app lists runs and creates a taskRun; the floor app does the same two exchanges by
  hand on a bare \`createPipelineFromOptions\` pipeline with \`bearerTokenAuthenticationPolicy\`.
- **Memory** (\`bench/memory.ts\`, \`bench/children/list-memory.mjs\`): a child process lists
  ${sizes.memoryRuns.toLocaleString("en")} runs (${(sizes.memoryRuns / 100).toLocaleString("en")} pages); peak RSS is the larger of
  \`process.memoryUsage.rss()\` sampled every 10 ms / 1,000 items and the maximum RSS from \`/usr/bin/time -v\`.
  The raw baseline's peak is shown for reference, and so are the same raw listing in a process that has also
  imported core-rest-pipeline (the floor of anything built on it) and the SDK's live heap after a full GC at
  the end (which stays flat whatever the count if pages are not kept).
- **CPU diagnostics**: \`process.cpuUsage()\` of the benchmark process around each timed run (second table).
  \`tsx bench/diagnose.ts [--sdk=a.js,b.js]\` breaks a request down (raw, core's HttpClient alone, core's
  default pipeline, each SDK build) and compares SDK builds on the LRO; see FINDINGS.md.
- **Run lifecycle** (\`bench/lifecycle/\`): the project's emulator, in this process, with runs that last
  minutes of emulated time (\`timeScale\`); request counts are read from \`emulator.requests\`, never
  inferred from timings. The Azure CLI's ways of waiting are re-enacted request for request from its
  sources (\`lifecycle/azPatterns.ts\`), so that its counts come from the same emulated runs as ours. streamLogs
  latency is timed against the bench's own storage host (\`lib/logHost.ts\`), side by side with the counts.
  quickBuild (\`lifecycle/quickBuildBench.ts\`) runs the SDK in a child process (\`children/quickbuild.mjs\`) and the
  Azure CLI itself (\`lifecycle/azBuild.ts\`), each under GNU time, against a fresh emulator process per run
  (\`lifecycle/emulatorProcess.ts\`; with \`--az-setup\` for az); without \`az\` on PATH its row says so.
  The ignored-folder packing (\`lifecycle/ignoredFolder.ts\`) runs the packing code from \`src/\` in this process
  on two generated folders (\`bench/.cache/ignored-folder\`), the variants taking turns.
`;
  writeFileSync(readmePath, text);
  const resultsJson = join(benchDir, "results.json");
  const earlier =
    lifecycleOnly && existsSync(resultsJson)
      ? (JSON.parse(readFileSync(resultsJson, "utf8")) as Record<string, unknown>)
      : undefined;
  const merged = earlier ? { ...earlier, lifecycle: { ...(earlier.lifecycle as object), ...lifecycle } } : raw;
  writeFileSync(
    resultsJson,
    `${JSON.stringify(merged, (k, v) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 10) / 10 : v), 1)}\n`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
