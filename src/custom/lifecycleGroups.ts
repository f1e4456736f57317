// The Runs and Registries groups with the run-lifecycle helpers on top of the generated operations.
import type { PipelineOptions, HttpClient } from "@azure/core-rest-pipeline";
import { RegistriesOperations } from "../generated/groups/registries.js";
import { RunsOperations } from "../generated/groups/runs.js";
import type { OperationContext } from "../generated/runtime.js";

/** What the blob side of the helpers needs from the client's options (TLS, proxy, retries), never its credential. */
export type BlobClientOptions = PipelineOptions & { httpClient?: HttpClient };

/** The Runs operations, plus waiting for a run and streaming its log. */
export class RunsClient extends RunsOperations {
  constructor(context: OperationContext, protected readonly blobOptions: BlobClientOptions = {}) {
    super(context);
  }
}

/** The Registries operations of both feeds, plus building and running from a local folder. */
export class RegistriesClient extends RegistriesOperations {
  constructor(context: OperationContext, protected readonly blobOptions: BlobClientOptions = {}) {
    super(context);
  }
}
