// What a poller starts from and what its result is, for both kinds of poller (poller.ts,
// firstResponsePoller.ts). A serialized poller is parsed here, once: the version to resume at, the
// checks that it belongs to the method, and the state the pollers resume from all come from that parse.
import { RestError } from "@azure/core-rest-pipeline";
import type { OperationSpec, ResponseSpec, VersionedOperation } from "../generated/runtime.js";
import type { PreparedRequest } from "./request.js";
import { specToResume } from "./versions.js";

/** A state from `poller.serialize()`, parsed. */
export interface SerializedPoller {
  /** The text as given: core-lro reads its own part of it. */
  text: string;
  operationId?: unknown;
  apiVersion?: unknown;
  /** core-lro's state (its status and, once done, its result as JSON). */
  state: { status?: unknown; result?: unknown };
}

/**
 * How a poller begins: by sending its first request, prepared (validated) when the poller sends it so
 * that bad input rejects the poller rather than throwing out of the method; or from a serialized state.
 */
export type PollerStart = { prepare: () => PreparedRequest } | { resumeFrom: SerializedPoller };

/**
 * Parses a serialized poller and picks the spec it resumes with: the api-version it was started at,
 * whatever the client selects now. Throws a RestError (code InvalidPollerState) for a state that is not
 * one, or that belongs to another method or to an api-version this client cannot resume.
 */
export function restoreSerializedPoller(
  operation: OperationSpec | VersionedOperation,
  text: string,
): { spec: OperationSpec; saved: SerializedPoller } {
  const saved = parse(text, operation.operationId);
  const spec = specToResume(operation, saved.apiVersion);
  if (saved.operationId !== undefined && saved.operationId !== spec.operationId) {
    throw invalidState(`the serialized poller belongs to ${String(saved.operationId)}, not ${spec.operationId}`);
  }
  if (saved.apiVersion !== undefined && saved.apiVersion !== spec.apiVersion) {
    throw invalidState(
      `${spec.operationId}: the serialized poller was started at api-version ${String(saved.apiVersion)}, which this client cannot resume`,
    );
  }
  return { spec, saved };
}

function parse(text: string, operationId: string): SerializedPoller {
  let parsed: { operationId?: unknown; apiVersion?: unknown; state?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidState(`${operationId}: the serialized poller state is not valid JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || typeof parsed.state !== "object" || parsed.state === null) {
    throw invalidState(`${operationId}: the serialized poller state has no state`);
  }
  return { text, operationId: parsed.operationId, apiVersion: parsed.apiVersion, state: parsed.state };
}

export function invalidState(message: string): RestError {
  return new RestError(message, { code: "InvalidPollerState" });
}

/**
 * The operation's result from the final body, as its method's type says (codegen/ types it from the same
 * responses): the body with its dates converted (in place) for an operation that answers with a model,
 * and nothing for a DELETE or an operation whose answers have no model (Runs_Cancel, Registries_ImportImage,
 * ConnectedRegistries_Deactivate), whatever body the service sends.
 */
export function finalResult<T>(spec: OperationSpec, body: unknown): T {
  const response = resultResponse(spec);
  if (!response || body === undefined || body === null || typeof body !== "object") return undefined as T;
  return (response.deserialize ? response.deserialize(body) : body) as T;
}

/** The response whose model the method resolves to: the first with a model that is not a 202, else any with one. */
function resultResponse(spec: OperationSpec): ResponseSpec | undefined {
  if (spec.method === "DELETE") return undefined;
  const withModel = Object.entries(spec.responses).filter(([, response]) => response.bodyType);
  return (withModel.find(([status]) => status !== "202") ?? withModel[0])?.[1];
}
