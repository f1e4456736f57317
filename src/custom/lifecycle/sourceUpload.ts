// Uploads a packed build context (spooled to a temporary file by contextSpool.ts: Azure Storage needs a
// Content-Length on Put Blob) to the blob ACR hands out for it, streamed from the file, so memory stays
// bounded and a retried upload re-reads the very same bytes.
import { createReadStream } from "node:fs";
import type { AbortSignalLike } from "@azure/abort-controller";
import { RestError } from "@azure/core-rest-pipeline";
import type { RegistriesOperations } from "../../generated/groups/registries.js";
import { throwIfAborted } from "./abort.js";
import type { BlobTransport } from "./blobTransport.js";
import type { SpooledArchive } from "./contextSpool.js";
import type { UploadingProgress } from "./submissionProgress.js";

/** Asks ACR where to upload, uploads the archive there, and returns the `relativePath` to build from. */
export async function uploadSourceArchive(
  registries: Pick<RegistriesOperations, "getBuildSourceUploadUrl">,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  archive: SpooledArchive,
  abortSignal: AbortSignalLike | undefined,
  onProgress?: (progress: UploadingProgress) => void,
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
  onProgress?.({ phase: "uploading", bytesSent: 0, totalBytes: archive.sizeBytes });
  await blob.put(upload.uploadUrl, () => createReadStream(archive.file), {
    contentLength: archive.sizeBytes,
    headers: { "x-ms-blob-type": "BlockBlob" },
    abortSignal,
    onUploadProgress:
      onProgress && ((bytesSent) => onProgress({ phase: "uploading", bytesSent, totalBytes: archive.sizeBytes })),
  });
  return upload.relativePath;
}
