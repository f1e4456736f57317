// The errors the SDK throws: ValidationError before a request is sent, RestError (from
// @azure/core-rest-pipeline) carrying the ARM error when the service refuses one.
import { isRestError, RestError, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";

/** Bad input, caught before any request is sent. Names the parameter and the rule it breaks. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  constructor(
    /** The parameter or field path, e.g. `registryName` or `runRequest.platform.os`. */
    readonly parameter: string,
    /** What the value must be, e.g. `must match the pattern ^[a-zA-Z0-9]*$`. */
    readonly rule: string,
    /** The operation the call was for. */
    readonly operationId?: string,
  ) {
    super(`${operationId ? `${operationId}: ` : ""}${parameter} ${rule}`);
  }
}

/** The body of an ARM error response, in either of its two shapes. */
export interface ArmErrorDetail {
  code?: string;
  message?: string;
  target?: string;
  details?: ArmErrorDetail[];
  additionalInfo?: unknown[];
}

/** A RestError with the ARM error's fields. */
export interface ArmRestError extends RestError {
  /** The ARM error's nested details, if any. */
  details?: ArmErrorDetail[];
  /** The request id (x-ms-request-id, or x-ms-correlation-request-id). */
  requestId?: string;
  /** The ARM error's target field, if any. */
  target?: string;
}

/** Builds the RestError for a failed response: the message holds the ARM code and message. */
export function createArmError(operationId: string, response: PipelineResponse, parsedBody?: unknown): ArmRestError {
  const detail = armErrorOf(parsedBody ?? tryParse(response.bodyAsText ?? undefined));
  const requestId =
    response.headers.get("x-ms-request-id") ?? response.headers.get("x-ms-correlation-request-id") ?? undefined;
  const code = detail?.code ?? httpCode(response.status);
  const message = detail?.message ?? describeUnparsedBody(response);
  const error = new RestError(
    `${operationId} failed with HTTP ${response.status} ${code}: ${message}${requestId ? ` (request id ${requestId})` : ""}`,
    { code, statusCode: response.status, request: withoutBody(response.request), response },
  ) as ArmRestError;
  error.details = detail?.details;
  error.target = detail?.target;
  error.requestId = requestId;
  return error;
}

/** A RestError for a response that arrived but could not be used (bad JSON, wrong shape). */
export function createMalformedResponseError(
  operationId: string,
  response: PipelineResponse,
  problem: string,
): RestError {
  return new RestError(`${operationId}: the service sent an unusable response (HTTP ${response.status}): ${problem}`, {
    code: "MalformedResponse",
    statusCode: response.status,
    request: withoutBody(response.request),
    response,
  });
}

/**
 * A failure before any response (connection reset, unreadable body) as a RestError that names the
 * operation; the request body, which can hold secrets, is left out. An AbortError passes unchanged.
 */
export function withOperationName(operationId: string, error: unknown): unknown {
  if (!isRestError(error) || error.message.startsWith(`${operationId}:`)) return error;
  return new RestError(`${operationId}: ${error.message}`, {
    code: error.code,
    statusCode: error.statusCode,
    request: error.request ? withoutBody(error.request) : undefined,
    response: error.response,
  });
}

/** Request bodies can hold secrets: keep them out of errors that users log. */
function withoutBody(request: PipelineRequest): PipelineRequest {
  return { ...request, body: undefined };
}

function armErrorOf(body: unknown): ArmErrorDetail | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as { error?: unknown; code?: unknown; message?: unknown };
  const candidate = typeof record.error === "object" && record.error !== null ? record.error : record;
  const detail = candidate as ArmErrorDetail;
  return typeof detail.code === "string" || typeof detail.message === "string" ? detail : undefined;
}

function tryParse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function httpCode(status: number): string {
  return status === 404
    ? "NotFound"
    : status === 401
      ? "Unauthorized"
      : status === 403
        ? "Forbidden"
        : `HttpStatus${status}`;
}

function describeUnparsedBody(response: PipelineResponse): string {
  const type = response.headers.get("content-type") ?? "no content type";
  const length = response.bodyAsText?.length ?? 0;
  return length ? `the response body is not an ARM error (${type}, ${length} characters)` : "the response has no body";
}
