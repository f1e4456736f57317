// The dry run of packing: what a build of a local folder would send, entry by entry, without packing,
// uploading or scheduling anything. It is the plan packing itself follows (contextPlan.ts), with each
// entry's size read from the disk.
import { lstatSync, readlinkSync } from "node:fs";
import path from "node:path";
import { planContext, type BuildContextOptions } from "./contextPlan.js";

/** What a build context holds: the entries of its archive, in archive order. */
export interface BuildContextListing {
  /** The folder the context is taken from, as its real path (symlinks resolved). */
  readonly sourceDir: string;
  /**
   * The Dockerfile as the build request names it: its path in the archive. Undefined when none is packed
   * (a task run's context without one).
   */
  readonly dockerFilePath: string | undefined;
  /**
   * The ignore file whose rules applied, as an absolute path: a `<Dockerfile>.dockerignore` beside the
   * Dockerfile, or the folder's `.dockerignore`. Undefined when there is neither (only the default rules,
   * which leave out the folder's own VCS metadata, applied).
   */
  readonly ignoreFile: string | undefined;
  /** Every entry, in the order the archive holds them. */
  readonly entries: readonly BuildContextEntry[];
  /** How many entries are files (hard links to a file packed earlier not counted). */
  readonly fileCount: number;
  /** The bytes of content the archive carries: the sum of the entries' `sizeBytes`, before compression. */
  readonly totalBytes: number;
}

/** One entry of a build context. */
export interface BuildContextEntry {
  /** Its path in the archive: `/`-separated, relative to the context's root, no trailing slash. */
  readonly path: string;
  /** A file, a folder, a symlink (stored as a link, never followed), or a hard link to a file packed before it. */
  readonly type: "file" | "directory" | "symlink" | "hardlink";
  /** The bytes of content it adds: a file's size; 0 for the other types. */
  readonly sizeBytes: number;
  /** Where a symlink points, as stored; for a hard link, the path of the entry it links to. */
  readonly linkTarget?: string;
  /**
   * For a file that is not in the folder (a Dockerfile outside it, or the ignore file beside that one,
   * packed under a generated name at the archive's root): the absolute path it is read from.
   */
  readonly copiedFrom?: string;
}

/**
 * Lists what a build of `sourceDir` would send (`registries.quickBuild`, or `quickRun` with
 * `requireDockerfile: false`), without packing or sending anything. Rejects as packing would: with a
 * ValidationError when the folder or the Dockerfile is missing or the ignore file has a line Docker refuses.
 */
export async function listBuildContext(
  sourceDir: string,
  options: BuildContextOptions = {},
): Promise<BuildContextListing> {
  const plan = await planContext(sourceDir, options);
  const entries: BuildContextEntry[] = [];
  // A file with more than one name goes in once; its other names become hard links to it, as node-tar writes them.
  const firstPathOf = new Map<string, string>();
  for (const entry of plan.entries) {
    const absolute = path.join(plan.root, ...entry.path.split("/"));
    if (entry.type === "directory") {
      entries.push({ path: entry.path, type: "directory", sizeBytes: 0 });
    } else if (entry.type === "symlink") {
      entries.push({ path: entry.path, type: "symlink", sizeBytes: 0, linkTarget: readlinkSync(absolute) });
    } else {
      const stat = lstatSync(absolute);
      const key = `${stat.dev}:${stat.ino}`;
      const first = stat.nlink > 1 ? firstPathOf.get(key) : undefined;
      if (first !== undefined) {
        entries.push({ path: entry.path, type: "hardlink", sizeBytes: 0, linkTarget: first });
        continue;
      }
      if (stat.nlink > 1) firstPathOf.set(key, entry.path);
      entries.push({ path: entry.path, type: "file", sizeBytes: stat.size });
    }
  }
  for (const file of plan.outside)
    entries.push({ path: file.path, type: "file", sizeBytes: file.content.length, copiedFrom: file.source });
  return {
    sourceDir: plan.root,
    dockerFilePath: plan.dockerfile?.path,
    ignoreFile: plan.ignoreFile?.file,
    entries,
    fileCount: entries.filter((entry) => entry.type === "file").length,
    totalBytes: entries.reduce((sum, entry) => sum + entry.sizeBytes, 0),
  };
}
