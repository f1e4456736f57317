// Packs a local folder into the .tar.gz build context ACR expects, as `docker build` / `az acr build`
// would send it: .dockerignore honoured, VCS folders left out, nothing from outside the folder.
// The file list is collected first (paths only, so a bad folder fails before anything is sent);
// contents are then read file by file as the consumer pulls, so a large context never sits in memory.
import type { Dirent } from "node:fs";
import { lstat, readdir, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { ValidationError } from "../errors.js";
import { logger } from "../logger.js";
import { throwIfAborted } from "./abort.js";
import { loadDockerIgnore, type DockerIgnoreRules } from "./dockerignore.js";
import { requireString } from "./validateInputs.js";

/** Version-control folders: history, not build input (and often the largest part of a checkout). */
const VCS_ENTRIES = new Set([".git", ".hg", ".svn", ".bzr"]);
/** Every entry gets this mtime, so packing the same files twice gives the same archive bytes. */
const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));
/** Bounds node-tar's read buffer per file (its default is 16 MiB: one per parallel file) and how many files it opens ahead. */
const MAX_READ_SIZE = 64 * 1024;
const PARALLEL_FILES = 2;

export interface PackSourceContextOptions {
  /** The Dockerfile, relative to `sourceDir` (or an absolute path inside it). Default "Dockerfile". */
  dockerFilePath?: string;
  /** Fail when the Dockerfile does not exist (default). Task runs (quickRun) pack folders that need none. */
  requireDockerfile?: boolean;
  /** Stops collecting or destroys the stream with an AbortError. */
  abortSignal?: AbortSignalLike;
}

/**
 * A .tar.gz stream of `sourceDir`. Rejects before streaming when the folder or the Dockerfile is
 * missing. Entries are in a stable order (depth-first, names sorted by code unit) with a fixed mtime.
 * Symlinks are stored as links, never followed; those pointing outside the folder are left out.
 * The Dockerfile and the ignore file in use are included even when the ignore rules exclude them.
 */
export async function packSourceContext(sourceDir: string, options: PackSourceContextOptions = {}): Promise<Readable> {
  const signal = options.abortSignal;
  const root = await resolveSourceDir(sourceDir);
  const requireDockerfile = options.requireDockerfile ?? true;
  const dockerFile =
    options.dockerFilePath !== undefined || requireDockerfile ? contextRelativePath(root, options.dockerFilePath ?? "Dockerfile") : undefined;
  if (dockerFile !== undefined && requireDockerfile) await checkDockerfile(root, dockerFile, sourceDir);
  const rules = await loadDockerIgnore(root, dockerFile);
  const alwaysIncluded = new Set([dockerFile, rules.file].filter((file): file is string => file !== undefined));
  const entries = await collectContextEntries(root, rules, alwaysIncluded, signal);
  throwIfAborted(signal);
  return await streamArchive(root, entries, signal);
}

/** The Dockerfile's path as a run request names it: relative to the context root, with posix separators. */
export async function dockerFilePathInContext(sourceDir: string, dockerFilePath = "Dockerfile"): Promise<string> {
  return contextRelativePath(await resolveSourceDir(sourceDir), dockerFilePath);
}

async function resolveSourceDir(sourceDir: string): Promise<string> {
  requireString("sourceDir", sourceDir);
  let root: string;
  try {
    root = await realpath(path.resolve(sourceDir));
  } catch {
    throw new ValidationError("sourceDir", `must be an existing folder: ${sourceDir} was not found`);
  }
  if (!(await stat(root)).isDirectory()) throw new ValidationError("sourceDir", `must be a folder: ${sourceDir} is not one`);
  return root;
}

/** `file` as a posix path relative to the context root; it must stay inside. */
function contextRelativePath(root: string, file: string): string {
  requireString("dockerFilePath", file);
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new ValidationError("dockerFilePath", `must name a file inside sourceDir: ${file} is outside ${root}`);
  }
  return relative.split(path.sep).join("/");
}

async function checkDockerfile(root: string, dockerFile: string, sourceDir: string): Promise<void> {
  const absolute = path.join(root, ...dockerFile.split("/"));
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw new ValidationError("dockerFilePath", `must name an existing file: no Dockerfile "${dockerFile}" in ${sourceDir}`);
  }
  if (!isInside(root, real)) {
    throw new ValidationError("dockerFilePath", `must not lead outside sourceDir: "${dockerFile}" is a symlink to ${real}`);
  }
  if (!(await stat(real)).isFile()) throw new ValidationError("dockerFilePath", `must name a file: "${dockerFile}" in ${sourceDir} is not a file`);
}

/** An excluded folder on the way down, written out only if something below it is included. */
interface PendingDir {
  path: string;
  written: boolean;
}

/** The context's entries in archive order, as posix paths relative to the root. */
async function collectContextEntries(
  root: string,
  rules: DockerIgnoreRules,
  alwaysIncluded: ReadonlySet<string>,
  signal: AbortSignalLike | undefined,
): Promise<string[]> {
  const entries: string[] = [];
  // Excluded folders must still be walked when they hold an always-included file.
  const foldersToWalk = new Set([...alwaysIncluded].flatMap(ancestorsOf));
  const include = (entry: string, pending: PendingDir[]): void => {
    for (const dir of pending) {
      if (!dir.written) entries.push(dir.path);
      dir.written = true;
    }
    entries.push(entry);
  };

  async function walk(dir: string, pending: PendingDir[]): Promise<void> {
    throwIfAborted(signal);
    const children = await readdir(dir === "" ? root : path.join(root, dir), { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const entry = dir === "" ? child.name : `${dir}/${child.name}`;
      if (VCS_ENTRIES.has(child.name)) continue;
      const excluded = !alwaysIncluded.has(entry) && rules.ignores(entry);
      if (child.isDirectory()) {
        if (!excluded) {
          include(entry, pending);
          await walk(entry, []);
        } else if (rules.hasExceptions || foldersToWalk.has(entry)) {
          // A `!` rule may re-include something below (Docker and BuildKit walk into it too).
          await walk(entry, [...pending, { path: entry, written: false }]);
        }
      } else if (!excluded && (await isPackable(root, entry, child))) {
        include(entry, pending);
      }
    }
  }

  await walk("", []);
  return entries;
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

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function ancestorsOf(entry: string): string[] {
  const parts = entry.split("/");
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join("/"));
}

async function streamArchive(root: string, entries: readonly string[], signal: AbortSignalLike | undefined): Promise<Readable> {
  // Loaded on first use: node-tar is most of what the helpers weigh, and most apps never pack a folder.
  const { Pack } = await import("tar");
  const pack = new Pack({
    cwd: root,
    gzip: true,
    portable: true,
    noDirRecurse: true, // the list above is complete: node-tar must not add what the rules excluded
    follow: false, // a symlink becomes a link entry; its target is never read
    strict: true, // an unreadable file fails the archive instead of silently going missing
    mtime: FIXED_MTIME,
    maxReadSize: MAX_READ_SIZE,
    jobs: PARALLEL_FILES,
  });
  const output = new PassThrough();
  const onAbort = (): void => {
    output.destroy(new AbortError("The operation was aborted."));
  };
  signal?.addEventListener("abort", onAbort);
  output.once("close", () => {
    signal?.removeEventListener("abort", onAbort);
    // The consumer stopped early (abort, failed upload): stop reading files.
    if (!output.readableEnded) pack.destroy();
  });
  pack.on("error", (error: unknown) => output.destroy(error as Error));
  pack.pipe(output);
  for (const entry of entries) pack.add(entry);
  pack.end();
  return output;
}
