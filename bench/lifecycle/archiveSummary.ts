// What a contender really uploaded: the build context blob, read back from the data dir of the emulator
// it ran against (the emulator writes every blob there), listed entry by entry.
import { Parser, type ReadEntry } from "tar";
import { Persistence } from "../../emulator/src/state/persistence.js";

export interface ArchiveSummary {
  archiveBytes: number;
  files: number;
  dirs: number;
  other: number;
  /** Bytes of the regular files. */
  fileBytes: number;
  /** Files the .dockerignore excludes (node_modules/, build/, *.log) that are in the archive anyway. */
  ignoredButSent: number;
  /** Paths of the regular files, normalised ("./a/b" and "a/b" are the same). */
  filePaths: Set<string>;
}

const normalise = (path: string) => path.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
const excluded = (path: string) => /^(node_modules|build)(\/|$)/.test(path) || path.endsWith(".log");

/** The single build context (`source/...`) the emulator at `dataDir` holds. */
export async function summarizeUploadedContext(dataDir: string): Promise<ArchiveSummary> {
  const stored = Persistence.load(dataDir);
  const contexts = [...(stored?.blobs ?? new Map<string, Buffer>())].filter(([path]) => path.startsWith("source/"));
  if (contexts.length !== 1)
    throw new Error(`expected one uploaded build context in ${dataDir}, found ${contexts.length}`);
  const archive = contexts[0]![1];
  const summary: ArchiveSummary = {
    archiveBytes: archive.length,
    files: 0,
    dirs: 0,
    other: 0,
    fileBytes: 0,
    ignoredButSent: 0,
    filePaths: new Set(),
  };
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const path = normalise(entry.path);
        if (entry.type === "File") {
          summary.files++;
          summary.fileBytes += entry.size;
          summary.filePaths.add(path);
          if (excluded(path)) summary.ignoredButSent++;
        } else if (entry.type === "Directory") summary.dirs++;
        else summary.other++;
        entry.resume();
      },
    });
    parser.on("error", reject);
    parser.on("end", () => resolve());
    parser.end(archive);
  });
  return summary;
}

/** Files one archive has and the other does not. */
export function fileDifference(a: ArchiveSummary, b: ArchiveSummary): { onlyInA: string[]; onlyInB: string[] } {
  return {
    onlyInA: [...a.filePaths].filter((path) => !b.filePaths.has(path)),
    onlyInB: [...b.filePaths].filter((path) => !a.filePaths.has(path)),
  };
}
