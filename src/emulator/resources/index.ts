// Every operation handler, by operationId, and the LRO completions they rely on.
import type { EmulatorContext, OperationHandler } from "../context.js";
import { agentPoolHandlers } from "./agentPools.js";
import { collectionHandlers } from "./collections.js";
import { connectedRegistryHandlers } from "./connectedRegistries.js";
import { registerCrudCompletions } from "./crud.js";
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

export function registerCompletions(context: EmulatorContext): void {
  registerCrudCompletions(context);
  registerRunCompletions(context);
  registerPipelineCompletions(context);
}
