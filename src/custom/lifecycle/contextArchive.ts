// Packs a local folder into the .tar.gz build context ACR expects, as `az acr build` sends it: VCS
// folders and their ignore files left out, .dockerignore honoured with Docker's own semantics, nothing
// from outside the folder but a Dockerfile named there (packed as az packs it: see contextDockerfile.ts).
// Unlike az, entries are sorted and carry a fixed mtime, so the same files give the same archive bytes.
// The file list is collected first (paths only, so a bad folder fails before anything is sent);
// contents are then read file by file as the consumer pulls, so a large context never sits in memory.
import type { Dirent } from "node:fs";
import { readdirSync } from "node:fs";
import { readlink, realpath } from "node:fs/promises";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import path from "node:path";
import { pipeline, Transform, type Readable } from "node:stream";
import { createGzip, type ZlibOptions } from "node:zlib";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { logger } from "../logger.js";
import { throwIfAborted } from "./abort.js";
import {
  checkShadowedNames,
  filesToPack,
  isInside,
  locateDockerfile,
  resolveSourceDir,
  type OutsideFile,
} from "./contextDockerfile.js";
import { createTarStream } from "./tarStream.js";
import { ignoreFileCandidates, loadDockerIgnore, type DockerIgnoreRules } from "./dockerignore.js";

/**
 * Version-control metadata, left out at every depth as `az acr build` leaves it out (az checks the top
 * level only; below it, a `.git` is a submodule's pointer or a nested clone's history, no more build
 * input than the top one). A .dockerignore can exclude more, but cannot bring these back.
 */
const VCS_ENTRIES = new Set([".git", ".gitignore", ".hg", ".hgignore", ".svn", ".bzr", ".bzrignore"]);
/** Every entry gets this mtime, so packing the same files twice gives the same archive bytes. */
const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));
/**
 * The walk reads folders synchronously (a thread-pool round trip per folder tripled its time) and yields
 * to the event loop after this long.
 */
const WALK_SLICE_MS = 10;
/** Bounds node-tar's read buffer for a streamed file (its default is 16 MiB). */
const MAX_READ_SIZE = 64 * 1024;
/** zlib's default, as node-tar's gzip option writes (az's tarfile writes 9: 1.6 % smaller for twice the time). */
const GZIP_LEVEL = 6;
const GZIP_INPUT_BUFFER = 1024 * 1024;

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
export async function packSourceContext(
  sourceDir: string,
  options: PackSourceContextOptions = {},
): Promise<PackedSourceContext> {
  const signal = options.abortSignal;
  const root = await resolveSourceDir(sourceDir);
  const wanted = options.dockerFilePath ?? ((options.requireDockerfile ?? true) ? "Dockerfile" : undefined);
  const dockerfile = wanted === undefined ? undefined : await locateDockerfile(sourceDir, root, wanted);
  const { rules, source } = await loadDockerIgnore(ignoreFileCandidates(root, dockerfile?.absolute));
  const { alwaysIncluded, outside } = filesToPack(root, dockerfile, source);
  const { entries, shadowed } = await collectContextEntries(
    root,
    rules,
    alwaysIncluded,
    new Set(outside.map((file) => file.path)),
    signal,
  );
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

  let sliceStart = performance.now();
  async function walk(dir: string, pending: PendingDir[], inVcs: boolean): Promise<void> {
    if (performance.now() - sliceStart > WALK_SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
    throwIfAborted(signal);
    const children = readdirSync(dir === "" ? root : path.join(root, dir), { withFileTypes: true });
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

async function streamArchive(
  root: string,
  entries: readonly string[],
  outside: readonly OutsideFile[],
  signal: AbortSignalLike | undefined,
): Promise<Readable> {
  const tar = await createTarStream(entries, outside, { cwd: root, mtime: FIXED_MTIME, maxReadSize: MAX_READ_SIZE });
  // zlib's stream deflates on the thread pool, while the tar is read on the main thread.
  // Its input buffer outlasts a synchronous slice of the tar (zlib's own type omits the stream options it takes).
  const gzip = createGzip({ level: GZIP_LEVEL, writableHighWaterMark: GZIP_INPUT_BUFFER } as ZlibOptions);
  let header = true;
  const output = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      // The gzip header's OS byte, "unknown" as node-tar's portable mode writes it, so that the archive
      // is the same bytes on every platform.
      if (header) chunk[9] = 255;
      header = false;
      callback(null, chunk);
    },
  });
  const onAbort = (): void => {
    output.destroy(new AbortError("The operation was aborted."));
  };
  signal?.addEventListener("abort", onAbort);
  // A failure anywhere (an unreadable file, the consumer stopping early) destroys all three: no file is read after.
  pipeline(tar, gzip, output, () => signal?.removeEventListener("abort", onAbort));
  return output;
}
