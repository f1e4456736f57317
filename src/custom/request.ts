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
  checkDotSegment(spec, "subscriptionId", subscriptionId);
  let path = spec.path.replace("{subscriptionId}", encodePathSegment(subscriptionId));
  for (let i = 0; i < spec.pathParameters.length; i++) {
    const parameter = spec.pathParameters[i];
    const value = pathArguments[i];
    checkParameter(spec, parameter, value);
    checkDotSegment(spec, parameter.name, value);
    path = path.replace(`{${parameter.serializedName}}`, encodePathSegment(value as string));
  }
  let query = `?api-version=${spec.apiVersion}`;
  for (const parameter of spec.queryParameters) {
    const value = (options as Record<string, unknown> | undefined)?.[parameter.name];
    if (value === undefined || value === null) continue;
    checkParameter(spec, parameter, value);
    query += `&${parameter.serializedName}=${encodeURIComponent(String(value))}`;
  }
  let serialized: string | undefined;
  if (spec.body) {
    if (body === undefined || body === null) {
      if (spec.body.required) throw new ValidationError(spec.body.name, "is required", spec.operationId);
    } else {
      const issue = validateValue(spec.body.schema, body, spec.body.name);
      if (issue) throw new ValidationError(issue.path, issue.rule, spec.operationId);
      serialized = JSON.stringify(body);
    }
  }
  return { url: endpoint + path + query, body: serialized };
}

function checkParameter(spec: OperationSpec, parameter: ParameterSpec, value: unknown): void {
  if (value === undefined || value === null || value === "") {
    if (parameter.required) throw new ValidationError(parameter.name, "is required and must not be empty", spec.operationId);
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
