// The run-lifecycle section of bench/README.md: tables from the measurements of waits.ts,
// streamLatency.ts and quickBuildBench.ts. A run that skips them keeps the section already there.
import type { LatencyResult } from "./streamLatency.js";
import type { QuickBuildResult } from "./quickBuildBench.js";
import type { BatchResult, PerRunRow } from "./waits.js";
import { fmtMB, median } from "../lib/stats.js";

export const BEGIN = "<!-- lifecycle:begin (written by bench/run.ts) -->";
export const END = "<!-- lifecycle:end -->";

export interface LifecycleResults {
  timeScale?: number;
  perRun?: PerRunRow[];
  batches?: BatchResult[];
  latency?: { defaults: LatencyResult; fast: LatencyResult; fastOptions: Record<string, number> };
  quickBuild?: QuickBuildResult;
}

const table = (head: string[], rows: (string | number)[][]) =>
  [head, head.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");

const duration = (seconds: number) => (seconds >= 60 ? `${+(seconds / 60).toFixed(1)} min` : `${Math.round(seconds)} s`);

function perRunTable(rows: PerRunRow[]): string {
  return table(
    ["run (shape)", "length (emulated)", "acr-tasks waitForCompletion: ARM (storage)", "Runs_Get every 2 s: ARM", "az acr build (log stream): ARM (storage)", "az acr build --no-logs: ARM", "<= 4 ARM?"],
    rows.map((row) => [
      `${duration(row.seconds)} (${row.shape})`,
      duration(row.emulatedSeconds),
      `**${row.ours.arm}** (${row.ours.blob})`,
      row.naive.arm,
      `${row.azStream.arm} (${row.azStream.blob})`,
      row.azNoLogs.arm,
      row.ours.arm <= 4 ? "yes" : "NO",
    ]),
  );
}

function batchTable(batches: BatchResult[]): string {
  return table(
    ["runs (10 s ... 10 min)", "waitForAll: ARM requests", "lists / log links / Runs_Get", "per run", "rounds", "Runs_Get every 2 s per run", "az --no-logs per run (computed)", "target"],
    batches.map((batch) => [
      batch.runs,
      `**${batch.total}**`,
      `${batch.lists} / ${batch.logLinks} / ${batch.gets}`,
      (batch.total / batch.runs).toFixed(2),
      batch.rounds,
      batch.naiveMeasured !== undefined ? `${batch.naiveMeasured.toLocaleString("en")} measured (${batch.naiveComputed.toLocaleString("en")} computed)` : `${batch.naiveComputed.toLocaleString("en")} computed`,
      batch.azNoLogsComputed.toLocaleString("en"),
      batch.runs === 40 ? `<= 80: ${batch.total <= 80 ? "yes" : "NO"}` : "-",
    ]),
  );
}

function latencyTable(latency: NonNullable<LifecycleResults["latency"]>): string {
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
  return table(
    ["silence before the line", "lines", "defaults: median", "defaults: max", `maxPollIntervalMs ${latency.fastOptions.maxPollIntervalMs}: median`, "max"],
    latency.defaults.rows.map((row, i) => {
      const fast = latency.fast.rows[i]!;
      return [`${row.gapSeconds} s`, row.samples, fmt(row.medianMs), fmt(row.maxMs), fmt(fast.medianMs), fmt(fast.maxMs)];
    }),
  );
}

function quickBuildTable(result: QuickBuildResult): string {
  const mbps = (bytes: number, ms: number) => `${(bytes / 2 ** 20 / (ms / 1000)).toFixed(1)} MB/s`;
  const rows: (string | number)[][] = [
    ["floor: `gzip -6` of the tar of the included files (page cache)", `${(result.gzipMs / 1000).toFixed(1)} s`, "1.00x", mbps(result.tarBytes, result.gzipMs), "-", fmtMB(result.gzipBytes)],
    ["floor: `tar -c \\| gzip -6` from the files", `${(result.tarGzipMs / 1000).toFixed(1)} s`, `${(result.tarGzipMs / result.gzipMs).toFixed(2)}x`, mbps(result.tarBytes, result.tarGzipMs), "-", fmtMB(result.gzipBytes)],
  ];
  for (const contender of result.contenders) {
    const ms = median(contender.ms);
    rows.push([contender.name, `${(ms / 1000).toFixed(1)} s`, `${(ms / result.gzipMs).toFixed(2)}x`, mbps(result.tarBytes, ms), fmtMB(Math.max(...contender.maxRss)), fmtMB(contender.uploadedBytes)]);
  }
  return table(["contender", "wall (median)", "vs gzip floor", "throughput (tar bytes)", "peak RSS", "archive"], rows);
}

/** The section, or undefined when nothing of it was measured. */
export function renderLifecycle(results: LifecycleResults): string | undefined {
  const parts: string[] = [];
  if (results.perRun) {
    parts.push(`### ARM requests per waited run, against the run's length

Each run waited on by each contender at once, in one emulator at timeScale ${results.timeScale} (10 min of
emulated time are ${(600 * (results.timeScale ?? 1)).toFixed(0)} s of real time); every client-side delay is scaled by the same factor, so the
counts are those of real time. ARM requests name the run in their path (the log link, Runs_Get);
storage requests read its log. "silent": one step that prints only as it starts and ends; "steady": a
line every 10 s.

${perRunTable(results.perRun)}
`);
  }
  if (results.batches) {
    parts.push(`### waitForAll

Runs of lengths spread evenly from 10 s to 10 min (every tenth one fails; shapes alternate), waited on
with \`runs.waitForAll\` at its default settings (scaled as above), the emulator listing 20 runs a page.
"Runs_Get every 2 s per run": measured on an identical batch for 40 runs; for the others computed from
the runs' lengths (1 + length / 2 s each), as is \`az acr build --no-logs\` (1 + length / 30 s each).

${batchTable(results.batches)}
`);
  }
  if (results.latency) {
    parts.push(`### streamLogs: from a line appended to the log to the line yielded

\`runs.streamLogs\` at its default settings (a read 1 s after new output; while idle the delay doubles
from 1 s to 10 s) and with \`maxPollIntervalMs: ${results.latency.fastOptions.maxPollIntervalMs}\`, on the bench's own storage host, lines
appended after silences of the lengths shown (each ±20 %, seeded). Storage requests: ${results.latency.defaults.storageRequests} with the defaults,
${results.latency.fast.storageRequests} with the shorter cap; ARM requests: ${results.latency.defaults.armRequests} and ${results.latency.fast.armRequests} (the log link; the safety net never came due).

${latencyTable(results.latency)}
`);
  }
  if (results.quickBuild) {
    const context = results.quickBuild.context;
    parts.push(`### quickBuild of a large context

A generated context (\`bench/lifecycle/largeContext.ts\`): ${context.files.toLocaleString("en")} files, ${fmtMB(context.bytes)}, of which the
\`.dockerignore\` (node_modules/, build/, **/*.log) leaves ${context.includedFiles.toLocaleString("en")} files, ${fmtMB(context.includedBytes)} (a ${fmtMB(results.quickBuild.tarBytes)} tar).
Wall time from the call to the queued run (pack, gzip, spool, upload, scheduleRun) against the
emulator, in a child process whose peak RSS is reported; medians of ${results.quickBuild.contenders[0]?.ms.length ?? 0} runs. The floor is
this machine's gzip at the level the SDK's node-tar uses (6) on the same bytes.
\`az acr build --no-logs\` is not in the table yet: it needs the Azure CLI to run against the emulator
(issue 9). \`quickBuildContenders\` in \`bench/run.ts\` takes it as one more entry (a process that runs
\`az\`, timed the same way) once that lands.

${quickBuildTable(results.quickBuild)}
`);
  }
  return parts.length ? parts.join("\n") : undefined;
}

/** The section to write: the new one, or the one the README already has. */
export function lifecycleBlock(results: LifecycleResults, previousReadme: string | undefined): string {
  const fresh = renderLifecycle(results);
  if (fresh) return `${BEGIN}\n## Run lifecycle\n\n${fresh}${END}`;
  const start = previousReadme?.indexOf(BEGIN) ?? -1;
  const end = previousReadme?.indexOf(END) ?? -1;
  return start >= 0 && end > start ? previousReadme!.slice(start, end + END.length) : `${BEGIN}\n## Run lifecycle\n\n(not measured yet: \`npm run bench\`)\n${END}`;
}
