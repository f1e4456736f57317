// Retries without duplicating work. Idempotent requests (GET, PUT, PATCH, DELETE, HEAD) and the POSTs
// that only read get the full default retry policy. Any other POST — scheduleRun, importImage, cancel... —
// is retried only when the service says it did not process it (429, or 503 with Retry-After). A POST whose
// outcome is unknown (a reset connection, a 500) is not sent again: the caller sees the error and decides.
import {
  defaultRetryPolicy,
  throttlingRetryPolicy,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineRetryOptions,
} from "@azure/core-rest-pipeline";

/**
 * The POST operations of the three feeds that change nothing: they read, or hand out a fresh link, so
 * sending one again is as safe as sending a GET again. Every other POST changes something:
 * Registries_ScheduleRun (queues a run), Runs_Cancel, Registries_ImportImage,
 * Registries_GenerateCredentials and Registries_RegenerateCredential (new passwords),
 * ConnectedRegistries_Deactivate, Webhooks_Ping (sends an event and records it).
 */
export const READ_ONLY_POST_OPERATIONS: ReadonlySet<string> = new Set([
  // A new SAS link to a new blob name; nothing exists until the caller uploads to it.
  "Registries_GetBuildSourceUploadUrl",
  // A read-only SAS link to the run's log.
  "Runs_GetLogSasUrl",
  // Reads: the admin user's passwords, a name's availability, a webhook's target and its delivered events.
  "Registries_ListCredentials",
  "Registries_CheckNameAvailability",
  "Webhooks_GetCallbackConfig",
  "Webhooks_ListEvents",
  // Reads: the number of runs queued on an agent pool, a task's or task run's details with their secrets.
  "AgentPools_GetQueueStatus",
  "Tasks_GetDetails",
  "TaskRuns_GetDetails",
]);

/** Requests of a read-only POST, marked as they are built (pipelineOperationContext.ts), for the policy below. */
const resendable = new WeakSet<PipelineRequest>();

/** Whether the request may be sent again like a GET: marks it when its operation only reads. */
export function markIfReadOnly(request: PipelineRequest, operationId: string): void {
  if (READ_ONLY_POST_OPERATIONS.has(operationId)) resendable.add(request);
}

export const idempotencyAwareRetryPolicyName = "acrTasksIdempotencyAwareRetryPolicy";

export function idempotencyAwareRetryPolicy(options: PipelineRetryOptions = {}): PipelinePolicy {
  const full = defaultRetryPolicy(options);
  const throttledOnly = throttlingRetryPolicy({ maxRetries: options.maxRetries });
  return {
    name: idempotencyAwareRetryPolicyName,
    sendRequest: (request, next) =>
      (request.method === "POST" && !resendable.has(request) ? throttledOnly : full).sendRequest(request, next),
  };
}
