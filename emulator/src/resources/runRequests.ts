// Turns any RunRequest (DockerBuildRequest, EncodedTaskRunRequest, FileTaskRunRequest, TaskRunRequest)
// into what the run engine needs; a TaskRunRequest takes its step from the task, with the overrides.
import { badRequest, resourceNotFound } from "../arm/armError.js";
import type { EmulatorServices } from "../services.js";
import type { NewRun } from "../runEngine/newRun.js";
import type { NameValue, RunSpec } from "../runEngine/runSpec.js";
import type { StoredResource } from "../state/state.js";
import { childId, registryType } from "./common.js";

const defaultTimeoutSeconds = 3600;

/** Values and arguments given later win over those with the same name given earlier. */
function mergeByName(base: NameValue[] | undefined, overrides: NameValue[] | undefined): NameValue[] | undefined {
  if (!overrides) return base;
  const merged = new Map((base ?? []).map((v) => [v.name, v]));
  for (const value of overrides) merged.set(value.name, value);
  return [...merged.values()];
}

export function newRunFromRequest(
  request: Record<string, any>,
  registry: StoredResource,
  services: EmulatorServices,
): NewRun {
  const common = {
    platform: request["platform"],
    agentConfiguration: request["agentConfiguration"],
    agentPoolName: request["agentPoolName"],
    isArchiveEnabled: request["isArchiveEnabled"],
  };
  const timeoutSeconds = request["timeout"] ?? defaultTimeoutSeconds;
  let run: NewRun;
  switch (request["type"]) {
    case "DockerBuildRequest":
      run = {
        ...common,
        runType: "QuickBuild",
        spec: {
          kind: "docker",
          sourceLocation: request["sourceLocation"],
          dockerFilePath: request["dockerFilePath"],
          imageNames: request["imageNames"],
          isPushEnabled: request["isPushEnabled"] ?? true,
          noCache: request["noCache"],
          target: request["target"],
          arguments: request["arguments"],
          timeoutSeconds,
        },
      };
      break;
    case "EncodedTaskRunRequest":
      run = {
        ...common,
        runType: "QuickRun",
        spec: {
          kind: "encoded",
          sourceLocation: request["sourceLocation"],
          encodedTaskContent: request["encodedTaskContent"],
          encodedValuesContent: request["encodedValuesContent"],
          values: request["values"],
          timeoutSeconds,
        },
      };
      break;
    case "FileTaskRunRequest":
      run = {
        ...common,
        runType: "QuickRun",
        spec: {
          kind: "file",
          sourceLocation: request["sourceLocation"],
          taskFilePath: request["taskFilePath"],
          valuesFilePath: request["valuesFilePath"],
          values: request["values"],
          timeoutSeconds,
        },
      };
      break;
    default:
      run = newRunFromTask(request, registry, services);
  }
  if (run.agentPoolName && !services.store.get(childId(registry.id, "agentPools", run.agentPoolName))) {
    throw badRequest(
      "InvalidParameter",
      `The agent pool '${run.agentPoolName}' does not exist in registry '${registry.body["name"]}'.`,
      "agentPoolName",
    );
  }
  return run;
}

function newRunFromTask(request: Record<string, any>, registry: StoredResource, services: EmulatorServices): NewRun {
  // A task's resource id, or its bare name (the swagger's own example, and the official SDK's sample).
  const requested = String(request["taskId"]);
  const taskId = requested.includes("/") ? requested : childId(registry.id, "tasks", requested);
  const task = services.store.get(taskId);
  const taskName = taskId.slice(taskId.lastIndexOf("/") + 1);
  if (!task || !taskId.toLowerCase().startsWith(`${registry.id.toLowerCase()}/tasks/`)) {
    throw resourceNotFound(`${registryType}/tasks`, `${registry.body["name"]}/${taskName}`, registry.id.split("/")[4]!);
  }
  const properties = task.body["properties"] as Record<string, any>;
  if (properties["status"] === "Disabled")
    throw badRequest("TaskDisabled", `The task '${taskName}' is disabled and cannot be run.`, "taskId");
  const overrides = (request["overrideTaskStepProperties"] ?? {}) as Record<string, any>;
  const step = properties["step"] as Record<string, any>;
  const sourceLocation = overrides["contextPath"] ?? step["contextPath"];
  const timeoutSeconds = properties["timeout"] ?? defaultTimeoutSeconds;
  let spec: RunSpec;
  if (step["type"] === "Docker") {
    spec = {
      kind: "docker",
      sourceLocation,
      dockerFilePath: overrides["file"] ?? step["dockerFilePath"],
      imageNames: step["imageNames"],
      isPushEnabled: step["isPushEnabled"] ?? true,
      noCache: step["noCache"],
      target: overrides["target"] ?? step["target"],
      arguments: mergeByName(step["arguments"], overrides["arguments"]),
      timeoutSeconds,
    };
  } else if (step["type"] === "EncodedTask") {
    spec = {
      kind: "encoded",
      sourceLocation,
      encodedTaskContent: step["encodedTaskContent"],
      encodedValuesContent: step["encodedValuesContent"],
      values: mergeByName(step["values"], overrides["values"]),
      timeoutSeconds,
    };
  } else {
    spec = {
      kind: "file",
      sourceLocation,
      taskFilePath: overrides["file"] ?? step["taskFilePath"],
      valuesFilePath: step["valuesFilePath"],
      values: mergeByName(step["values"], overrides["values"]),
      timeoutSeconds,
    };
  }
  return {
    spec,
    // A task run by hand is a QuickRun whatever its step, as recorded Azure shows (the Azure CLI's
    // test_acr_task: `az acr task run` of a Docker-step task); AutoBuild and AutoRun are for trigger runs.
    runType: "QuickRun",
    task: String(task.body["name"]),
    platform: properties["platform"] ?? { os: "Linux" },
    agentConfiguration: properties["agentConfiguration"],
    agentPoolName: request["agentPoolName"] ?? properties["agentPoolName"],
    isArchiveEnabled: request["isArchiveEnabled"],
    extra: overrides["updateTriggerToken"] ? { updateTriggerToken: overrides["updateTriggerToken"] } : undefined,
  };
}

/** A run request as GET shows it: secret values and credentials without their values. */
export function redactRunRequest(request: Record<string, any> | undefined): Record<string, any> | undefined {
  if (!request) return request;
  const copy = structuredClone(request);
  for (const list of [
    copy["values"],
    copy["arguments"],
    copy["overrideTaskStepProperties"]?.["values"],
    copy["overrideTaskStepProperties"]?.["arguments"],
  ]) {
    for (const item of (list ?? []) as Record<string, any>[]) if (item["isSecret"]) delete item["value"];
  }
  if (copy["encodedValuesContent"]) delete copy["encodedValuesContent"];
  redactCredentials(copy["credentials"]);
  return copy;
}

/** Removes custom registry user names and passwords (SecretObject values) from a Credentials object. */
export function redactCredentials(credentials: Record<string, any> | undefined): void {
  for (const registry of Object.values(
    (credentials?.["customRegistries"] ?? {}) as Record<string, Record<string, any>>,
  )) {
    for (const field of ["userName", "password"]) if (registry[field]) delete registry[field]["value"];
  }
}
