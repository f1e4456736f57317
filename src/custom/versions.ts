// The api-version of the tasks operations: the client option's check, and the version a serialized poller
// resumes at (the one it was started at, so a state outlives a change of the option).
import { tasksApiVersions, type TasksApiVersion } from "../generated/apiVersions.js";
import type { OperationSpec, VersionedOperation } from "../generated/runtime.js";
import { ValidationError } from "./errors.js";

export type { TasksApiVersion };

export const DEFAULT_TASKS_API_VERSION: TasksApiVersion = tasksApiVersions[0];

export function checkTasksApiVersion(value: unknown): TasksApiVersion {
  if (value === undefined) return DEFAULT_TASKS_API_VERSION;
  if (!tasksApiVersions.includes(value as TasksApiVersion)) {
    throw new ValidationError("tasksApiVersion", `must be one of ${tasksApiVersions.join(", ")}`);
  }
  return value as TasksApiVersion;
}

/**
 * The spec a serialized poller resumes with: the version named in the state. A state without one was
 * serialized before there was a choice, at the default version; one naming another version gets the
 * default too, which restoring then refuses (pollerState.ts).
 */
export function specToResume(operation: OperationSpec | VersionedOperation, apiVersion: unknown): OperationSpec {
  return specAt(operation, tasksApiVersions.find((v) => v === apiVersion) ?? DEFAULT_TASKS_API_VERSION);
}

/** The operation's spec at an api-version (the generated groups give one for every version). */
export function specAt(operation: OperationSpec | VersionedOperation, apiVersion: TasksApiVersion): OperationSpec {
  if (!("versions" in operation)) return operation;
  const spec = operation.versions[apiVersion];
  if (!spec) throw new Error(`${operation.operationId} has no spec for api-version ${apiVersion}`);
  return spec;
}
