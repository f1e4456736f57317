// Runs as text: a summary after a run ends, the fields of `show`, and the table of `runs` (the columns of
// `az acr task list-runs -o table`). Plain text only: no colour, no escape sequences.
import type { Run } from "acr-tasks";
import { oneLine } from "./errors.js";

function date(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const parsed = value instanceof Date ? value : new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** hh:mm:ss between two times, as az shows a run's duration. */
export function duration(start: Date | string | undefined, finish: Date | string | undefined): string {
  const from = date(start);
  const to = date(finish);
  if (!from || !to) return "";
  const seconds = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
}

function when(value: Date | string | undefined): string {
  return (
    date(value)
      ?.toISOString()
      .replace(/\.\d{3}Z$/, "Z") ?? ""
  );
}

/** `registry/repository:tag@digest`, the parts the run reports. */
export function imageName(image: NonNullable<NonNullable<Run["properties"]>["outputImages"]>[number]): string {
  const repository = [image.registry, image.repository].filter(Boolean).join("/");
  return `${repository}${image.tag ? `:${image.tag}` : ""}${image.digest ? `@${image.digest}` : ""}`;
}

function platformOf(run: Run): string {
  const platform = run.properties?.platform;
  return [platform?.os, platform?.architecture, platform?.variant].filter(Boolean).join("/").toLowerCase();
}

function triggerOf(run: Run): string {
  const properties = run.properties;
  if (properties?.sourceTrigger?.eventType) return properties.sourceTrigger.eventType;
  if (properties?.timerTrigger) return "Timer";
  if (properties?.imageUpdateTrigger) return "Image Update";
  return "Manual";
}

/** The lines after a followed run: its end, what it pushed, why it failed. */
export function runSummary(run: Run): string[] {
  const properties = run.properties ?? {};
  const took = duration(properties.startTime, properties.finishTime);
  return [
    `Run ${properties.runId ?? run.name}: ${properties.status ?? "(no status)"}${took ? ` after ${took}` : ""}`,
    ...(properties.outputImages ?? []).map((image) => `  image: ${imageName(image)}`),
    ...(properties.runErrorMessage ? [`  error: ${properties.runErrorMessage}`] : []),
  ];
}

/** How a run that did not succeed ended, on one line: `run ID ended with status STATUS: its error`. */
export function runEnding(runId: string, run: Run): string {
  const { status, runErrorMessage } = run.properties ?? {};
  return `run ${runId} ended with status ${status ?? "(none)"}${runErrorMessage ? `: ${oneLine(runErrorMessage)}` : ""}`;
}

/** `show`: one field a line. */
export function runDetails(run: Run): string {
  const properties = run.properties ?? {};
  const fields: [string, string | undefined][] = [
    ["Run ID", properties.runId ?? run.name],
    ["Status", properties.status],
    ["Type", properties.runType],
    ["Task", properties.task],
    ["Platform", platformOf(run)],
    ["Trigger", triggerOf(run)],
    ["Agent pool", properties.agentPoolName],
    ["Created", when(properties.createTime)],
    ["Started", when(properties.startTime)],
    ["Finished", when(properties.finishTime)],
    ["Duration", duration(properties.startTime, properties.finishTime)],
    ...(properties.outputImages ?? []).map((image): [string, string] => ["Image", imageName(image)]),
    ["Error", properties.runErrorMessage],
  ];
  const shown = fields.filter(([, value]) => value !== undefined && value !== "");
  const width = Math.max(...shown.map(([name]) => name.length)) + 1;
  return shown.map(([name, value]) => `${`${name}:`.padEnd(width)} ${value}`).join("\n");
}

/** `runs`: RUN ID, TASK, PLATFORM, STATUS, TRIGGER, STARTED, DURATION. */
export function runsTable(runs: readonly Run[]): string {
  const header = ["RUN ID", "TASK", "PLATFORM", "STATUS", "TRIGGER", "STARTED", "DURATION"];
  const rows = runs.map((run) => {
    const properties = run.properties ?? {};
    return [
      properties.runId ?? run.name ?? "",
      properties.task ?? "",
      platformOf(run),
      properties.status ?? "",
      triggerOf(run),
      when(properties.startTime),
      duration(properties.startTime, properties.finishTime),
    ];
  });
  return table(header, rows);
}

/** Columns as az's tables draw them: a header, a rule, the rows; `right` columns aligned right (numbers). */
export function table(header: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (right.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}
