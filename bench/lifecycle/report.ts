// The run-lifecycle section of bench/README.md: tables from the measurements of waits.ts,
// streamLatency.ts and quickBuildBench.ts (quickBuildReport.ts). Each subsection ("### title" to the
// next one) a run did not measure is kept as the README already has it.
import { ignoredFolderSection, type IgnoredFolderResult } from "./ignoredFolder.js";
import type { LatencyResult } from "./streamLatency.js";
import type { QuickBuildResult } from "./quickBuildTypes.js";
import type { BatchResult, PerRunRow } from "./waits.js";
import { quickBuildSection } from "./quickBuildReport.js";

export const BEGIN = "<!-- lifecycle:begin (written by bench/run.ts) -->";
export const END = "<!-- lifecycle:end -->";

export interface LifecycleResults {
  timeScale?: number;
  perRun?: PerRunRow[];
  batches?: BatchResult[];
  latency?: { defaults: LatencyResult; fast: LatencyResult; fastOptions: Record<string, number> };
  quickBuild?: QuickBuildResult;
  ignoredFolder?: IgnoredFolderResult;
}

const table = (head: string[], rows: (string | number)[][]) =>
  [head, head.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");

const duration = (seconds: number) =>
  seconds >= 60 ? `${+(seconds / 60).toFixed(1)} min` : `${Math.round(seconds)} s`;

function perRunTable(rows: PerRunRow[]): string {
  return table(
    [
      "run (shape)",
      "length (emulated)",
      "acr-tasks waitForCompletion: ARM (storage)",
      "Runs_Get every 2 s: ARM",
      "az acr build (log stream): ARM (storage)",
      "az acr build --no-logs: ARM",
      "<= 4 ARM?",
    ],
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
    [
      "runs (10 s ... 10 min)",
      "waitForAll: ARM requests",
      "lists / log links / Runs_Get",
      "per run",
      "rounds",
      "Runs_Get every 2 s per run",
      "az --no-logs per run (computed)",
      "target",
    ],
    batches.map((batch) => [
      batch.runs,
      `**${batch.total}**`,
      `${batch.lists} / ${batch.logLinks} / ${batch.gets}`,
      (batch.total / batch.runs).toFixed(2),
      batch.rounds,
      batch.naiveMeasured !== undefined
        ? `${batch.naiveMeasured.toLocaleString("en")} measured (${batch.naiveComputed.toLocaleString("en")} computed)`
        : `${batch.naiveComputed.toLocaleString("en")} computed`,
      batch.azNoLogsComputed.toLocaleString("en"),
      batch.runs === 40 ? `<= 80: ${batch.total <= 80 ? "yes" : "NO"}` : "-",
    ]),
  );
}

function latencyTable(latency: NonNullable<LifecycleResults["latency"]>): string {
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
  return table(
    [
      "silence before the line",
      "lines",
      "defaults: median",
      "defaults: max",
      `maxPollIntervalMs ${latency.fastOptions.maxPollIntervalMs}: median`,
      "max",
    ],
    latency.defaults.rows.map((row, i) => {
      const fast = latency.fast.rows[i]!;
      return [
        `${row.gapSeconds} s`,
        row.samples,
        fmt(row.medianMs),
        fmt(row.maxMs),
        fmt(fast.medianMs),
        fmt(fast.maxMs),
      ];
    }),
  );
}

/** The subsections in their order: each one's heading (what identifies it in a README) and its text when measured. */
function renderLifecycle(results: LifecycleResults): { heading: string; text: string | undefined }[] {
  const measured = <T>(value: T | undefined, render: (value: T) => string) =>
    value === undefined ? undefined : render(value);
  return [
    {
      heading: "### ARM requests per waited run",
      text: measured(
        results.perRun,
        (perRun) => `### ARM requests per waited run, against the run's length

Each run waited on by each contender at once, in one emulator at timeScale ${results.timeScale} (10 min of
emulated time are ${(600 * (results.timeScale ?? 1)).toFixed(0)} s of real time); every client-side delay is scaled by the same factor, so the
counts are those of real time. ARM requests name the run in their path (the log link, Runs_Get);
storage requests read its log. "silent": one step that prints only as it starts and ends; "steady": a
line every 10 s.

${perRunTable(perRun)}
`,
      ),
    },
    {
      heading: "### waitForAll",
      text: measured(
        results.batches,
        (batches) => `### waitForAll

Runs of lengths spread evenly from 10 s to 10 min (every tenth one fails; shapes alternate), waited on
with \`runs.waitForAll\` at its default settings (scaled as above), the emulator listing 20 runs a page.
"Runs_Get every 2 s per run": measured on an identical batch for 40 runs; for the others computed from
the runs' lengths (1 + length / 2 s each), as is \`az acr build --no-logs\` (1 + length / 30 s each).

${batchTable(batches)}
`,
      ),
    },
    {
      heading: "### streamLogs",
      text: measured(
        results.latency,
        (latency) => `### streamLogs: from a line appended to the log to the line yielded

\`runs.streamLogs\` at its default settings (a read 1 s after new output; while idle the delay doubles
from 1 s to 10 s) and with \`maxPollIntervalMs: ${latency.fastOptions.maxPollIntervalMs}\`, on the bench's own storage host, lines
appended after silences of the lengths shown (each ±20 %, seeded). Storage requests: ${latency.defaults.storageRequests} with the defaults,
${latency.fast.storageRequests} with the shorter cap; ARM requests: ${latency.defaults.armRequests} and ${latency.fast.armRequests} (the log link; the safety net never came due).

${latencyTable(latency)}
`,
      ),
    },
    { heading: "### quickBuild of a large context", text: measured(results.quickBuild, quickBuildSection) },
    {
      heading: "### Packing a context with an ignored 200,000-file folder",
      text: measured(results.ignoredFolder, ignoredFolderSection),
    },
  ];
}

/** The subsection of an earlier README's lifecycle block that starts with `heading`, up to the next one. */
function previousSubsection(block: string, heading: string): string | undefined {
  const start = block.indexOf(`\n${heading}`);
  if (start < 0) return undefined;
  const next = block.indexOf("\n### ", start + 1);
  return block.slice(start + 1, next < 0 ? block.length : next + 1).replace(/\n+$/, "\n");
}

/** The section to write: what this run measured, and the rest as the README already has it. */
export function lifecycleBlock(results: LifecycleResults, previousReadme: string | undefined): string {
  const start = previousReadme?.indexOf(BEGIN) ?? -1;
  const end = previousReadme?.indexOf(END) ?? -1;
  const previous = start >= 0 && end > start ? previousReadme!.slice(start, end) : "";
  const parts = renderLifecycle(results)
    .map(({ heading, text }) => text ?? previousSubsection(previous, heading))
    .filter((text): text is string => text !== undefined);
  return `${BEGIN}\n## Run lifecycle\n\n${parts.length ? parts.join("\n") : "(not measured yet: `npm run bench`)\n"}${END}`;
}
