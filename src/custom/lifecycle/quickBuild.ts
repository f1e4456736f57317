// `az acr build --no-logs --no-wait` as a function: pack a local folder, upload it, queue a Docker build.
// With `dryRun`, the same checks, then the list of what would be sent instead of sending it.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RegistriesOperations } from "../../generated/groups/registries.js";
import type {
  Argument,
  DockerBuildRequest,
  PlatformProperties,
  Run,
} from "../../generated/v2019_06_01_preview/models.js";
import { ValidationError } from "../errors.js";
import type { BlobTransport } from "./blobTransport.js";
import type { BuildContextListing } from "./contextListing.js";
import { listBuildContext, sendSourceContext } from "./sourceContext.js";
import type { RunSubmissionProgress } from "./submissionProgress.js";
import {
  namedValues,
  optionalAbortSignal,
  optionalBoolean,
  optionalFunction,
  optionalRunTimeout,
  optionalString,
  optionalStringArray,
  requirePlatform,
  requireRegistryAddress,
  requireString,
} from "./validateInputs.js";

export interface QuickBuildOptions {
  /** The local folder to send as the build context. */
  sourceDir: string;
  /** The images to tag, e.g. `["app:{{.Run.ID}}"]`. */
  imageNames?: string[];
  /**
   * The Dockerfile, relative to sourceDir or absolute. Default "Dockerfile" (or "dockerfile" when the
   * folder has only that one, as Docker falls back to it). One outside sourceDir
   * (`"../docker/Dockerfile"`) is packed as `az acr build -f` packs it: a copy at the archive's root,
   * named `<first 32 hex digits of its SHA-256>_<file name>`, which the build is pointed at.
   */
  dockerFilePath?: string;
  platform: PlatformProperties;
  /** `--build-arg`s: a record, or a list of { name, value, isSecret? }. */
  buildArguments?: Record<string, string> | Argument[];
  /** Push the built images. Default: true when imageNames are given (as `az acr build` does). */
  isPushEnabled?: boolean;
  noCache?: boolean;
  /** The build stage to stop at. */
  target?: string;
  /** The run's timeout in seconds (300 to 28800). */
  timeout?: number;
  agentPoolName?: string;
  /**
   * Checks the options and lists what would be sent (a BuildContextListing), without packing, uploading
   * or scheduling anything. Default false.
   */
  dryRun?: boolean;
  /**
   * Told what the build is doing, in order: packing (files and bytes so far), uploading (bytes sent of the
   * archive's size), then queueing. Called at most every 100 ms within a phase, and with each phase's last state.
   */
  onProgress?: (progress: RunSubmissionProgress) => void;
  /** Stops packing, the upload or the scheduling with an AbortError. */
  abortSignal?: AbortSignalLike;
}

type BuildRegistries = Pick<RegistriesOperations, "getBuildSourceUploadUrl" | "scheduleRun">;

/**
 * Packs `sourceDir`, uploads it, and schedules a Docker build of it. Resolves to the queued Run, or with
 * `dryRun: true` to the listing of what would be sent.
 */
export function quickBuild(
  registries: BuildRegistries,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  options: QuickBuildOptions & { dryRun: true },
): Promise<BuildContextListing>;
export function quickBuild(
  registries: BuildRegistries,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  options: QuickBuildOptions & { dryRun?: false },
): Promise<Run>;
export function quickBuild(
  registries: BuildRegistries,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  options: QuickBuildOptions,
): Promise<Run | BuildContextListing>;
export async function quickBuild(
  registries: BuildRegistries,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  options: QuickBuildOptions,
): Promise<Run | BuildContextListing> {
  requireRegistryAddress(resourceGroupName, registryName);
  if (typeof options !== "object" || options === null)
    throw new ValidationError("options", "is required: { sourceDir, platform, ... }");
  requireString("sourceDir", options.sourceDir);
  requirePlatform(options.platform);
  optionalStringArray("imageNames", options.imageNames);
  optionalString("dockerFilePath", options.dockerFilePath);
  optionalBoolean("isPushEnabled", options.isPushEnabled);
  optionalBoolean("noCache", options.noCache);
  optionalString("target", options.target);
  optionalRunTimeout(options.timeout);
  optionalString("agentPoolName", options.agentPoolName);
  optionalBoolean("dryRun", options.dryRun);
  optionalFunction("onProgress", options.onProgress);
  optionalAbortSignal(options.abortSignal);
  const buildArguments = namedValues("buildArguments", options.buildArguments);
  const imageNames = options.imageNames ?? [];
  const isPushEnabled = options.isPushEnabled ?? imageNames.length > 0;
  if (isPushEnabled && imageNames.length === 0) {
    throw new ValidationError("imageNames", "must name at least one image when isPushEnabled is true");
  }
  const { abortSignal } = options;
  if (options.dryRun)
    return await listBuildContext(options.sourceDir, { dockerFilePath: options.dockerFilePath, abortSignal });

  // Packing checks the folder and the Dockerfile, so those errors come before any request.
  const { sourceLocation, dockerFilePath } = await sendSourceContext(
    registries,
    blob,
    resourceGroupName,
    registryName,
    options.sourceDir,
    { dockerFilePath: options.dockerFilePath, abortSignal, onProgress: options.onProgress, neededFor: "quickBuild" },
  );

  const request: DockerBuildRequest = withoutUndefined({
    type: "DockerBuildRequest",
    sourceLocation,
    dockerFilePath: dockerFilePath!, // always set: a build packs its Dockerfile
    imageNames: imageNames.length ? imageNames : undefined,
    isPushEnabled,
    noCache: options.noCache,
    target: options.target,
    arguments: buildArguments.length ? buildArguments : undefined,
    timeout: options.timeout,
    platform: options.platform,
    agentPoolName: options.agentPoolName,
  });
  options.onProgress?.({ phase: "queueing" });
  return await registries.scheduleRun(resourceGroupName, registryName, request, { abortSignal });
}

/** Leaves unset options out of the request body instead of sending nulls. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
