// The options types of @azure/arm-containerregistry 11.x (the last version with Tasks, Runs, TaskRuns and
// AgentPools) under their old names, so that code written for it compiles after its import changes to
// acr-tasks. Types only, each deprecated in favour of the acr-tasks name (docs/migrating-from-arm-containerregistry.md).
// acr-tasks has no listNext methods: `list(...).byPage({ continuationToken })` follows next links.
import type {
  OperationOptions,
  TasksListOptions,
  TasksGetOptions,
  TasksCreateOptions,
  TasksDeleteOptions,
  TasksUpdateOptions,
  TasksGetDetailsOptions,
  RunsListOptions,
  RunsGetOptions,
  RunsUpdateOptions,
  RunsGetLogSasUrlOptions,
  RunsCancelOptions,
  TaskRunsGetOptions,
  TaskRunsCreateOptions,
  TaskRunsDeleteOptions,
  TaskRunsUpdateOptions,
  TaskRunsGetDetailsOptions,
  TaskRunsListOptions,
  AgentPoolsGetOptions,
  AgentPoolsCreateOptions,
  AgentPoolsDeleteOptions,
  AgentPoolsUpdateOptions,
  AgentPoolsListOptions,
  AgentPoolsGetQueueStatusOptions,
  RegistriesScheduleRunOptions,
  RegistriesGetBuildSourceUploadUrlOptions,
} from "../groups.js";

/** @deprecated Use {@link TasksListOptions}, the options of `tasks.list`. */
export type TasksListOptionalParams = TasksListOptions;

/** @deprecated Use {@link TasksGetOptions}, the options of `tasks.get`. */
export type TasksGetOptionalParams = TasksGetOptions;

/** @deprecated Use {@link TasksCreateOptions}, the options of `tasks.create`. */
export type TasksCreateOptionalParams = TasksCreateOptions;

/** @deprecated Use {@link TasksDeleteOptions}, the options of `tasks.delete`. */
export type TasksDeleteOptionalParams = TasksDeleteOptions;

/** @deprecated Use {@link TasksUpdateOptions}, the options of `tasks.update`. */
export type TasksUpdateOptionalParams = TasksUpdateOptions;

/** @deprecated Use {@link TasksGetDetailsOptions}, the options of `tasks.getDetails`. */
export type TasksGetDetailsOptionalParams = TasksGetDetailsOptions;

/** @deprecated Use {@link OperationOptions}: acr-tasks has no `listNext`; `tasks.list(...).byPage()` follows next links. */
export type TasksListNextOptionalParams = OperationOptions;

/** @deprecated Use {@link RunsListOptions}, the options of `runs.list`. */
export type RunsListOptionalParams = RunsListOptions;

/** @deprecated Use {@link RunsGetOptions}, the options of `runs.get`. */
export type RunsGetOptionalParams = RunsGetOptions;

/** @deprecated Use {@link RunsUpdateOptions}, the options of `runs.update`. */
export type RunsUpdateOptionalParams = RunsUpdateOptions;

/** @deprecated Use {@link RunsGetLogSasUrlOptions}, the options of `runs.getLogSasUrl`. */
export type RunsGetLogSasUrlOptionalParams = RunsGetLogSasUrlOptions;

/** @deprecated Use {@link RunsCancelOptions}, the options of `runs.cancel`. */
export type RunsCancelOptionalParams = RunsCancelOptions;

/** @deprecated Use {@link OperationOptions}: acr-tasks has no `listNext`; `runs.list(...).byPage()` follows next links. */
export type RunsListNextOptionalParams = OperationOptions;

/** @deprecated Use {@link TaskRunsGetOptions}, the options of `taskRuns.get`. */
export type TaskRunsGetOptionalParams = TaskRunsGetOptions;

/** @deprecated Use {@link TaskRunsCreateOptions}, the options of `taskRuns.create`. */
export type TaskRunsCreateOptionalParams = TaskRunsCreateOptions;

/** @deprecated Use {@link TaskRunsDeleteOptions}, the options of `taskRuns.delete`. */
export type TaskRunsDeleteOptionalParams = TaskRunsDeleteOptions;

/** @deprecated Use {@link TaskRunsUpdateOptions}, the options of `taskRuns.update`. */
export type TaskRunsUpdateOptionalParams = TaskRunsUpdateOptions;

/** @deprecated Use {@link TaskRunsGetDetailsOptions}, the options of `taskRuns.getDetails`. */
export type TaskRunsGetDetailsOptionalParams = TaskRunsGetDetailsOptions;

/** @deprecated Use {@link TaskRunsListOptions}, the options of `taskRuns.list`. */
export type TaskRunsListOptionalParams = TaskRunsListOptions;

/** @deprecated Use {@link OperationOptions}: acr-tasks has no `listNext`; `taskRuns.list(...).byPage()` follows next links. */
export type TaskRunsListNextOptionalParams = OperationOptions;

/** @deprecated Use {@link AgentPoolsGetOptions}, the options of `agentPools.get`. */
export type AgentPoolsGetOptionalParams = AgentPoolsGetOptions;

/** @deprecated Use {@link AgentPoolsCreateOptions}, the options of `agentPools.create`. */
export type AgentPoolsCreateOptionalParams = AgentPoolsCreateOptions;

/** @deprecated Use {@link AgentPoolsDeleteOptions}, the options of `agentPools.delete`. */
export type AgentPoolsDeleteOptionalParams = AgentPoolsDeleteOptions;

/** @deprecated Use {@link AgentPoolsUpdateOptions}, the options of `agentPools.update`. */
export type AgentPoolsUpdateOptionalParams = AgentPoolsUpdateOptions;

/** @deprecated Use {@link AgentPoolsListOptions}, the options of `agentPools.list`. */
export type AgentPoolsListOptionalParams = AgentPoolsListOptions;

/** @deprecated Use {@link AgentPoolsGetQueueStatusOptions}, the options of `agentPools.getQueueStatus`. */
export type AgentPoolsGetQueueStatusOptionalParams = AgentPoolsGetQueueStatusOptions;

/** @deprecated Use {@link OperationOptions}: acr-tasks has no `listNext`; `agentPools.list(...).byPage()` follows next links. */
export type AgentPoolsListNextOptionalParams = OperationOptions;

/** @deprecated Use {@link RegistriesScheduleRunOptions}, the options of `registries.scheduleRun`. */
export type RegistriesScheduleRunOptionalParams = RegistriesScheduleRunOptions;

/** @deprecated Use {@link RegistriesGetBuildSourceUploadUrlOptions}, the options of `registries.getBuildSourceUploadUrl`. */
export type RegistriesGetBuildSourceUploadUrlOptionalParams = RegistriesGetBuildSourceUploadUrlOptions;
