// Every operation handler, by operationId, and the LRO completions they rely on.
import type { EmulatorServices, OperationHandler } from "../services.js";
import { agentPoolHandlers } from "./agentPools.js";
import { collectionHandlers } from "./collections.js";
import { connectedRegistryHandlers } from "./connectedRegistries.js";
import { type CollectionSpec, registerCrudCompletions, viewOf } from "./crud.js";
import type { StoredResource } from "../state/state.js";
import { pipelineRuns } from "./pipelineRuns.js";
import { taskRuns } from "./taskRuns.js";
import { tasks } from "./tasks.js";
import { operationsListHandlers } from "./operationsList.js";
import { pipelineRunHandlers, registerPipelineCompletions } from "./pipelineRuns.js";
import { registryHandlers } from "./registries.js";
import { registerRunCompletions, runHandlers } from "./runs.js";
import { taskHandlers } from "./tasks.js";
import { taskRunHandlers } from "./taskRuns.js";
import { tokenHandlers } from "./tokens.js";
import { webhookHandlers } from "./webhooks.js";

export const operationHandlers: Readonly<Record<string, OperationHandler>> = {
  ...registryHandlers,
  ...collectionHandlers,
  ...webhookHandlers,
  ...tokenHandlers,
  ...connectedRegistryHandlers,
  ...agentPoolHandlers,
  ...taskHandlers,
  ...taskRunHandlers,
  ...runHandlers,
  ...pipelineRunHandlers,
  ...operationsListHandlers,
};

export function registerCompletions(services: EmulatorServices): void {
  registerCrudCompletions(services);
  registerRunCompletions(services);
  registerPipelineCompletions(services);
}

/** Collections whose GET shows more or less than what is stored, by resource type. */
const viewsByType = new Map<string, CollectionSpec>(
  [tasks, taskRuns, pipelineRuns].map((spec) => [spec.type.toLowerCase(), spec]),
);

/** A stored resource as its GET shows it. */
export function viewResource(resource: StoredResource, services: EmulatorServices): Record<string, unknown> {
  const spec = viewsByType.get(String(resource.body["type"] ?? "").toLowerCase());
  return spec ? viewOf(spec, resource, services) : resource.body;
}
