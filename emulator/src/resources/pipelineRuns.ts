// Pipeline runs transfer artifacts through an import or export pipeline of the registry. They make
// progress over a (scaled) few seconds; an import records the artifacts it imported in its response.
// A run naming a pipeline that does not exist fails asynchronously: its LRO ends Failed, as on Azure.
import type { EmulatorServices, OperationHandler } from "../services.js";
import { requireLongRunning } from "../longRunning/firstAnswer.js";
import { sha256 } from "../runEngine/sourceArchive.js";
import type { StoredResource } from "../state/state.js";
import { beginDelete, beginOperation, viewOf, type CollectionSpec } from "./crud.js";
import {
  assertNotBusy,
  childId,
  envelope,
  registryType,
  requireChild,
  requireRegistry,
  setProvisioningState,
} from "./common.js";
import { page } from "../arm/paging.js";

type Json = Record<string, any>;
const transferMs = 4000;

function pipelineOf(
  services: EmulatorServices,
  registry: StoredResource,
  pipelineResourceId: unknown,
): StoredResource | undefined {
  if (typeof pipelineResourceId !== "string") return undefined;
  const prefix = registry.id.toLowerCase();
  const id = pipelineResourceId.toLowerCase();
  if (!id.startsWith(`${prefix}/importpipelines/`) && !id.startsWith(`${prefix}/exportpipelines/`)) return undefined;
  return services.store.get(pipelineResourceId);
}

/** The artifacts an import brings in: those requested, or the one the source blob holds. */
function importedArtifacts(request: Json): string[] {
  if (Array.isArray(request["artifacts"]) && request["artifacts"].length > 0) return request["artifacts"].map(String);
  const blob = String(request["source"]?.["name"] ?? "artifacts.tar.gz");
  return [
    `${blob
      .replace(/\.tar(\.gz)?$/, "")
      .replace(/[^a-z0-9._/-]/gi, "-")
      .toLowerCase()}:latest`,
  ];
}

export const pipelineRuns: CollectionSpec = {
  collection: "pipelineRuns",
  type: `${registryType}/pipelineRuns`,
  nameParameter: "pipelineRunName",
  create: () => {
    throw new Error("pipeline runs are created by their own handler");
  },
  view: (resource) => {
    const body = structuredClone(resource.body);
    const response = body["properties"]["response"] as Json;
    if (response["status"] === "Running") {
      const elapsed = Date.now() - Number(resource.internal!["startedAt"]);
      const percentage = Math.min(99, Math.floor((100 * elapsed) / Number(resource.internal!["durationMs"])));
      response["progress"] = { percentage: String(percentage) };
    }
    return body;
  },
};

const create: OperationHandler = (request, services) => {
  const registry = requireRegistry(request, services);
  const id = childId(registry.id, "pipelineRuns", request.params["pipelineRunName"]!);
  const existing = services.store.get(id);
  if (existing) assertNotBusy(services, existing);
  const answer = requireLongRunning(request);
  const properties = (request.body["properties"] ?? {}) as Json;
  const pipelineRequest = (properties["request"] ?? {}) as Json;
  const pipeline = pipelineOf(services, registry, pipelineRequest["pipelineResourceId"]);
  const now = new Date().toISOString();
  const response: Json = { status: "Running", progress: { percentage: "0" }, startTime: now };
  if (pipeline?.body["type"] === `${registryType}/importPipelines`) {
    response["source"] = pipeline.body["properties"]["source"];
    response["trigger"] = { sourceTrigger: { timestamp: now } };
  } else if (pipeline) {
    response["target"] = pipeline.body["properties"]["target"];
  }
  const body = envelope(
    existing?.id ?? id,
    pipelineRuns.type,
    {
      properties: {
        request: pipelineRequest,
        ...(properties["forceUpdateTag"] ? { forceUpdateTag: properties["forceUpdateTag"] } : {}),
        response,
      },
    },
    existing?.body,
  );
  const durationMs = services.clock.scaled(transferMs);
  const resource = services.store.put(id, body, { startedAt: Date.now(), durationMs: Math.max(1, durationMs) });
  setProvisioningState(resource, existing ? "Updating" : "Creating");
  return beginOperation(
    request,
    services,
    registry,
    answer,
    {
      resourceId: resource.id,
      completion: "pipelineRun",
      args: { registryId: registry.id },
      realisticMs: pipeline ? transferMs : 500,
    },
    viewOf(pipelineRuns, resource, services),
  );
};

export function registerPipelineCompletions(services: EmulatorServices): void {
  services.asyncOperations.register("pipelineRun", (operation) => {
    const resource = operation.resourceId ? services.store.get(operation.resourceId) : undefined;
    const registry = services.store.get(operation.args["registryId"]);
    if (!resource || !registry) return { done: true };
    const properties = resource.body["properties"] as Json;
    const response = properties["response"] as Json;
    const pipeline = pipelineOf(services, registry, properties["request"]["pipelineResourceId"]);
    response["finishTime"] = new Date().toISOString();
    delete response["progress"];
    if (!pipeline) {
      const message = `The pipeline '${properties["request"]["pipelineResourceId"]}' does not exist in registry '${registry.body["name"]}'.`;
      Object.assign(response, { status: "Failed", pipelineRunErrorMessage: message });
      setProvisioningState(resource, "Failed");
      services.store.changed();
      return { done: true, error: { code: "PipelineNotFound", message, status: 400 } };
    }
    const artifacts = properties["request"]["artifacts"] as string[] | undefined;
    response["status"] = "Succeeded";
    response["progress"] = { percentage: "100" };
    response["catalogDigest"] =
      properties["request"]["catalogDigest"] ?? sha256(JSON.stringify([pipeline.id, artifacts ?? [], resource.id]));
    if (pipeline.body["type"] === `${registryType}/importPipelines`) {
      response["importedArtifacts"] = importedArtifacts(properties["request"]);
      const repositories = (registry.internal!["repositories"] ??= []) as string[];
      for (const artifact of response["importedArtifacts"] as string[])
        if (!repositories.includes(artifact)) repositories.push(artifact);
    }
    setProvisioningState(resource, "Succeeded");
    services.store.changed();
    return { done: true };
  });
}

export const pipelineRunHandlers: Record<string, OperationHandler> = {
  PipelineRuns_Create: create,
  PipelineRuns_Get: (request, services) => {
    const resource = requireChild(request, services, "pipelineRuns", "pipelineRunName");
    return { status: 200, body: viewOf(pipelineRuns, resource, services) };
  },
  PipelineRuns_List: (request, services) => {
    const registry = requireRegistry(request, services);
    const entries = services.store
      .children(registry.id, "pipelineRuns")
      .map((r) => ({ seq: r.seq, value: viewOf(pipelineRuns, r, services) }));
    return { status: 200, body: page(entries, request, services) };
  },
  PipelineRuns_Delete: (request, services) => {
    const registry = requireRegistry(request, services);
    const resource = services.store.get(childId(registry.id, "pipelineRuns", request.params["pipelineRunName"]!));
    return resource ? beginDelete(request, services, registry, resource) : { status: 204 };
  },
};
