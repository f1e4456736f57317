// Where a node process's main thread spent its time, from a `node --cpu-prof` profile: its samples'
// time summed by what was on the stack's top, in a few categories.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuShare {
  category: string;
  ms: number;
}

const nativeFs = new Set([
  "lstat",
  "stat",
  "fstat",
  "open",
  "read",
  "close",
  "readdir",
  "readlink",
  "realpath",
  "writeBuffer",
  "writeString",
  "FSReqCallback",
]);

function category({ functionName, url }: { functionName: string; url: string }): string {
  if (url === "node:zlib") return "zlib (handing chunks to the thread pool, which deflates them)";
  if (functionName === "(idle)") return "idle (waiting for zlib or file I/O on the thread pool)";
  if ((url === "" && nativeFs.has(functionName)) || url.startsWith("node:fs") || url.startsWith("node:internal/fs"))
    return "fs calls (lstat, open, read, close, readdir, write)";
  if (url.includes("/node_modules/tar/")) return "node-tar";
  if (functionName === "(garbage collector)") return "garbage collector";
  return "other (the SDK, events, buffers, startup)";
}

/** The one profile in `dir`, summed by category, largest first. */
export function summarizeCpuProfile(dir: string): CpuShare[] {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const name = category(byId.get(id)!);
    totals.set(name, (totals.get(name) ?? 0) + profile.timeDeltas[index]! / 1000);
  });
  return [...totals].map(([name, ms]) => ({ category: name, ms })).sort((a, b) => b.ms - a.ms);
}
