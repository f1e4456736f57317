// ContainerRegistryTasksClient: one pipeline, one OperationContext, and every operation group of both
// feeds. The generated groups stay private to this file's wiring; users see the classes only.
import type { TokenCredential } from "@azure/core-auth";
import { AgentPoolsOperations } from "../generated/groups/agentPools.js";
import { ConnectedRegistriesOperations } from "../generated/groups/connectedRegistries.js";
import { ExportPipelinesOperations } from "../generated/groups/exportPipelines.js";
import { ImportPipelinesOperations } from "../generated/groups/importPipelines.js";
import { OperationsOperations } from "../generated/groups/operations.js";
import { PipelineRunsOperations } from "../generated/groups/pipelineRuns.js";
import { PrivateEndpointConnectionsOperations } from "../generated/groups/privateEndpointConnections.js";
import { ReplicationsOperations } from "../generated/groups/replications.js";
import { ScopeMapsOperations } from "../generated/groups/scopeMaps.js";
import { TaskRunsOperations } from "../generated/groups/taskRuns.js";
import { TasksOperations } from "../generated/groups/tasks.js";
import { TokensOperations } from "../generated/groups/tokens.js";
import { WebhooksOperations } from "../generated/groups/webhooks.js";
import type { TasksApiVersion } from "../generated/apiVersions.js";
import type { OperationPoller, OperationSpec, VersionedOperation } from "../generated/runtime.js";
import type { PipelineOperationContext } from "./pipelineOperationContext.js";
import { ValidationError } from "./errors.js";
import { RegistriesClient, RunsClient } from "./lifecycleGroups.js";
import { type ContainerRegistryTasksClientOptions, createPipelineOperationContext } from "./clientPipeline.js";

const contexts = new WeakMap<ContainerRegistryTasksClient, PipelineOperationContext>();

/** The ACR Tasks, Runs, TaskRuns, AgentPools and PipelineRuns management client (and the rest of both feeds). */
export class ContainerRegistryTasksClient {
  readonly subscriptionId: string;
  readonly endpoint: string;
  /** The api-version the tasks operations are sent at (the `tasksApiVersion` option). */
  readonly tasksApiVersion: TasksApiVersion;
  readonly agentPools: AgentPoolsOperations;
  readonly connectedRegistries: ConnectedRegistriesOperations;
  readonly exportPipelines: ExportPipelinesOperations;
  readonly importPipelines: ImportPipelinesOperations;
  readonly operations: OperationsOperations;
  readonly pipelineRuns: PipelineRunsOperations;
  readonly privateEndpointConnections: PrivateEndpointConnectionsOperations;
  readonly registries: RegistriesClient;
  readonly replications: ReplicationsOperations;
  readonly runs: RunsClient;
  readonly scopeMaps: ScopeMapsOperations;
  readonly taskRuns: TaskRunsOperations;
  readonly tasks: TasksOperations;
  readonly tokens: TokensOperations;
  readonly webhooks: WebhooksOperations;

  constructor(credential: TokenCredential, subscriptionId: string, options: ContainerRegistryTasksClientOptions = {}) {
    const context = createPipelineOperationContext(credential, subscriptionId, options);
    this.subscriptionId = subscriptionId;
    this.endpoint = context.endpoint;
    this.tasksApiVersion = context.tasksApiVersion;
    contexts.set(this, context);
    const blobOptions = { ...options, httpClient: context.httpClient };
    this.agentPools = new AgentPoolsOperations(context);
    this.connectedRegistries = new ConnectedRegistriesOperations(context);
    this.exportPipelines = new ExportPipelinesOperations(context);
    this.importPipelines = new ImportPipelinesOperations(context);
    this.operations = new OperationsOperations(context);
    this.pipelineRuns = new PipelineRunsOperations(context);
    this.privateEndpointConnections = new PrivateEndpointConnectionsOperations(context);
    this.registries = new RegistriesClient(context, blobOptions);
    this.replications = new ReplicationsOperations(context);
    this.runs = new RunsClient(context, blobOptions);
    this.scopeMaps = new ScopeMapsOperations(context);
    this.taskRuns = new TaskRunsOperations(context);
    this.tasks = new TasksOperations(context);
    this.tokens = new TokensOperations(context);
    this.webhooks = new WebhooksOperations(context);
  }
}

/** Options for {@link restorePoller}. */
export interface RestorePollerOptions {
  updateIntervalInMs?: number;
  abortSignal?: import("@azure/abort-controller").AbortSignalLike;
}

/**
 * Resumes a long-running operation from `poller.serialize()`, possibly in another process.
 * `method` is the client method that started it, e.g. `client.taskRuns.create`. The operation resumes
 * at the api-version it was started at, whatever this client's `tasksApiVersion`.
 */
export function restorePoller<T>(
  client: ContainerRegistryTasksClient,
  serializedState: string,
  method: (...args: never[]) => OperationPoller<T> | Promise<unknown>,
  options: RestorePollerOptions = {},
): OperationPoller<T> {
  const context = contexts.get(client);
  if (!context) throw new ValidationError("client", "must be a ContainerRegistryTasksClient");
  const spec = findLongRunningSpec(client, method);
  if (!spec)
    throw new ValidationError("method", "must be a long-running method of this client, e.g. client.taskRuns.create");
  return context.pollOperation<T>(spec, [], undefined, { ...options, resumeFrom: serializedState });
}

function findLongRunningSpec(
  client: ContainerRegistryTasksClient,
  method: unknown,
): OperationSpec | VersionedOperation | undefined {
  for (const group of Object.values(client) as object[]) {
    if (typeof group !== "object" || group === null) continue;
    const table = (group.constructor as { longRunningOperations?: Record<string, OperationSpec | VersionedOperation> })
      .longRunningOperations;
    if (!table) continue;
    for (const [name, spec] of Object.entries(table)) {
      const begin = `begin${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      const candidates = [name, begin, `${begin}AndWait`].map((n) => (group as Record<string, unknown>)[n]);
      if (candidates.includes(method)) return spec;
    }
  }
  return undefined;
}
