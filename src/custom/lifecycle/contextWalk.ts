// Which of a folder's entries a build context holds, as BuildKit walks it: every path matched against
// the ignore rules (relative to the root, `/`-separated), a folder written when it is included or when
// something below it is, and an excluded folder entered only when an exception could include something
// below it (or it leads to the Dockerfile or the ignore file, which are always sent). An excluded
// node_modules is never read, whatever other `!` lines the file has.
import type { Dirent } from "node:fs";
import { readdirSync } from "node:fs";
import { readlink, realpath } from "node:fs/promises";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import path from "node:path";
import type { AbortSignalLike } from "@azure/abort-controller";
import { logger } from "../logger.js";
import { throwIfAborted } from "./abort.js";
import { isInside } from "./contextDockerfile.js";
import type { DockerIgnoreRules, PathMatch } from "./dockerignore.js";

/**
 * The walk reads folders synchronously (a thread-pool round trip per folder tripled its time) and yields
 * to the event loop after this long.
 */
const WALK_SLICE_MS = 10;

/** An entry of the context, as the archive will hold it. */
export interface WalkedEntry {
  /** Posix separators, relative to the root, no trailing slash. */
  readonly path: string;
  readonly type: "file" | "directory" | "symlink";
}

/** An excluded folder on the way down, written out only if something below it is included. */
interface PendingDir {
  entry: WalkedEntry;
  written: boolean;
}

/**
 * The context's entries in archive order (depth first, names sorted by code unit). Names in `reserved`
 * (the copies packed from outside) are not taken from the folder's top level: those it would have
 * included come back in `shadowed`.
 */
export async function walkContext(
  root: string,
  rules: DockerIgnoreRules,
  alwaysIncluded: ReadonlySet<string>,
  reserved: ReadonlySet<string>,
  signal: AbortSignalLike | undefined,
): Promise<{ entries: WalkedEntry[]; shadowed: string[] }> {
  const entries: WalkedEntry[] = [];
  const shadowed: string[] = [];
  // Excluded folders must still be entered when they lead to an always-included file.
  const foldersToEnter = new Set([...alwaysIncluded].flatMap(ancestorsOf));
  const include = (entry: WalkedEntry, pending: PendingDir[]): void => {
    for (const dir of pending) {
      if (!dir.written) entries.push(dir.entry);
      dir.written = true;
    }
    entries.push(entry);
  };

  let sliceStart = performance.now();
  async function walk(dir: PathMatch, pending: PendingDir[]): Promise<void> {
    if (performance.now() - sliceStart > WALK_SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
    throwIfAborted(signal);
    const children = readdirSync(dir.path === "" ? root : path.join(root, dir.path), { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const match = rules.match(dir, dir.path === "" ? child.name : `${dir.path}/${child.name}`);
      const excluded = match.excluded && !alwaysIncluded.has(match.path);
      if (dir.path === "" && reserved.has(child.name)) {
        if (!excluded) shadowed.push(match.path);
      } else if (child.isDirectory()) {
        const entry: WalkedEntry = { path: match.path, type: "directory" };
        if (!excluded) {
          include(entry, pending);
          await walk(match, []);
        } else if (foldersToEnter.has(match.path) || rules.mayIncludeBelow(match)) {
          await walk(match, [...pending, { entry, written: false }]);
        }
      } else if (!excluded && (await isPackable(root, match.path, child))) {
        include({ path: match.path, type: child.isFile() ? "file" : "symlink" }, pending);
      }
    }
  }

  await walk(rules.root(), []);
  return { entries, shadowed };
}

/** Regular files, and symlinks that stay inside the folder. Sockets, FIFOs and devices are left out. */
async function isPackable(root: string, entry: string, child: Dirent): Promise<boolean> {
  if (child.isFile()) return true;
  if (!child.isSymbolicLink()) {
    logger.warning(`Build context: leaving out ${entry}, which is neither a file, a folder nor a symlink.`);
    return false;
  }
  const absolute = path.join(root, ...entry.split("/"));
  const lexical = path.resolve(path.dirname(absolute), await readlink(absolute));
  let resolved = lexical;
  try {
    resolved = await realpath(absolute);
  } catch {
    // A dangling link: judge it by where it points.
  }
  if (isInside(root, lexical) && isInside(root, resolved)) return true;
  logger.warning(`Build context: leaving out the symlink ${entry}, which points outside the folder.`);
  return false;
}

function ancestorsOf(entry: string): string[] {
  const parts = entry.split("/");
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join("/"));
}
