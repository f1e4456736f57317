// The folder a quickBuild or quickRun sends: packed by the packing entry (acr-tasks/internal/packing, loaded
// the first time a call needs it: see ownEntry.ts), uploaded to the blob ACR hands out, and the temporary
// archive removed whatever happens.
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import type { RegistriesOperations } from "../../generated/groups/registries.js";
import { ValidationError } from "../errors.js";
import { importOwnEntry } from "../ownEntry.js";
import type { BlobTransport } from "./blobTransport.js";
import type { BuildContextListing } from "./contextListing.js";
import type { BuildContextOptions } from "./contextPlan.js";
import { uploadSourceArchive } from "./sourceUpload.js";
import { throttledProgress, type RunSubmissionProgress } from "./submissionProgress.js";

type PackingEntry = typeof import("../../packing.js");

function loadPacking(neededFor: string): Promise<PackingEntry> {
  return importOwnEntry<PackingEntry>("internal/packing", neededFor);
}

/**
 * The packing entry is built apart, with its own copy of ValidationError (and, in an app that bundles this
 * one, its own @azure/abort-controller): its errors are given back as this entry's, so that `instanceof`
 * holds for callers.
 */
async function fromPackingEntry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof AbortError) throw error;
    const failure = error as { name?: unknown; parameter?: unknown; rule?: unknown; operationId?: unknown };
    if (
      failure?.name === "ValidationError" &&
      typeof failure.parameter === "string" &&
      typeof failure.rule === "string"
    )
      throw new ValidationError(
        failure.parameter,
        failure.rule,
        typeof failure.operationId === "string" ? failure.operationId : undefined,
      );
    if (failure?.name === "AbortError") throw new AbortError((error as Error).message);
    throw error;
  }
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
  const packing = await loadPacking("listBuildContext");
  return await fromPackingEntry(() => packing.listBuildContext(sourceDir, options));
}

export interface SendSourceContextOptions extends BuildContextOptions {
  abortSignal?: AbortSignalLike;
  onProgress?: (progress: RunSubmissionProgress) => void;
  /** The call that packs, for the error when the packing entry cannot be loaded. */
  neededFor: string;
}

/** Packs and uploads `sourceDir`: the `relativePath` to run from, and the Dockerfile as the archive holds it. */
export async function sendSourceContext(
  registries: Pick<RegistriesOperations, "getBuildSourceUploadUrl">,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  sourceDir: string,
  options: SendSourceContextOptions,
): Promise<{ sourceLocation: string; dockerFilePath: string | undefined }> {
  const { abortSignal, onProgress } = options;
  const packing = await loadPacking(options.neededFor);
  const { archive, dockerFilePath } = await fromPackingEntry(() =>
    packing.packToTempFile(sourceDir, {
      dockerFilePath: options.dockerFilePath,
      requireDockerfile: options.requireDockerfile,
      abortSignal,
      onProgress: throttledProgress(onProgress),
    }),
  );
  try {
    const uploading = throttledProgress(onProgress);
    const sourceLocation = await uploadSourceArchive(
      registries,
      blob,
      resourceGroupName,
      registryName,
      archive,
      abortSignal,
      uploading && ((progress) => uploading(progress, progress.bytesSent === progress.totalBytes)),
    );
    return { sourceLocation, dockerFilePath };
  } finally {
    await archive.dispose();
  }
}
