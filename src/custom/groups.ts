// The operation group classes and their options types. The runtime contract (OperationContext and the
// spec types it takes) is public too, so a test can construct a group over a fake context.
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
  ArraySchema,
  AnySchema,
  BooleanSchema,
  ConstantSchema,
  DateTimeSchema,
  DictionarySchema,
  NumberSchema,
  ObjectSchema,
  OperationContext,
  OperationSpec,
  ParameterSpec,
  PropertySchema,
  ResponseSpec,
  Schema,
  SchemaRef,
  StringSchema,
  ContinuablePage,
  FullOperationResponse,
  LroOperationOptions,
  OperationOptions,
  OperationPoller,
  PagedResult,
  SimplePollerLike,
  VersionedOperation,
} from "../generated/runtime.js";
