// The run-lifecycle helpers: free functions that the client attaches to its Runs and Registries groups.
export {
  BlobRequestError,
  BLOB_SERVICE_VERSION,
  createBlobTransport,
  redactBlobUrl,
  type BlobGetOptions,
  type BlobPutOptions,
  type BlobReadResponse,
  type BlobRequestOptions,
  type BlobResponse,
  type BlobTransport,
  type BlobTransportOptions,
} from "./blobTransport.js";
export { packSourceContext, type PackedSourceContext } from "./contextArchive.js";
export { listBuildContext, type BuildContextEntry, type BuildContextListing } from "./contextListing.js";
export { type BuildContextOptions } from "./contextPlan.js";
export { parseDockerIgnore, type DockerIgnoreRules } from "./dockerignore.js";
export {
  RunFailedError,
  RunLogIdleTimeoutError,
  RunWaitTimeoutError,
  WaitForAllTimeoutError,
  type RunLogTail,
} from "./errors.js";
export { LOG_TAIL_BYTES, LOG_TAIL_LINES, LogUnreadableError, readLogTail } from "./logTail.js";
export { runIdFilters, MAX_ENCODED_FILTER_LENGTH } from "./runIdFilter.js";
export { DEFAULT_SAFETY_NET_INTERVAL_MS, SafetyNet } from "./safetyNet.js";
export { quickBuild, type QuickBuildOptions } from "./quickBuild.js";
export { quickRun, singleCommandTaskYaml, valuesFileYaml, type QuickRunOptions } from "./quickRun.js";
export { checkRunState, isRunFinished, type RunStateCheck } from "./runState.js";
export { streamLogs, type RunLogStream, type StreamLogsOptions } from "./streamLogs.js";
export { waitForAll, type WaitForAllOptions } from "./waitForAll.js";
export { waitForCompletion, type WaitForCompletionOptions } from "./waitForCompletion.js";
export {
  backoffDelayMs,
  waitUntil,
  type WaiterAttempt,
  type WaiterState,
  type WaitResult,
  type WaitUntilOptions,
} from "./waiter.js";
