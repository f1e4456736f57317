// Turns an operation spec and the caller's arguments into a URL and body, validating everything first.
import type { OperationSpec, ParameterSpec } from "../generated/runtime.js";
import { ValidationError } from "./errors.js";
import { validateValue } from "./validate.js";

export interface PreparedRequest {
  url: string;
  body: string | undefined;
}

/**
 * Validates path arguments, query options and body against the spec, then builds the request.
 * Throws a ValidationError naming the parameter and the rule; nothing is sent in that case.
 */
export function prepareRequest(
  endpoint: string,
  subscriptionId: string,
  spec: OperationSpec,
  pathArguments: readonly unknown[],
  body: unknown,
  options: object | undefined,
): PreparedRequest {
  checkOptions(spec, options);
  checkDotSegment(spec, "subscriptionId", subscriptionId);
  checkWellFormed(spec, "subscriptionId", subscriptionId);
  let path = spec.path.replace("{subscriptionId}", encodePathSegment(subscriptionId));
  for (let i = 0; i < spec.pathParameters.length; i++) {
    const parameter = spec.pathParameters[i];
    const value = pathArguments[i];
    checkParameter(spec, parameter, value);
    checkDotSegment(spec, parameter.name, value);
    checkWellFormed(spec, parameter.name, value);
    path = path.replace(`{${parameter.serializedName}}`, encodePathSegment(value as string));
  }
  let query = `?api-version=${spec.apiVersion}`;
  for (const parameter of spec.queryParameters) {
    const value = (options as Record<string, unknown> | undefined)?.[parameter.name];
    if (value === undefined || value === null) continue;
    checkParameter(spec, parameter, value);
    checkWellFormed(spec, parameter.name, String(value));
    query += `&${parameter.serializedName}=${encodeURIComponent(String(value))}`;
  }
  let serialized: string | undefined;
  if (spec.body) {
    if (body === undefined || body === null) {
      if (spec.body.required) throw new ValidationError(spec.body.name, "is required", spec.operationId);
    } else {
      const issue = validateValue(spec.body.schema, body, spec.body.name);
      if (issue) throw new ValidationError(issue.path, issue.rule, spec.operationId);
      serialized = serializeBody(spec, spec.body.name, body);
    }
  }
  return { url: endpoint + path + query, body: serialized };
}

function checkParameter(spec: OperationSpec, parameter: ParameterSpec, value: unknown): void {
  if (value === undefined || value === null || value === "") {
    if (parameter.required)
      throw new ValidationError(parameter.name, "is required and must not be empty", spec.operationId);
    return;
  }
  const issue = validateValue(parameter.schema, value, parameter.name);
  if (issue) throw new ValidationError(issue.path, issue.rule, spec.operationId);
}

/**
 * `.` and `..` cannot be sent as a path segment: every URL parser (WHATWG included) treats them, and
 * their percent-encoded forms `%2E`/`%2E%2E`, as "this folder"/"parent folder" and removes them, so a
 * runId of `..` would address the registry itself. Refuse them before anything is sent.
 */
function checkDotSegment(spec: OperationSpec, name: string, value: unknown): void {
  if (value === "." || value === "..") {
    throw new ValidationError(name, 'must not be "." or ".." (a URL path segment cannot carry it)', spec.operationId);
  }
}

/**
 * The schema check ignores properties it does not know, so a value JSON cannot represent (a BigInt,
 * a cycle) can still reach JSON.stringify, which throws a TypeError: report it as bad input instead.
 */
function serializeBody(spec: OperationSpec, name: string, body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new ValidationError(name, `must be serialisable as JSON (${(error as Error).message})`, spec.operationId);
  }
}

/**
 * A lone UTF-16 surrogate (half of a pair) cannot be percent-encoded: encodeURIComponent throws a
 * URIError on it. Refuse it as bad input, like any other value that cannot be sent.
 */
function checkWellFormed(spec: OperationSpec, name: string, value: unknown): void {
  if (typeof value === "string" && /\p{Cs}/u.test(value)) {
    throw new ValidationError(
      name,
      "must be well-formed Unicode text (it contains a lone UTF-16 surrogate)",
      spec.operationId,
    );
  }
}

/**
 * Percent-encodes one path segment (`/`, `?`, `#` included, so one argument is always one segment).
 * A segment of only dots is encoded too; `.` and `..` themselves are refused by checkDotSegment, since
 * URL parsers normalise `%2E%2E` exactly like `..`.
 */
export function encodePathSegment(value: string): string {
  const encoded = encodeURIComponent(value);
  return /^\.+$/.test(encoded) ? encoded.replace(/\./g, "%2E") : encoded;
}

/** The origin (scheme, host, port) of a URL, lower-cased. */
export function originOf(url: string): string {
  return new URL(url).origin.toLowerCase();
}

/** The options every call takes: wrong types would otherwise fail deep in the pipeline with a TypeError. */
function checkOptions(spec: OperationSpec, options: object | undefined): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object") throw new ValidationError("options", "must be an object", spec.operationId);
  const { abortSignal, onResponse, requestOptions } = options as Record<string, unknown>;
  if (
    abortSignal !== undefined &&
    (typeof abortSignal !== "object" ||
      abortSignal === null ||
      typeof (abortSignal as { aborted?: unknown }).aborted !== "boolean")
  ) {
    throw new ValidationError("options.abortSignal", "must be an AbortSignal", spec.operationId);
  }
  if (onResponse !== undefined && typeof onResponse !== "function") {
    throw new ValidationError("options.onResponse", "must be a function", spec.operationId);
  }
  if (requestOptions !== undefined) {
    if (typeof requestOptions !== "object" || requestOptions === null) {
      throw new ValidationError("options.requestOptions", "must be an object", spec.operationId);
    }
    const { headers, timeout } = requestOptions as Record<string, unknown>;
    if (
      headers !== undefined &&
      (typeof headers !== "object" || headers === null || Object.values(headers).some((v) => typeof v !== "string"))
    ) {
      throw new ValidationError("options.requestOptions.headers", "must map header names to strings", spec.operationId);
    }
    if (timeout !== undefined && (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 0)) {
      throw new ValidationError(
        "options.requestOptions.timeout",
        "must be a non-negative number of milliseconds",
        spec.operationId,
      );
    }
  }
}
