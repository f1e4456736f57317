// Packs a local folder into the .tar.gz build context ACR expects, as `az acr build` sends it: VCS
// folders and their ignore files left out, .dockerignore honoured with Docker's own semantics, nothing
// from outside the folder but a Dockerfile named there (packed as az packs it: see contextDockerfile.ts).
// Unlike az, entries are sorted and carry a fixed mtime, so the same files give the same archive bytes.
// The file list is collected first (paths only, so a bad folder fails before anything is sent);
// contents are then read file by file as the consumer pulls, so a large context never sits in memory.
import type { Dirent } from "node:fs";
import { readdir, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { logger } from "../logger.js";
import { throwIfAborted } from "./abort.js";
import { checkShadowedNames, filesToPack, isInside, locateDockerfile, resolveSourceDir, type OutsideFile } from "./contextDockerfile.js";
import { ignoreFileCandidates, loadDockerIgnore, type DockerIgnoreRules } from "./dockerignore.js";

/**
 * Version-control metadata, left out at every depth as `az acr build` leaves it out (az checks the top
 * level only; below it, a `.git` is a submodule's pointer or a nested clone's history, no more build
 * input than the top one). A .dockerignore can exclude more, but cannot bring these back.
 */
const VCS_ENTRIES = new Set([".git", ".gitignore", ".hg", ".hgignore", ".svn", ".bzr", ".bzrignore"]);
/** Every entry gets this mtime, so packing the same files twice gives the same archive bytes. */
const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));
/** Bounds node-tar's read buffer per file (its default is 16 MiB: one per parallel file) and how many files it opens ahead. */
const MAX_READ_SIZE = 64 * 1024;
const PARALLEL_FILES = 2;

export interface PackSourceContextOptions {
  /**
   * The Dockerfile, relative to `sourceDir` or absolute. Default "Dockerfile". One outside `sourceDir`
   * is packed at the archive's root under a generated name (as `az acr build -f ../Dockerfile .` does).
   */
  dockerFilePath?: string;
  /** Default true. Task runs (quickRun) pack folders that need none: false packs no Dockerfile unless dockerFilePath names one. */
  requireDockerfile?: boolean;
  /** Stops collecting or destroys the stream with an AbortError. */
  abortSignal?: AbortSignalLike;
}

export interface PackedSourceContext {
  /** The .tar.gz, read from disk as it is consumed. */
  archive: Readable;
  /** The Dockerfile as a run request names it (its path in the archive); undefined when none was packed. */
  dockerFilePath: string | undefined;
}

/**
 * Packs `sourceDir`. Rejects before streaming when the folder or the Dockerfile is missing. Entries are
 * in a stable order (depth-first, names sorted by code unit, then the files packed from outside) with a
 * fixed mtime. Symlinks are stored as links, never followed; those pointing outside the folder are left
 * out. The Dockerfile and the ignore file in use are included even when the ignore rules exclude them.
 */
export async function packSourceContext(sourceDir: string, options: PackSourceContextOptions = {}): Promise<PackedSourceContext> {
  const signal = options.abortSignal;
  const root = await resolveSourceDir(sourceDir);
  const wanted = options.dockerFilePath ?? ((options.requireDockerfile ?? true) ? "Dockerfile" : undefined);
  const dockerfile = wanted === undefined ? undefined : await locateDockerfile(sourceDir, root, wanted);
  const { rules, source } = await loadDockerIgnore(ignoreFileCandidates(root, dockerfile?.absolute));
  const { alwaysIncluded, outside } = filesToPack(root, dockerfile, source);
  const { entries, shadowed } = await collectContextEntries(root, rules, alwaysIncluded, new Set(outside.map((file) => file.path)), signal);
  await checkShadowedNames(root, shadowed, outside);
  throwIfAborted(signal);
  return { archive: await streamArchive(root, entries, outside, signal), dockerFilePath: dockerfile?.path };
}

/** An excluded folder on the way down, written out only if something below it is included. */
interface PendingDir {
  path: string;
  written: boolean;
}

/**
 * The context's entries in archive order, as posix paths relative to the root. Names in `reserved` (the
 * copies packed from outside) are not taken from the folder's top level: those it would have included
 * come back in `shadowed`.
 */
async function collectContextEntries(
  root: string,
  rules: DockerIgnoreRules,
  alwaysIncluded: ReadonlySet<string>,
  reserved: ReadonlySet<string>,
  signal: AbortSignalLike | undefined,
): Promise<{ entries: string[]; shadowed: string[] }> {
  const entries: string[] = [];
  const shadowed: string[] = [];
  // Excluded folders must still be walked when they hold an always-included file.
  const foldersToWalk = new Set([...alwaysIncluded].flatMap(ancestorsOf));
  const include = (entry: string, pending: PendingDir[]): void => {
    for (const dir of pending) {
      if (!dir.written) entries.push(dir.path);
      dir.written = true;
    }
    entries.push(entry);
  };

  async function walk(dir: string, pending: PendingDir[], inVcs: boolean): Promise<void> {
    throwIfAborted(signal);
    const children = await readdir(dir === "" ? root : path.join(root, dir), { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const entry = dir === "" ? child.name : `${dir}/${child.name}`;
      const vcs = inVcs || VCS_ENTRIES.has(child.name);
      const excluded = !alwaysIncluded.has(entry) && (vcs || rules.ignores(entry));
      if (dir === "" && reserved.has(child.name)) {
        if (!excluded) shadowed.push(entry);
      } else if (child.isDirectory()) {
        if (!excluded) {
          include(entry, pending);
          await walk(entry, [], vcs);
        } else if (foldersToWalk.has(entry) || (!vcs && rules.hasExceptions)) {
          // A `!` rule may re-include something below (Docker and BuildKit walk into it too).
          await walk(entry, [...pending, { path: entry, written: false }], vcs);
        }
      } else if (!excluded && (await isPackable(root, entry, child))) {
        include(entry, pending);
      }
    }
  }

  await walk("", [], false);
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

async function streamArchive(root: string, entries: readonly string[], outside: readonly OutsideFile[], signal: AbortSignalLike | undefined): Promise<Readable> {
  // Loaded on first use: node-tar is most of what the helpers weigh, and most apps never pack a folder.
  const { Header, Pack, ReadEntry } = await import("tar");
  const pack = new Pack({
    cwd: root,
    gzip: true,
    portable: true,
    noDirRecurse: true, // the list above is complete: node-tar must not add what the rules excluded
    follow: false, // a symlink becomes a link entry; its target is never read
    strict: true, // an unreadable file fails the archive instead of silently going missing
    mtime: FIXED_MTIME,
    maxReadSize: MAX_READ_SIZE,
    // An entry added from memory holds one of node-tar's job slots from the moment it is added: without a
    // slot each for them, the folder's files queued before them would never start.
    jobs: PARALLEL_FILES + outside.length,
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
  for (const file of outside) {
    // A file entry under its archive name, from bytes already read (Pack applies the same portable mode and mtime).
    const entry = new ReadEntry(new Header({ path: file.path, type: "File", mode: file.mode, size: file.content.length, mtime: FIXED_MTIME }));
    entry.end(file.content);
    pack.add(entry);
  }
  pack.end();
  return output;
}
