// What `az acr build` does before it queues anything, on its own: pack a local folder as `docker build`
// would send it and upload it to the blob ACR hands out. The result is what a Docker task's `contextPath`
// (or a build request's `sourceLocation`) names, so a task can build from a local folder.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RegistriesOperations } from "../../generated/groups/registries.js";
import { ValidationError } from "../errors.js";
import type { BlobTransport } from "./blobTransport.js";
import { sendSourceContext } from "./sourceContext.js";
import type { RunSubmissionProgress } from "./submissionProgress.js";
import {
  optionalAbortSignal,
  optionalBoolean,
  optionalFunction,
  optionalString,
  requireRegistryAddress,
  requireString,
} from "./validateInputs.js";

/** What `registries.uploadBuildContext` packs and how it reports. */
export interface UploadBuildContextOptions {
  /** The local folder to send as the build context. */
  sourceDir: string;
  /**
   * The Dockerfile, relative to sourceDir or absolute, packed as quickBuild packs it (default "Dockerfile",
   * or "dockerfile" when the folder has only that one). One outside sourceDir is packed at the archive's root
   * under a generated name: the result's `dockerFilePath` says which.
   */
  dockerFilePath?: string;
  /** Default true. false for a context that holds no Dockerfile (a task YAML's files, say). */
  requireDockerfile?: boolean;
  /** Told of packing (files and bytes so far) and uploading (bytes sent of the archive's size). */
  onProgress?: (progress: RunSubmissionProgress) => void;
  /** Stops packing or the upload with an AbortError. */
  abortSignal?: AbortSignalLike;
}

/** Where the uploaded build context is, for a Docker task or a build request to name. */
export interface UploadedBuildContext {
  /** The uploaded archive, as a Docker step's `contextPath` or a build request's `sourceLocation` names it. */
  sourceLocation: string;
  /** The Dockerfile as the archive holds it (the step's `dockerFilePath`); absent when none was packed. */
  dockerFilePath?: string;
}

export async function uploadBuildContext(
  registries: Pick<RegistriesOperations, "getBuildSourceUploadUrl">,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  options: UploadBuildContextOptions,
): Promise<UploadedBuildContext> {
  requireRegistryAddress(resourceGroupName, registryName);
  if (typeof options !== "object" || options === null)
    throw new ValidationError("options", "is required: { sourceDir, ... }");
  requireString("sourceDir", options.sourceDir);
  optionalString("dockerFilePath", options.dockerFilePath);
  optionalBoolean("requireDockerfile", options.requireDockerfile);
  optionalFunction("onProgress", options.onProgress);
  optionalAbortSignal(options.abortSignal);
  const { sourceLocation, dockerFilePath } = await sendSourceContext(
    registries,
    blob,
    resourceGroupName,
    registryName,
    options.sourceDir,
    {
      dockerFilePath: options.dockerFilePath,
      requireDockerfile: options.requireDockerfile,
      abortSignal: options.abortSignal,
      onProgress: options.onProgress,
      neededFor: "uploadBuildContext",
    },
  );
  return dockerFilePath === undefined ? { sourceLocation } : { sourceLocation, dockerFilePath };
}
