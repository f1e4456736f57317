// The operation group classes and their options types, for typing and for apps that use one group
// without the whole client (`new RunsOperations(context)` is not public: use the client).
export * from "../generated/groups/agentPools.js";
export * from "../generated/groups/connectedRegistries.js";
export * from "../generated/groups/exportPipelines.js";
export * from "../generated/groups/importPipelines.js";
export * from "../generated/groups/operations.js";
export * from "../generated/groups/pipelineRuns.js";
export * from "../generated/groups/privateEndpointConnections.js";
export * from "../generated/groups/registries.js";
export * from "../generated/groups/replications.js";
export * from "../generated/groups/runs.js";
export * from "../generated/groups/scopeMaps.js";
export * from "../generated/groups/taskRuns.js";
export * from "../generated/groups/tasks.js";
export * from "../generated/groups/tokens.js";
export * from "../generated/groups/webhooks.js";
export type {
  ContinuablePage,
  FullOperationResponse,
  LroOperationOptions,
  OperationOptions,
  OperationPoller,
  PagedResult,
  SimplePollerLike,
} from "../generated/runtime.js";
