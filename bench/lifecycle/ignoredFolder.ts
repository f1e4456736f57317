// Packing a context that holds an ignored 200,000-file folder (a node_modules), with and without an
// unrelated `!` line in its ignore file, against the same context without the folder. The walk enters
// an excluded folder only when an exception could include something in it, so the folder should cost
// nothing in either case. Each variant is timed as the dry run (listBuildContext: the walk alone) and as
// packing (walk, tar and gzip, the archive read to its end), from src/ through tsx, in this process,
// the variants taking turns; the folders' page cache is warm after the untimed first round.
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listBuildContext, packSourceContext } from "../../src/custom/lifecycle/index.js";
import { benchDir } from "../lib/sdk.js";
import { gc, median } from "../lib/stats.js";
import { mulberry32 } from "../../emulator/src/net/faults.js";

const VERSION = "ignored-folder v1: 1,000 packages x 4 folders x 50 empty files; 1,000-file app";
const PACKAGES = 1_000;
const FOLDERS_PER_PACKAGE = 4;
const FILES_PER_FOLDER = 50;
const APP_FILES = 1_000;

/** The rules of both contexts' ignore files: `Dockerfile` uses the first, `exception.Dockerfile` the second. */
export const ignoredFolderRules = {
  plain: ["node_modules", "*.md"],
  exception: ["node_modules", "*.md", "!keep.md"],
};

/** One timed run: wall time, and the process's CPU time (user + system, zlib's threads included) over it. */
export interface Timing {
  ms: number;
  cpuMs: number;
}

export interface IgnoredFolderRow {
  /** With the folder or without it. */
  folder: boolean;
  rules: keyof typeof ignoredFolderRules;
  entries: number;
  list: Timing[];
  pack: Timing[];
  archiveBytes: number;
}

export interface IgnoredFolderResult {
  folderFiles: number;
  folderFolders: number;
  appFiles: number;
  appBytes: number;
  rows: IgnoredFolderRow[];
  /** Reading every folder of the ignored node_modules (what a walk that enters it pays before any matching). */
  readFolderMs: number[];
}

interface Contexts {
  without: string;
  with: string;
  appBytes: number;
}

/** Two folders with the same app, ignore files and Dockerfiles; one also holds node_modules. Made once into bench/.cache. */
function contexts(log: (s: string) => void): Contexts {
  const dir = join(benchDir, ".cache/ignored-folder");
  const manifest = join(benchDir, ".cache/ignored-folder.json");
  if (existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, "utf8")) as { version: string; appBytes: number };
    if (saved.version === VERSION)
      return { without: join(dir, "without"), with: join(dir, "with"), appBytes: saved.appBytes };
  }
  log(
    `  generating the contexts in ${dir} (once; ${(PACKAGES * FOLDERS_PER_PACKAGE * FILES_PER_FOLDER).toLocaleString("en")} files) ...`,
  );
  rmSync(dir, { recursive: true, force: true });
  const random = mulberry32(19);
  let appBytes = 0;
  for (const context of ["without", "with"]) {
    const root = join(dir, context);
    const write = (path: string, content: string) => {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), content);
    };
    write("Dockerfile", "FROM node:20-alpine\nCOPY . /app\n");
    write("exception.Dockerfile", "FROM node:20-alpine\nCOPY . /app\n");
    write(".dockerignore", ignoredFolderRules.plain.map((rule) => `${rule}\n`).join(""));
    write("exception.Dockerfile.dockerignore", ignoredFolderRules.exception.map((rule) => `${rule}\n`).join(""));
    write("keep.md", "# kept by the ! line\n");
    const seeded = mulberry32(7);
    appBytes = 0;
    for (let i = 0; i < APP_FILES; i++) {
      const content = `export const value${i} = ${Math.floor(seeded() * 1e9)};\n`.repeat(1 + Math.floor(seeded() * 60));
      appBytes += content.length;
      write(`src/module${Math.floor(i / 50)}/file${i}.ts`, content);
    }
  }
  const modules = join(dir, "with", "node_modules");
  for (let p = 0; p < PACKAGES; p++) {
    for (let f = 0; f < FOLDERS_PER_PACKAGE; f++) {
      const folder = join(modules, `package${p}-${Math.floor(random() * 1e6)}`, `lib${f}`);
      mkdirSync(folder, { recursive: true });
      for (let n = 0; n < FILES_PER_FOLDER; n++) closeSync(openSync(join(folder, `file${n}.js`), "w"));
    }
  }
  writeFileSync(manifest, JSON.stringify({ version: VERSION, appBytes }));
  return { without: join(dir, "without"), with: join(dir, "with"), appBytes };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  gc();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, timing: { ms, cpuMs: (used.user + used.system) / 1000 } };
}

function readEveryFolder(folder: string): number {
  let count = 0;
  for (const child of readdirSync(folder, { withFileTypes: true })) {
    if (child.isDirectory()) count += readEveryFolder(join(folder, child.name));
  }
  return count + 1;
}

export async function measureIgnoredFolder(runs: number, log: (s: string) => void): Promise<IgnoredFolderResult> {
  const dirs = contexts(log);
  const folderFolders = readEveryFolder(join(dirs.with, "node_modules"));
  const variants = [false, true].flatMap((folder) =>
    (["plain", "exception"] as const).map((rules) => ({ folder, rules })),
  );
  const rows: IgnoredFolderRow[] = variants.map((variant) => ({
    ...variant,
    entries: 0,
    list: [],
    pack: [],
    archiveBytes: 0,
  }));
  const readFolderMs: number[] = [];
  for (let round = 0; round <= runs; round++) {
    for (const row of round % 2 ? [...rows].reverse() : rows) {
      const sourceDir = row.folder ? dirs.with : dirs.without;
      const options = { dockerFilePath: row.rules === "plain" ? "Dockerfile" : "exception.Dockerfile" };
      const listed = await timed(() => listBuildContext(sourceDir, options));
      const packed = await timed(async () => {
        const { archive } = await packSourceContext(sourceDir, options);
        let bytes = 0;
        for await (const chunk of archive as AsyncIterable<Buffer>) bytes += chunk.length;
        return bytes;
      });
      if (round === 0) continue; // warm-up: the page cache, the JIT
      row.entries = listed.value.entries.length;
      row.archiveBytes = packed.value;
      row.list.push(listed.timing);
      row.pack.push(packed.timing);
    }
    gc();
    const start = performance.now();
    readEveryFolder(join(dirs.with, "node_modules"));
    if (round > 0) readFolderMs.push(performance.now() - start);
  }
  return {
    folderFiles: PACKAGES * FOLDERS_PER_PACKAGE * FILES_PER_FOLDER,
    folderFolders,
    appFiles: APP_FILES,
    appBytes: dirs.appBytes,
    rows,
    readFolderMs,
  };
}

const table = (head: string[], rows: (string | number)[][]) =>
  [head, head.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);
const signed = (value: number) => `${value >= 0 ? "+" : "-"}${ms(Math.abs(value))}`;
const medians = (timings: Timing[]): Timing => ({
  ms: median(timings.map((timing) => timing.ms)),
  cpuMs: median(timings.map((timing) => timing.cpuMs)),
});
const both = (timing: Timing) => `${ms(timing.ms)} (${ms(timing.cpuMs)})`;
const cost = (timing: Timing, base: Timing) => `${signed(timing.ms - base.ms)} (${signed(timing.cpuMs - base.cpuMs)})`;

/** The README subsection. */
export function ignoredFolderSection(result: IgnoredFolderResult): string {
  const row = (folder: boolean, rules: keyof typeof ignoredFolderRules) =>
    result.rows.find((candidate) => candidate.folder === folder && candidate.rules === rules)!;
  const lines = (["plain", "exception"] as const).flatMap((rules) => {
    const without = row(false, rules);
    const rulesText = ignoredFolderRules[rules].map((rule) => `\`${rule}\``).join(", ");
    return [without, row(true, rules)].map((current) => [
      `${rulesText}; ${current.folder ? "**with** node_modules" : "without node_modules"}`,
      current.entries.toLocaleString("en"),
      both(medians(current.list)),
      current.folder ? cost(medians(current.list), medians(without.list)) : "-",
      both(medians(current.pack)),
      current.folder ? cost(medians(current.pack), medians(without.pack)) : "-",
      `${(current.archiveBytes / 1024).toFixed(1)} KB`,
    ]);
  });
  return `### Packing a context with an ignored 200,000-file folder

The same app (${result.appFiles.toLocaleString("en")} files, ${(result.appBytes / 2 ** 20).toFixed(1)} MB) packed
without and with a \`node_modules\` of ${result.folderFiles.toLocaleString("en")} files in
${result.folderFolders.toLocaleString("en")} folders that its ignore file excludes, once with rules that have
no \`!\` line and once with an unrelated one (\`!keep.md\`, which can only match at the root). Medians of
${result.rows[0]!.pack.length} rounds, the variants taking turns after an untimed one, in one process
(\`bench/lifecycle/ignoredFolder.ts\`, the packing code from \`src/\`): wall time, and in brackets the
process's CPU time (user + system, zlib's threads included), which other work on the machine disturbs
less. "Dry run" is \`listBuildContext\` (the walk); "packing" walks, tars and gzips and reads the archive
to its end. Both contexts send the same entries: the folder's cost is the difference.

${table(["rules; context", "entries sent", "dry run", "folder's cost", "packing", "folder's cost", "archive"], lines)}

For scale: reading every folder of that \`node_modules\` once (what a walk that enters it pays before
matching a single path) takes ${ms(median(result.readFolderMs))} here.
`;
}
