// The public API of acr-tasks: only the hand-written layer, which re-exports the generated models.
export { ContainerRegistryTasksClient, restorePoller } from "./custom/client.js";
export type { RestorePollerOptions } from "./custom/client.js";
export { createOperationContext, DEFAULT_ENDPOINT } from "./custom/clientPipeline.js";
export type { ContainerRegistryTasksClientOptions, AdditionalPolicy } from "./custom/clientPipeline.js";
export type { TasksApiVersion } from "./custom/versions.js";
export { RunsClient, RegistriesClient } from "./custom/lifecycleGroups.js";
export type { BlobClientOptions } from "./custom/lifecycleGroups.js";
export { ValidationError, createArmError } from "./custom/errors.js";
export type { ArmRestError, ArmErrorDetail } from "./custom/errors.js";
export { RestError, isRestError } from "@azure/core-rest-pipeline";
export { isRunMayExistError } from "./custom/scheduleRunOutcome.js";
export type { RunMayExistError } from "./custom/scheduleRunOutcome.js";
export {
  createEncodedTaskRunRequest,
  createEncodedTaskStep,
  createEncodedTaskStepUpdate,
  decodeEncodedTask,
} from "./custom/encodedTasks.js";
export type {
  EncodedTaskRunRequestOptions,
  EncodedTaskStepOptions,
  EncodedTaskStepUpdateOptions,
  DecodedTask,
  TaskValues,
} from "./custom/encodedTasks.js";
export {
  RunFailedError,
  RunLogIdleTimeoutError,
  RunWaitTimeoutError,
  WaitForAllTimeoutError,
} from "./custom/lifecycle/errors.js";
export type { RunLogTail } from "./custom/lifecycle/errors.js";
export { checkRunState, isRunFinished } from "./custom/lifecycle/runState.js";
export type { RunStateCheck } from "./custom/lifecycle/runState.js";
export type { WaiterState } from "./custom/lifecycle/waiter.js";
export type { WaitForCompletionOptions } from "./custom/lifecycle/waitForCompletion.js";
export type { WaitForAllOptions } from "./custom/lifecycle/waitForAll.js";
export type { RunLogStream, StreamLogsOptions } from "./custom/lifecycle/streamLogs.js";
export type { QuickBuildOptions } from "./custom/lifecycle/quickBuild.js";
export type { UploadBuildContextOptions, UploadedBuildContext } from "./custom/lifecycle/uploadBuildContext.js";
export { listBuildContext } from "./custom/lifecycle/sourceContext.js";
export type { BuildContextEntry, BuildContextListing } from "./custom/lifecycle/contextListing.js";
export type { BuildContextOptions } from "./custom/lifecycle/contextPlan.js";
export type { QuickRunOptions } from "./custom/lifecycle/quickRun.js";
export type {
  PackingProgress,
  QueueingProgress,
  RunSubmissionProgress,
  UploadingProgress,
} from "./custom/lifecycle/submissionProgress.js";
export * from "./custom/groups.js";
export * from "./custom/models.js";
// The type names of @azure/arm-containerregistry 11.x, deprecated (docs/migrating-from-arm-containerregistry.md).
export * from "./custom/migration/optionalParams.js";
export * from "./custom/migration/responses.js";
