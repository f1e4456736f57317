// Routes are built from the generated catalog, so every operation of every feed is served and a new
// operation in the swagger shows up here without code. Matching is case-insensitive, as ARM's. The tasks
// operations are routed twice: at 2025-03-01-preview to that feed's specs (its schemas, its status codes,
// its long-running operations), at the other versions to the 2019-06-01-preview feed's.
import { alternativeFeeds, feeds, type OperationSpec, validateValue } from "acr-tasks/catalog";
import { servedApiVersions, type ServingFeed } from "./apiVersions.js";
import { ArmError, badRequest, requiredApiVersion } from "./armError.js";

interface Route {
  op: OperationSpec;
  pattern: RegExp;
  names: string[];
  /** The api-versions this operation answers (its feed's and, for an original feed, the other published ones). */
  apiVersions: readonly string[];
}

function compile(op: OperationSpec, apiVersions: readonly string[]): Route {
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
  return { op, pattern: new RegExp(`^${source}/?$`, "i"), names, apiVersions };
}

const servingFeeds: readonly (ServingFeed & { operations: readonly OperationSpec[] })[] = [
  ...feeds,
  ...alternativeFeeds,
];
/** Every operation of every feed: 84 by default, and the 25 tasks operations again at 2025-03-01-preview. */
export const allOperations: readonly OperationSpec[] = servingFeeds.flatMap((feed) => feed.operations);
const feedVersionsByPath = new Map<string, string[]>();
for (const op of allOperations)
  feedVersionsByPath.set(op.path, [...(feedVersionsByPath.get(op.path) ?? []), op.apiVersion]);
const routes = servingFeeds.flatMap((feed) =>
  feed.operations.map((op) => compile(op, servedApiVersions(op.path, feed, feedVersionsByPath.get(op.path)!))),
);

export interface RouteMatch {
  op: OperationSpec;
  params: Record<string, string>;
  /** The api-version of the request (one the operation serves, not always its feed's). */
  apiVersion: string;
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
  const apiVersion = requiredApiVersion(query);
  // One feed serves each version of a path: its own feed if it has one, otherwise the original feed.
  const chosen = byMethod.find(({ candidate }) => candidate.apiVersions.includes(apiVersion));
  if (!chosen) {
    const supported = [...new Set(byMethod.flatMap(({ candidate }) => candidate.apiVersions))].sort();
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
      throw badRequest(
        "InvalidParameter",
        `The path parameter '${issue.path}' ${issue.rule} (got '${params[parameter.serializedName]}').`,
        issue.path,
      );
    }
  }
  return { op: chosen.candidate.op, params, apiVersion };
}

/** A PATCH body without its nulls: in a merge-patch, null removes the member, so it is not a value to check. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}

/** Checks a JSON body against the operation's schema; the message names the offending field. */
export function validateBody(op: OperationSpec, body: unknown): void {
  if (!op.body) return;
  if (body === undefined) {
    if (op.body.required)
      throw badRequest(
        "InvalidRequestContent",
        `The request content is missing: '${op.body.name}' is required.`,
        op.body.name,
      );
    return;
  }
  const issue = validateValue(op.body.schema, op.method === "PATCH" ? withoutNulls(body) : body, op.body.name);
  if (issue)
    throw badRequest(
      "InvalidRequestContent",
      `The request content is invalid: '${issue.path}' ${issue.rule}.`,
      issue.path,
    );
}

/**
 * A success the operation's feed does not declare is an emulator bug, which a strict client would take
 * for a refusal: it fails loudly (a 500 naming it) rather than reaching the client.
 */
export function checkDeclaredStatus(op: OperationSpec, status: number): void {
  if (status < 400 && !(String(status) in op.responses)) {
    throw new Error(
      `${op.operationId} at ${op.apiVersion} answered ${status}, which its feed does not declare (${Object.keys(op.responses).join(", ")})`,
    );
  }
}
