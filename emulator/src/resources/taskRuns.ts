// TaskRuns: a resource wrapping one run request. Creating one (or changing its request or
// forceUpdateTag) schedules a run; `runResult` always shows the run as it is now (without systemData,
// as Azure embeds it). The request is kept as Azure echoes it: an empty `credentials` dropped, and a
// DockerBuildRequest with its noCache and without the `values` it has no place for.
import type { EmulatorServices, OperationHandler } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { childId, mergePatch, registryType, requireChild } from "./common.js";
import { withIdentityIds } from "./managedIdentity.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";
import { newRunFromRequest, redactRunRequest } from "./runRequests.js";

type Json = Record<string, any>;

function startRun(registry: StoredResource, properties: Json, services: EmulatorServices): string {
  return services.runs.create(registry, newRunFromRequest(properties["runRequest"], registry, services)).body["name"];
}

function withRunResult(body: Json, resource: StoredResource, services: EmulatorServices): Json {
  const runId = resource.internal?.["runId"] as string | undefined;
  const registryId = resource.id.slice(0, resource.id.toLowerCase().lastIndexOf("/taskruns/"));
  const run = runId ? services.store.get(childId(registryId, "runs", runId)) : undefined;
  if (!run) return body;
  const { systemData: _notEmbedded, ...runResult } = run.body;
  return { ...body, properties: { ...body["properties"], runResult } };
}

function asEchoed(runRequest: Json | undefined): Json | undefined {
  if (!runRequest) return runRequest;
  const { credentials, ...request } = runRequest;
  const kept = credentials && Object.keys(credentials).length ? { credentials } : {};
  if (request["type"] !== "DockerBuildRequest") return { ...request, ...kept };
  const { values: _notDocker, ...docker } = request;
  return { noCache: false, ...docker, ...kept };
}

export const taskRuns: CollectionSpec = {
  collection: "taskRuns",
  type: `${registryType}/taskRuns`,
  nameParameter: "taskRunName",
  create: (body, registry, existing, services) => {
    const properties = (body["properties"] ?? {}) as Json;
    const previous = existing?.body["properties"] as Json | undefined;
    const unchanged =
      previous &&
      JSON.stringify(previous["runRequest"]) === JSON.stringify(asEchoed(properties["runRequest"])) &&
      previous["forceUpdateTag"] === properties["forceUpdateTag"];
    const runId =
      unchanged || !properties["runRequest"] ? existing?.internal?.["runId"] : startRun(registry, properties, services);
    return {
      body: {
        ...(body["location"] ? { location: body["location"] } : {}),
        ...(body["identity"] ? { identity: withIdentityIds(body["identity"], existing?.body["identity"]) } : {}),
        properties: {
          runRequest: asEchoed(properties["runRequest"]),
          ...(properties["forceUpdateTag"] ? { forceUpdateTag: properties["forceUpdateTag"] } : {}),
        },
      },
      internal: { runId },
    };
  },
  update: (existing, patch, registry, services) => {
    const changes = (patch["properties"] ?? {}) as Json;
    const properties = {
      ...existing.body["properties"],
      ...changes,
      ...(changes["runRequest"] ? { runRequest: asEchoed(changes["runRequest"]) } : {}),
    };
    const rerun =
      changes["runRequest"] !== undefined ||
      (changes["forceUpdateTag"] !== undefined &&
        changes["forceUpdateTag"] !== existing.body["properties"]["forceUpdateTag"]);
    const runId = rerun ? startRun(registry, properties, services) : existing.internal?.["runId"];
    return {
      body: {
        ...existing.body,
        ...(patch["location"] ? { location: patch["location"] } : {}),
        ...(patch["identity"]
          ? {
              identity: withIdentityIds(
                mergePatch(existing.body["identity"] ?? {}, patch["identity"]),
                existing.body["identity"],
              ),
            }
          : {}),
        ...(patch["tags"] ? { tags: patch["tags"] } : {}),
        properties,
      },
      internal: { runId },
    };
  },
  view: (resource, services) => {
    const body = structuredClone(resource.body);
    body["properties"]["runRequest"] = redactRunRequest(body["properties"]["runRequest"]);
    return withRunResult(body, resource, services);
  },
};

export const taskRunHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("TaskRuns", taskRuns),
  TaskRuns_GetDetails: (request, services) => {
    const resource = requireChild(request, services, "taskRuns", "taskRunName");
    return { status: 200, body: withRunResult(resource.body, resource, services) };
  },
};
