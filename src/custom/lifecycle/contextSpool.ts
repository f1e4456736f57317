// A packed build context written to a temporary file before it is uploaded: Azure Storage needs a
// Content-Length on Put Blob (it refuses chunked uploads), and the size of a .tar.gz is only known once it
// is written (az acr build does the same). Part of the packing entry (acr-tasks/internal/packing).
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { ValidationError } from "../errors.js";
import { linkedAbortController } from "./abort.js";
import { packSourceContext, type PackOptions } from "./contextArchive.js";

/** The most one Put Blob accepts (storage versions 2019-12-12 and later). */
export const MAX_SINGLE_UPLOAD_BYTES = 5000 * 1024 * 1024;

/** A packed context waiting on disk; `dispose` deletes it. */
export interface SpooledArchive {
  file: string;
  sizeBytes: number;
  dispose(): Promise<void>;
}

export async function spoolToTempFile(
  archive: Readable,
  abortSignal: AbortSignalLike | undefined,
): Promise<SpooledArchive> {
  const dir = await mkdtemp(path.join(tmpdir(), "acr-tasks-context-"));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, "context.tar.gz");
  const { controller, dispose: unlink } = linkedAbortController(abortSignal);
  try {
    await pipeline(archive, createWriteStream(file), { signal: controller.signal });
    const sizeBytes = (await stat(file)).size;
    if (sizeBytes > MAX_SINGLE_UPLOAD_BYTES) {
      throw new ValidationError(
        "sourceDir",
        `packs to ${sizeBytes} bytes, more than one upload takes (${MAX_SINGLE_UPLOAD_BYTES} bytes)`,
      );
    }
    return { file, sizeBytes, dispose };
  } catch (error) {
    archive.destroy();
    await dispose();
    if (abortSignal?.aborted) throw new AbortError("The operation was aborted.");
    throw error;
  } finally {
    unlink();
  }
}

/** Packs `sourceDir` into a temporary file; the Dockerfile as the run request names it, if one was packed. */
export async function packToTempFile(
  sourceDir: string,
  options: PackOptions,
): Promise<{ archive: SpooledArchive; dockerFilePath: string | undefined }> {
  const { archive, dockerFilePath } = await packSourceContext(sourceDir, options);
  return { archive: await spoolToTempFile(archive, options.abortSignal), dockerFilePath };
}
