// Memory: a child process lists `count` runs (1,000,000 by default) and reports its peak RSS; the
// same listing by the raw baseline is run for reference. Both against the running fake server.
import { spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir } from "./lib/sdk.js";

export interface MemoryResult {
  seen: number;
  /** Peak RSS sampled inside the child (bytes). */
  peakRss: number;
  /** Maximum RSS from /usr/bin/time -v (bytes), when available. */
  maxRss?: number;
  ms: number;
  /** Heap still in use after a full GC at the end of the listing (bytes). */
  liveHeap: number;
}

const TIME = "/usr/bin/time";

export async function measureListMemory(
  mode: "sdk" | "raw" | "raw-crp",
  sdkEntry: string,
  origin: string,
  ca: string,
  count: number,
): Promise<MemoryResult> {
  const caFile = join(tmpdir(), `acr-tasks-bench-ca-${process.pid}.pem`);
  writeFileSync(caFile, ca);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const script = join(benchDir, "children/list-memory.mjs");
  const args = ["--expose-gc", script, mode, pathToFileURL(sdkEntry).href, origin, caFile, String(count)];
  const useTime = existsSync(TIME);
  const child = useTime
    ? spawn(TIME, ["-v", process.execPath, ...args], { env })
    : spawn(process.execPath, args, { env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  const code: number = await new Promise((resolve) => child.on("close", resolve));
  rmSync(caFile, { force: true });
  if (code !== 0) throw new Error(`memory child (${mode}) failed with ${code}: ${stderr.slice(-1500)}`);
  const result = JSON.parse(stdout.trim().split("\n").pop()!) as MemoryResult;
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (m) result.maxRss = Number(m[1]) * 1024;
  return result;
}
