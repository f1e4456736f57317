// Child processes for the quickBuild benchmark: their output lines are dated as they arrive (so a line
// a tool prints, or a request the emulator logs, marks when a phase ended), and their peak RSS and CPU
// time come from GNU time (`/usr/bin/time -v`), which reads them from wait4(): the process and every
// descendant it waited for.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import type { Readable } from "node:stream";

/** Milliseconds since the epoch, with performance.now()'s resolution: comparable between processes. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface DatedLine {
  at: number;
  text: string;
}

/** Appends each complete line of `stream` to `into`, dated when its end arrived. */
export function collectLines(stream: Readable, into: DatedLine[], onLine?: (line: DatedLine) => void): void {
  let partial = "";
  stream.setEncoding("utf8");
  const push = (text: string) => {
    const line = { at: epochNow(), text: text.replace(/\r$/, "") };
    into.push(line);
    onLine?.(line);
  };
  stream.on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop()!;
    parts.forEach(push);
  });
  stream.on("end", () => partial && push(partial));
}

export const gnuTime = "/usr/bin/time";

export interface TimedRun {
  code: number | null;
  spawnedAt: number;
  exitedAt: number;
  stdout: DatedLine[];
  stderr: DatedLine[];
  /** From GNU time, when it is installed. */
  maxRss?: number;
  cpuMs?: number;
}

/** Runs `command` to its end under GNU time (its report goes to `statsFile`, not to the child's stderr). */
export async function runTimed(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  statsFile: string,
): Promise<TimedRun> {
  const timed = existsSync(gnuTime);
  const spawnedAt = epochNow();
  const child = timed
    ? spawn(gnuTime, ["-v", "-o", statsFile, command, ...args], { env })
    : spawn(command, args, { env });
  const stdout: DatedLine[] = [];
  const stderr: DatedLine[] = [];
  collectLines(child.stdout, stdout);
  collectLines(child.stderr, stderr);
  const code: number | null = await new Promise((resolve, reject) => child.on("error", reject).on("close", resolve));
  const run: TimedRun = { code, spawnedAt, exitedAt: epochNow(), stdout, stderr };
  if (timed && existsSync(statsFile)) {
    const stats = readFileSync(statsFile, "utf8");
    rmSync(statsFile, { force: true });
    const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(stats)?.[1] ?? NaN);
    run.maxRss = field("Maximum resident set size \\(kbytes\\)") * 1024;
    run.cpuMs = (field("User time \\(seconds\\)") + field("System time \\(seconds\\)")) * 1000;
  }
  return run;
}
