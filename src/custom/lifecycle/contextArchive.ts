// Packs a local folder into the .tar.gz build context ACR expects, holding what `docker build` on the
// same folder would send (contextPlan.ts decides what: the .dockerignore read as Docker reads it, the
// context's own VCS metadata left out by default, as az leaves it out), nothing from outside the folder
// but a Dockerfile named there (packed as az packs it: see contextDockerfile.ts).
// Unlike az, entries are sorted and carry a fixed mtime, so the same files give the same archive bytes.
// The file list is collected first (paths only, so a bad folder fails before anything is sent);
// contents are then read file by file as the consumer pulls, so a large context never sits in memory.
import { pipeline, Transform, type Readable } from "node:stream";
import { createGzip, type ZlibOptions } from "node:zlib";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { OutsideFile } from "./contextDockerfile.js";
import { planContext, type BuildContextOptions } from "./contextPlan.js";
import type { PackingProgress } from "./submissionProgress.js";
import { createTarStream } from "./tarStream.js";

/** Every entry gets this mtime, so packing the same files twice gives the same archive bytes. */
const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));
/** Bounds node-tar's read buffer for a streamed file (its default is 16 MiB). */
const MAX_READ_SIZE = 64 * 1024;
/** zlib's default, as node-tar's gzip option writes (az's tarfile writes 9: 1.6 % smaller for twice the time). */
const GZIP_LEVEL = 6;
const GZIP_INPUT_BUFFER = 1024 * 1024;

export interface PackOptions extends BuildContextOptions {
  /** Told as files are written to the archive (not more often than the caller can use: see throttledProgress). */
  onProgress?: (progress: PackingProgress, final: boolean) => void;
}

export interface PackedSourceContext {
  /** The .tar.gz, read from disk as it is consumed. */
  archive: Readable;
  /** The Dockerfile as a run request names it (its path in the archive); undefined when none was packed. */
  dockerFilePath: string | undefined;
}

/**
 * Packs `sourceDir`. Rejects before streaming when the folder or the Dockerfile is missing or the ignore
 * file has a line Docker refuses. Entries are in a stable order (depth-first, names sorted by code unit,
 * then the files packed from outside) with a fixed mtime. Symlinks are stored as links, never followed;
 * those pointing outside the folder are left out. The Dockerfile and the ignore file in use are included
 * even when the ignore rules exclude them. `abortSignal` also destroys the stream with an AbortError.
 */
export async function packSourceContext(sourceDir: string, options: PackOptions = {}): Promise<PackedSourceContext> {
  const plan = await planContext(sourceDir, options);
  const entries = plan.entries.map((entry) => entry.path);
  const { onProgress } = options;
  const totalFiles = plan.entries.filter((entry) => entry.type === "file").length + plan.outside.length;
  onProgress?.({ phase: "packing", filesPacked: 0, totalFiles, bytesPacked: 0 }, totalFiles === 0);
  const onFile =
    onProgress &&
    ((filesPacked: number, bytesPacked: number) =>
      onProgress({ phase: "packing", filesPacked, totalFiles, bytesPacked }, filesPacked === totalFiles));
  return {
    archive: await streamArchive(plan.root, entries, plan.outside, options.abortSignal, onFile),
    dockerFilePath: plan.dockerfile?.path,
  };
}

async function streamArchive(
  root: string,
  entries: readonly string[],
  outside: readonly OutsideFile[],
  signal: AbortSignalLike | undefined,
  onFile: ((filesPacked: number, bytesPacked: number) => void) | undefined,
): Promise<Readable> {
  const tar = await createTarStream(entries, outside, {
    cwd: root,
    mtime: FIXED_MTIME,
    maxReadSize: MAX_READ_SIZE,
    onFile,
  });
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
