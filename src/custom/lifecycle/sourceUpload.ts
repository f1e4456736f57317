// Uploads a packed build context to the blob ACR hands out for it. Azure Storage needs a Content-Length
// on Put Blob (it refuses chunked uploads), and the size of a .tar.gz is only known once it is written;
// so the archive is first streamed to a temporary file (as `az acr build` does), then streamed from
// there. Memory stays bounded either way, and a retried upload re-reads the very same bytes.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { RestError } from "@azure/core-rest-pipeline";
import type { RegistriesOperations } from "../../generated/groups/registries.js";
import { ValidationError } from "../errors.js";
import { linkedAbortController, throwIfAborted } from "./abort.js";
import type { BlobTransport } from "./blobTransport.js";

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

/** Asks ACR where to upload, uploads the archive there, and returns the `relativePath` to build from. */
export async function uploadSourceArchive(
  registries: Pick<RegistriesOperations, "getBuildSourceUploadUrl">,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  archive: SpooledArchive,
  abortSignal: AbortSignalLike | undefined,
): Promise<string> {
  throwIfAborted(abortSignal);
  const upload = await registries.getBuildSourceUploadUrl(resourceGroupName, registryName, { abortSignal });
  if (!upload.uploadUrl || !upload.relativePath) {
    // An unusable response: reported like the other malformed answers (RestError, code MalformedResponse).
    throw new RestError(
      `The service returned no upload location for registry ${registryName} (uploadUrl or relativePath missing).`,
      { code: "MalformedResponse" },
    );
  }
  await blob.put(upload.uploadUrl, () => createReadStream(archive.file), {
    contentLength: archive.sizeBytes,
    headers: { "x-ms-blob-type": "BlockBlob" },
    abortSignal,
  });
  return upload.relativePath;
}
