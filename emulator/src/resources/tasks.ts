// Tasks keep their step, triggers (source, base image, timer) and credentials. GET and List leave
// secrets out (source control tokens, context access tokens, secret values) and show each custom
// registry of the credentials as null, as Azure does; Tasks_GetDetails is the one operation that returns
// them. A task created without credentials (or with an empty `credentials`) has none. Once a task has run,
// its step lists the base images it builds on (baseImageDependencies: triggers/baseImageTriggers.ts). A timer
// trigger's schedule must be one ACR reads (triggers/cron.ts): any other is a 400 naming the trigger.
import { badRequest } from "../arm/armError.js";
import type { OperationHandler } from "../services.js";
import { isObject, mergePatch, registryType, requireChild } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";
import { withIdentityIds } from "./managedIdentity.js";
import { CronError, parseCronSchedule } from "../triggers/cron.js";

type Json = Record<string, any>;

/** A schedule ACR cannot read is refused before anything is stored, naming its trigger. */
function checkSchedules(trigger: Json | undefined, parameter: string): void {
  for (const [index, timer] of ((trigger?.["timerTriggers"] ?? []) as Json[]).entries()) {
    if (timer["schedule"] === undefined) continue; // an update that leaves the schedule as it is
    try {
      parseCronSchedule(String(timer["schedule"]));
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      throw badRequest(
        "InvalidParameter",
        `The schedule '${timer["schedule"]}' of timer trigger '${timer["name"]}' is not a valid cron expression: ${error.message}.`,
        `${parameter}.properties.trigger.timerTriggers[${index}].schedule`,
      );
    }
  }
}

/** Triggers start Enabled unless told otherwise, as ACR reports them. */
function withTriggerDefaults(trigger: Json | undefined): Json | undefined {
  if (!trigger) return trigger;
  const enable = (t: Json) => ({ status: "Enabled", ...t });
  return {
    ...trigger,
    ...(trigger["timerTriggers"] ? { timerTriggers: (trigger["timerTriggers"] as Json[]).map(enable) } : {}),
    ...(trigger["sourceTriggers"] ? { sourceTriggers: (trigger["sourceTriggers"] as Json[]).map(enable) } : {}),
    ...(trigger["baseImageTrigger"]
      ? { baseImageTrigger: { updateTriggerPayloadType: "Default", ...enable(trigger["baseImageTrigger"]) } }
      : {}),
  };
}

/** Merges lists of named items (triggers) by name, as the Update parameters describe them. */
function mergeNamed(existing: Json[] | undefined, patch: Json[] | undefined): Json[] | undefined {
  if (!patch) return existing;
  const merged = new Map((existing ?? []).map((item) => [item["name"], item]));
  for (const item of patch) merged.set(item["name"], mergePatch(merged.get(item["name"]) ?? {}, item));
  return [...merged.values()];
}

/** An empty `credentials` (az sends `{}`) is no credentials: Azure shows none. */
function withoutEmptyCredentials(properties: Json): Json {
  const credentials = properties["credentials"];
  const empty =
    isObject(credentials) &&
    Object.values(credentials).every((value) => value === null || (isObject(value) && !Object.keys(value).length));
  if (credentials === null || empty) {
    const { credentials: _none, ...rest } = properties;
    return rest;
  }
  return properties;
}

export function redactTask(body: Json): Json {
  const copy = structuredClone(body);
  const properties = copy["properties"] as Json | undefined;
  if (!properties) return copy;
  const step = properties["step"] as Json | undefined;
  if (step) {
    delete step["contextAccessToken"];
    for (const value of (step["values"] ?? []) as Json[]) if (value["isSecret"]) delete value["value"];
    for (const argument of (step["arguments"] ?? []) as Json[]) if (argument["isSecret"]) delete argument["value"];
  }
  for (const trigger of (properties["trigger"]?.["sourceTriggers"] ?? []) as Json[]) {
    const auth = trigger["sourceRepository"]?.["sourceControlAuthProperties"] as Json | undefined;
    if (auth) {
      delete auth["token"];
      delete auth["refreshToken"];
    }
  }
  const customRegistries = properties["credentials"]?.["customRegistries"] as Json | undefined;
  for (const name of Object.keys(customRegistries ?? {})) customRegistries![name] = null;
  return copy;
}

export const tasks: CollectionSpec = {
  collection: "tasks",
  type: `${registryType}/tasks`,
  nameParameter: "taskName",
  create: (body, _registry, existing) => {
    const properties = (body["properties"] ?? {}) as Json;
    if (!properties["isSystemTask"] && !properties["step"]) {
      throw badRequest(
        "InvalidParameter",
        "taskCreateParameters.properties.step is required unless the task is a system task.",
        "taskCreateParameters.properties.step",
      );
    }
    checkSchedules(properties["trigger"], "taskCreateParameters");
    return {
      body: {
        location: body["location"],
        ...(body["tags"] ? { tags: body["tags"] } : {}),
        ...(body["identity"] ? { identity: withIdentityIds(body["identity"], existing?.body["identity"]) } : {}),
        properties: withoutEmptyCredentials({
          status: "Enabled",
          timeout: 3600,
          agentConfiguration: { cpu: 2 },
          isSystemTask: false,
          ...properties,
          trigger: withTriggerDefaults(properties["trigger"]),
          creationDate: existing?.body["properties"]?.["creationDate"] ?? new Date().toISOString(),
        }),
      },
    };
  },
  update: (existing, patch) => {
    const current = existing.body["properties"] as Json;
    const changes = (patch["properties"] ?? {}) as Json;
    const { step, trigger, ...rest } = changes;
    checkSchedules(trigger, "taskUpdateParameters");
    const properties = mergePatch(current, rest);
    if (step)
      properties["step"] = step["type"] === current["step"]?.["type"] ? mergePatch(current["step"], step) : step;
    if (trigger) {
      const before = (current["trigger"] ?? {}) as Json;
      properties["trigger"] = withTriggerDefaults({
        ...before,
        timerTriggers: mergeNamed(before["timerTriggers"], trigger["timerTriggers"]),
        sourceTriggers: mergeNamed(before["sourceTriggers"], trigger["sourceTriggers"]),
        baseImageTrigger: isObject(trigger["baseImageTrigger"])
          ? mergePatch(before["baseImageTrigger"] ?? {}, trigger["baseImageTrigger"])
          : before["baseImageTrigger"],
      });
      for (const key of ["timerTriggers", "sourceTriggers", "baseImageTrigger"])
        if (properties["trigger"][key] === undefined) delete properties["trigger"][key];
    }
    const body = mergePatch(existing.body, {
      ...(patch["tags"] ? { tags: patch["tags"] } : {}),
      ...(patch["identity"] ? { identity: patch["identity"] } : {}),
    });
    if (patch["identity"]) {
      const identity = withIdentityIds(body["identity"], existing.body["identity"]);
      if (identity) body["identity"] = identity;
      else delete body["identity"];
    }
    return { body: { ...body, properties: withoutEmptyCredentials(properties) } };
  },
  view: (resource) => redactTask(resource.body),
};

export const taskHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("Tasks", tasks),
  Tasks_GetDetails: (request, services) => ({
    status: 200,
    body: requireChild(request, services, "tasks", "taskName").body,
  }),
};
