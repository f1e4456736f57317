// The response and union types of @azure/arm-containerregistry 11.x for Tasks, Runs, TaskRuns, AgentPools,
// scheduleRun and getBuildSourceUploadUrl under their old names, so that code written for 11.x compiles
// after its import changes to acr-tasks. Types only, each deprecated in favour of the acr-tasks model. The
// models themselves keep their names but are wire-shaped here, where 11.x flattened `properties` into them:
// docs/migrating-from-arm-containerregistry.md has the table of what moved.
import type {
  AgentPool,
  AgentPoolListResult,
  AgentPoolQueueStatus,
  Run,
  RunGetLogResult,
  RunListResult,
  RunRequest,
  SourceUploadDefinition,
  Task,
  TaskListResult,
  TaskRun,
  TaskRunListResult,
  TaskStepProperties,
  TaskStepUpdateParameters,
} from "../models.js";

/** @deprecated Use {@link TaskListResult}, `tasks.list` yields the items of each TaskListResult, page after page. */
export type TasksListResponse = TaskListResult;

/** @deprecated Use {@link Task}, what `tasks.get` resolves to, wire-shaped: most members are under `properties`. */
export type TasksGetResponse = Task;

/** @deprecated Use {@link Task}, what `tasks.create` resolves to, wire-shaped: most members are under `properties`. */
export type TasksCreateResponse = Task;

/** @deprecated Use {@link Task}, what `tasks.update` resolves to, wire-shaped: most members are under `properties`. */
export type TasksUpdateResponse = Task;

/** @deprecated Use {@link Task}, what `tasks.getDetails` resolves to, wire-shaped: most members are under `properties`. */
export type TasksGetDetailsResponse = Task;

/** @deprecated Use {@link TaskListResult}, acr-tasks has no `listNext`: `tasks.list(...).byPage()` yields the pages. */
export type TasksListNextResponse = TaskListResult;

/** @deprecated Use {@link RunListResult}, `runs.list` yields the items of each RunListResult, page after page. */
export type RunsListResponse = RunListResult;

/** @deprecated Use {@link Run}, what `runs.get` resolves to, wire-shaped: most members are under `properties`. */
export type RunsGetResponse = Run;

/** @deprecated Use {@link Run}, what `runs.update` resolves to, wire-shaped: most members are under `properties`. */
export type RunsUpdateResponse = Run;

/** @deprecated Use {@link RunGetLogResult}, what `runs.getLogSasUrl` resolves to. */
export type RunsGetLogSasUrlResponse = RunGetLogResult;

/** @deprecated Use {@link RunListResult}, acr-tasks has no `listNext`: `runs.list(...).byPage()` yields the pages. */
export type RunsListNextResponse = RunListResult;

/** @deprecated Use {@link TaskRun}, what `taskRuns.get` resolves to, wire-shaped: most members are under `properties`. */
export type TaskRunsGetResponse = TaskRun;

/** @deprecated Use {@link TaskRun}, what `taskRuns.create` resolves to, wire-shaped: most members are under `properties`. */
export type TaskRunsCreateResponse = TaskRun;

/** @deprecated Use {@link TaskRun}, what `taskRuns.update` resolves to, wire-shaped: most members are under `properties`. */
export type TaskRunsUpdateResponse = TaskRun;

/** @deprecated Use {@link TaskRun}, what `taskRuns.getDetails` resolves to, wire-shaped: most members are under `properties`. */
export type TaskRunsGetDetailsResponse = TaskRun;

/** @deprecated Use {@link TaskRunListResult}, `taskRuns.list` yields the items of each TaskRunListResult, page after page. */
export type TaskRunsListResponse = TaskRunListResult;

/** @deprecated Use {@link TaskRunListResult}, acr-tasks has no `listNext`: `taskRuns.list(...).byPage()` yields the pages. */
export type TaskRunsListNextResponse = TaskRunListResult;

/** @deprecated Use {@link AgentPool}, what `agentPools.get` resolves to, wire-shaped: most members are under `properties`. */
export type AgentPoolsGetResponse = AgentPool;

/** @deprecated Use {@link AgentPool}, what `agentPools.create` resolves to, wire-shaped: most members are under `properties`. */
export type AgentPoolsCreateResponse = AgentPool;

/** @deprecated Use {@link AgentPool}, what `agentPools.update` resolves to, wire-shaped: most members are under `properties`. */
export type AgentPoolsUpdateResponse = AgentPool;

/** @deprecated Use {@link AgentPoolListResult}, `agentPools.list` yields the items of each AgentPoolListResult, page after page. */
export type AgentPoolsListResponse = AgentPoolListResult;

/** @deprecated Use {@link AgentPoolQueueStatus}, what `agentPools.getQueueStatus` resolves to. */
export type AgentPoolsGetQueueStatusResponse = AgentPoolQueueStatus;

/** @deprecated Use {@link AgentPoolListResult}, acr-tasks has no `listNext`: `agentPools.list(...).byPage()` yields the pages. */
export type AgentPoolsListNextResponse = AgentPoolListResult;

/** @deprecated Use {@link Run}, what `registries.scheduleRun` resolves to, wire-shaped: most members are under `properties`. */
export type RegistriesScheduleRunResponse = Run;

/** @deprecated Use {@link SourceUploadDefinition}, what `registries.getBuildSourceUploadUrl` resolves to. */
export type RegistriesGetBuildSourceUploadUrlResponse = SourceUploadDefinition;

/** @deprecated Use {@link RunRequest}, the closed union of the run requests `registries.scheduleRun` takes. */
export type RunRequestUnion = RunRequest;

/** @deprecated Use {@link TaskStepProperties}, the closed union of a task's steps. */
export type TaskStepPropertiesUnion = TaskStepProperties;

/** @deprecated Use {@link TaskStepUpdateParameters}, the closed union of a task update's steps. */
export type TaskStepUpdateParametersUnion = TaskStepUpdateParameters;
