// Routes are built from the generated catalog, so every operation of both feeds is served and a new
// operation in the swagger shows up here without code. Matching is case-insensitive, as ARM's.
import { feeds, type OperationSpec, validateValue } from "acr-tasks/catalog";
import { ArmError, badRequest } from "./armError.js";

interface Route {
  op: OperationSpec;
  pattern: RegExp;
  names: string[];
}

function compile(op: OperationSpec): Route {
  const names: string[] = [];
  const source = op.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { op, pattern: new RegExp(`^${source}/?$`, "i"), names };
}

export const allOperations: readonly OperationSpec[] = feeds.flatMap((feed) => feed.operations);
const routes = allOperations.map(compile);

export interface RouteMatch {
  op: OperationSpec;
  params: Record<string, string>;
}

/**
 * Finds the operation for a method and path, and checks the api-version and the path parameters.
 * Throws the ARM error a client would get otherwise.
 */
export function route(method: string, path: string, query: URLSearchParams): RouteMatch {
  const candidates = routes
    .map((candidate) => ({ candidate, match: candidate.pattern.exec(path) }))
    .filter((found): found is { candidate: Route; match: RegExpExecArray } => found.match !== null);
  if (candidates.length === 0) {
    throw new ArmError(404, "InvalidResourceType", `The resource type could not be found for the path '${path}'.`);
  }
  const byMethod = candidates.filter(({ candidate }) => candidate.op.method === method);
  if (byMethod.length === 0) {
    throw new ArmError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`);
  }
  const apiVersion = query.get("api-version");
  const supported = byMethod.map(({ candidate }) => candidate.op.apiVersion);
  if (apiVersion === null || apiVersion === "") {
    throw badRequest("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.", "api-version");
  }
  const chosen = byMethod.find(({ candidate }) => candidate.op.apiVersion === apiVersion);
  if (!chosen) {
    throw badRequest(
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(",")}'.`,
      "api-version",
    );
  }
  const params: Record<string, string> = {};
  chosen.candidate.names.forEach((name, index) => {
    params[name] = decodeURIComponent(chosen.match[index + 1]!);
  });
  for (const parameter of chosen.candidate.op.pathParameters) {
    const issue = validateValue(parameter.schema, params[parameter.serializedName], parameter.serializedName);
    if (issue) {
      throw badRequest("InvalidParameter", `The path parameter '${issue.path}' ${issue.rule} (got '${params[parameter.serializedName]}').`, issue.path);
    }
  }
  return { op: chosen.candidate.op, params };
}

/** Checks a JSON body against the operation's schema; the message names the offending field. */
export function validateBody(op: OperationSpec, body: unknown): void {
  if (!op.body) return;
  if (body === undefined) {
    if (op.body.required) throw badRequest("InvalidRequestContent", `The request content is missing: '${op.body.name}' is required.`, op.body.name);
    return;
  }
  const issue = validateValue(op.body.schema, body, op.body.name);
  if (issue) throw badRequest("InvalidRequestContent", `The request content is invalid: '${issue.path}' ${issue.rule}.`, issue.path);
}
