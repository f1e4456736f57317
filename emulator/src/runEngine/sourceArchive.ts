// Build contexts: the tar.gz a client uploads to the SAS URL of listBuildSourceUploadUrl, named in a
// run by its relativePath (or the full blob URL). Remote git or https contexts cannot be fetched
// offline, so they stand for a minimal context holding a Dockerfile, and the log says so.
import { createHash } from "node:crypto";
import { Parser, type ReadEntry } from "tar";
import type { Store } from "../state/store.js";

export interface SourceContext {
  /** Files by normalised relative path ("Dockerfile", "src/app.js"). */
  files: Map<string, Buffer>;
  /** sha256 over the files' paths and contents: image digests derive from it. */
  digest: string;
  /** A remote context the emulator cannot fetch, standing for one holding a minimal Dockerfile. */
  simulated?: boolean;
}

export class SourceError extends Error {}

/** The Dockerfile a remote context (git or https) stands for in the emulator, which cannot fetch it. */
export const REMOTE_DOCKERFILE = "FROM mcr.microsoft.com/hello-world\n";

export function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

/** Reads every regular file of a tar archive, gzipped or not. */
export async function readTarArchive(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== "File") {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on("data", (chunk: Buffer) => chunks.push(chunk));
        entry.on("end", () => files.set(normalisePath(entry.path), Buffer.concat(chunks)));
      },
    });
    parser.on("error", (error: Error) =>
      reject(new SourceError(`the source archive is not a valid tar(.gz): ${error.message}`)),
    );
    parser.on("end", () => resolve());
    parser.end(archive);
  });
  return files;
}

/** Reads the blob path out of a URL the emulator handed out (either shape), if it is one (BlobAddressing.pathOfUrl). */
export type BlobUrlReader = (url: URL) => string | undefined;

/** The blob path a sourceLocation designates, if it is one of ours (relative path or our blob URL). */
export function uploadedBlobPath(sourceLocation: string, blobPathOf: BlobUrlReader): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(sourceLocation)) return normalisePath(sourceLocation);
  return blobPathOf(new URL(sourceLocation));
}

export async function loadSourceContext(
  store: Store,
  sourceLocation: string | undefined,
  blobPathOf: BlobUrlReader,
): Promise<SourceContext> {
  if (!sourceLocation) return { files: new Map(), digest: sha256(Buffer.alloc(0)) };
  const blobPath = uploadedBlobPath(sourceLocation, blobPathOf);
  if (blobPath === undefined) {
    // A git repository or remote tarball: simulated, as nothing can be fetched offline.
    return {
      files: new Map([["Dockerfile", Buffer.from(REMOTE_DOCKERFILE)]]),
      digest: sha256(Buffer.from(sourceLocation)),
      simulated: true,
    };
  }
  const blob = store.blob(blobPath);
  if (!blob) {
    throw new SourceError(
      `failed to download the source context '${sourceLocation}': the blob does not exist. Upload the context to the URL returned by listBuildSourceUploadUrl first.`,
    );
  }
  const files = await readTarArchive(blob.content);
  return { files, digest: contentDigest(files) };
}

/** A digest of the files themselves: two archives of the same files (other mtimes, other gzip) agree. */
function contentDigest(files: Map<string, Buffer>): string {
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) hash.update(`${path}\0${sha256(files.get(path)!)}\n`);
  return `sha256:${hash.digest("hex")}`;
}

export function sha256(content: Buffer | string): string {
  return `sha256:${createHash("sha256").update(content).digest("hex")}`;
}
