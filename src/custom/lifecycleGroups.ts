// The Runs and Registries groups with the run-lifecycle helpers on top of the generated operations.
// The blob side gets its own credential-free transport: the ARM token never reaches a blob host.
import type { HttpClient, PipelineOptions } from "@azure/core-rest-pipeline";
import { RegistriesOperations } from "../generated/groups/registries.js";
import { RunsOperations } from "../generated/groups/runs.js";
import type { OperationContext } from "../generated/runtime.js";
import type { Run } from "../generated/models.js";
import { type BlobTransport, createBlobTransport } from "./lifecycle/blobTransport.js";
import type { BuildContextListing } from "./lifecycle/contextListing.js";
import { quickBuild, type QuickBuildOptions } from "./lifecycle/quickBuild.js";
import { quickRun, type QuickRunOptions } from "./lifecycle/quickRun.js";
import {
  uploadBuildContext,
  type UploadBuildContextOptions,
  type UploadedBuildContext,
} from "./lifecycle/uploadBuildContext.js";
import { streamLogs, type RunLogStream, type StreamLogsOptions } from "./lifecycle/streamLogs.js";
import { waitForAll, type WaitForAllOptions } from "./lifecycle/waitForAll.js";
import { waitForCompletion, type WaitForCompletionOptions } from "./lifecycle/waitForCompletion.js";

/** What the blob side of the helpers takes from the client's options (TLS, proxy, retries), never its credential. */
export type BlobClientOptions = PipelineOptions & { httpClient?: HttpClient };

function lazyBlobTransport(options: BlobClientOptions): () => BlobTransport {
  let transport: BlobTransport | undefined;
  return () => (transport ??= createBlobTransport(options));
}

/** The Runs operations, plus waiting for a run and streaming its log. */
export class RunsClient extends RunsOperations {
  private readonly blob: () => BlobTransport;

  constructor(context: OperationContext, blobOptions: BlobClientOptions = {}) {
    super(context);
    this.blob = lazyBlobTransport(blobOptions);
  }

  /**
   * Waits until the run ends and resolves to the final Run, following its log blob so that the wait
   * costs a few ARM requests whatever its length. Throws a RunFailedError (with the log's last lines in
   * `logTail`) when it ends Failed, Error, Timeout or Canceled, unless `throwOnFailure: false`.
   */
  waitForCompletion(
    resourceGroupName: string,
    registryName: string,
    runId: string,
    options?: WaitForCompletionOptions,
  ): Promise<Run> {
    return waitForCompletion(this, this.blob(), resourceGroupName, registryName, runId, options);
  }

  /**
   * Waits until every run has ended and resolves to the final Runs in the order of `runIds`, one
   * Runs_List per round for all of them. Failed runs do not reject: their status is in the result.
   */
  waitForAll(
    resourceGroupName: string,
    registryName: string,
    runIds: readonly string[],
    options?: WaitForAllOptions,
  ): Promise<Run[]> {
    return waitForAll(this, this.blob(), resourceGroupName, registryName, runIds, options);
  }

  /** The run's log as complete lines, followed while the run runs (`follow: false` stops at the current end). */
  streamLogs(
    resourceGroupName: string,
    registryName: string,
    runId: string,
    options?: StreamLogsOptions,
  ): RunLogStream {
    return streamLogs(this, this.blob(), resourceGroupName, registryName, runId, options);
  }
}

/** The Registries operations of both feeds, plus building and running from a local folder. */
export class RegistriesClient extends RegistriesOperations {
  private readonly blob: () => BlobTransport;

  constructor(context: OperationContext, blobOptions: BlobClientOptions = {}) {
    super(context);
    this.blob = lazyBlobTransport(blobOptions);
  }

  /**
   * The dry run of quickBuild: checks the options and lists what would be sent (the entries, their sizes,
   * the ignore file in use), without packing, uploading or scheduling anything.
   */
  quickBuild(
    resourceGroupName: string,
    registryName: string,
    options: QuickBuildOptions & { dryRun: true },
  ): Promise<BuildContextListing>;
  /**
   * Like `az acr build --no-wait`: packs `sourceDir` as `docker build` would send it (honouring its
   * .dockerignore), uploads it, and queues a Docker build. Resolves to the queued Run.
   */
  quickBuild(
    resourceGroupName: string,
    registryName: string,
    options: QuickBuildOptions & { dryRun?: false },
  ): Promise<Run>;
  /** quickBuild when `dryRun` is only known at run time: the queued Run, or the listing of a dry run. */
  quickBuild(
    resourceGroupName: string,
    registryName: string,
    options: QuickBuildOptions,
  ): Promise<Run | BuildContextListing>;
  quickBuild(
    resourceGroupName: string,
    registryName: string,
    options: QuickBuildOptions,
  ): Promise<Run | BuildContextListing> {
    return quickBuild(this, this.blob(), resourceGroupName, registryName, options);
  }

  /**
   * Packs `sourceDir` as quickBuild packs it and uploads it, without queueing anything: the result names the
   * archive as a Docker task's `contextPath` (and its `dockerFilePath`), so that a task builds from a local folder.
   */
  uploadBuildContext(
    resourceGroupName: string,
    registryName: string,
    options: UploadBuildContextOptions,
  ): Promise<UploadedBuildContext> {
    return uploadBuildContext(this, this.blob(), resourceGroupName, registryName, options);
  }

  /** Like `az acr run --no-wait`: queues a task given as YAML or a single command, with an optional folder as context. */
  quickRun(resourceGroupName: string, registryName: string, options: QuickRunOptions): Promise<Run> {
    return quickRun(this, this.blob(), resourceGroupName, registryName, options);
  }
}
