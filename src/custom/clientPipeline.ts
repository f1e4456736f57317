// What a client is built from: its options, checked, the core-rest-pipeline Pipeline they make, and the
// OperationContext over it (pipelineOperationContext.ts). createOperationContext is public too, so that an
// app can construct only the groups it uses (`new RunsOperations(createOperationContext(...))`) and
// bundle nothing else.
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  type HttpClient,
  type PipelineOptions,
  type PipelinePolicy,
} from "@azure/core-rest-pipeline";
import type { TasksApiVersion } from "../generated/apiVersions.js";
import type { OperationContext } from "../generated/runtime.js";
import { PipelineOperationContext } from "./pipelineOperationContext.js";
import { ValidationError } from "./errors.js";
import { idempotencyAwareRetryPolicy } from "./retryPolicy.js";
import { checkTasksApiVersion } from "./versions.js";

export const DEFAULT_ENDPOINT = "https://management.azure.com";

/** A policy to add to the client's pipeline: once per call, or on every retry. */
export interface AdditionalPolicy {
  policy: PipelinePolicy;
  position: "perCall" | "perRetry";
}

export interface ContainerRegistryTasksClientOptions extends PipelineOptions {
  /** The ARM endpoint. Defaults to https://management.azure.com. */
  endpoint?: string;
  /** The token audience; the scope requested is `<audience>/.default`. Defaults to the endpoint's origin. */
  audience?: string;
  /** Policies to add to the pipeline. */
  additionalPolicies?: AdditionalPolicy[];
  /** The HTTP client to send requests with (the default is Node's https). */
  httpClient?: HttpClient;
  /** Prepended to the User-Agent header (the same as `userAgentOptions.userAgentPrefix`). */
  userAgentPrefix?: string;
  /**
   * The api-version of the tasks operations (tasks, runs, taskRuns, agentPools, `registries.scheduleRun`
   * and `registries.getBuildSourceUploadUrl`): `"2019-06-01-preview"` (the default) or `"2025-03-01-preview"`.
   * The methods, their arguments and their result types are the same at both; each request is validated
   * against the selected version's schemas and its answers checked against that version's status codes. At
   * 2025-03-01-preview, `runs.cancel`, `runs.update`, `registries.scheduleRun`, `tasks.create`, `tasks.update`,
   * `tasks.delete` and `taskRuns.delete` are answered at once: they still return a poller, done with the first
   * response. The other operations keep their own api-versions.
   */
  tasksApiVersion?: TasksApiVersion;
}

/**
 * Validates the client's arguments and builds its pipeline: core-rest-pipeline's defaults, the
 * idempotency-aware retry policy in place of the default one, bearer auth for the endpoint's audience.
 */
export function createOperationContext(
  credential: TokenCredential,
  subscriptionId: string,
  options: ContainerRegistryTasksClientOptions = {},
): OperationContext & {
  readonly endpoint: string;
  readonly subscriptionId: string;
  readonly tasksApiVersion: TasksApiVersion;
} {
  return createPipelineOperationContext(credential, subscriptionId, options);
}

/** As createOperationContext, with the concrete type the client and restorePoller use. */
export function createPipelineOperationContext(
  credential: TokenCredential,
  subscriptionId: string,
  options: ContainerRegistryTasksClientOptions,
): PipelineOperationContext {
  if (!credential || typeof credential.getToken !== "function") {
    throw new ValidationError("credential", "must be a TokenCredential (an object with getToken)");
  }
  if (typeof subscriptionId !== "string" || subscriptionId.trim() === "") {
    throw new ValidationError("subscriptionId", "is required and must not be empty");
  }
  const tasksApiVersion = checkTasksApiVersion(options.tasksApiVersion);
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
  if (!/^https:\/\/[^/?#]+(\/[^?#]*)?$/i.test(endpoint)) {
    throw new ValidationError("endpoint", "must be an https URL without query or fragment");
  }
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  const pipeline = createPipelineFromOptions({
    ...options,
    userAgentOptions: {
      userAgentPrefix: joinPrefix(options.userAgentPrefix, options.userAgentOptions?.userAgentPrefix),
    },
  });
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  pipeline.addPolicy(idempotencyAwareRetryPolicy(options.retryOptions), { phase: "Retry" });
  const audience = (options.audience ?? new URL(endpoint).origin).replace(/\/+$/, "");
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${audience}/.default` }));
  for (const { policy, position } of options.additionalPolicies ?? []) {
    pipeline.addPolicy(policy, position === "perRetry" ? { afterPhase: "Retry" } : undefined);
  }
  return new PipelineOperationContext(endpoint, subscriptionId, pipeline, httpClient, tasksApiVersion);
}

function joinPrefix(...parts: (string | undefined)[]): string | undefined {
  const present = parts.filter(Boolean);
  return present.length ? present.join(" ") : undefined;
}
