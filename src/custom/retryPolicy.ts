// Retries without duplicating work: idempotent requests (GET, PUT, PATCH, DELETE, HEAD) get the full
// default retry policy; a POST — scheduleRun, importImage, cancel... — is retried only when the service
// says it did not process it (429, or 503 with Retry-After). A POST whose outcome is unknown (a reset
// connection, a 500) is not sent again: the caller sees the error and decides.
import {
  defaultRetryPolicy,
  throttlingRetryPolicy,
  type PipelinePolicy,
  type PipelineRetryOptions,
} from "@azure/core-rest-pipeline";

export const idempotencyAwareRetryPolicyName = "acrTasksIdempotencyAwareRetryPolicy";

export function idempotencyAwareRetryPolicy(options: PipelineRetryOptions = {}): PipelinePolicy {
  const full = defaultRetryPolicy(options);
  const throttledOnly = throttlingRetryPolicy({ maxRetries: options.maxRetries });
  return {
    name: idempotencyAwareRetryPolicyName,
    sendRequest: (request, next) => (request.method === "POST" ? throttledOnly : full).sendRequest(request, next),
  };
}
