// What a poller's result and serialized state are, for both kinds of poller (poller.ts, firstResponsePoller.ts).
import { RestError } from "@azure/core-rest-pipeline";
import type { OperationSpec } from "../generated/runtime.js";

/** The operation a serialized poller belongs to, checked so a state cannot resume the wrong method. */
export function checkSerializedState(serialized: string, spec: OperationSpec): string {
  let parsed: { operationId?: unknown; apiVersion?: unknown; state?: unknown };
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw new RestError(`${spec.operationId}: the serialized poller state is not valid JSON`, {
      code: "InvalidPollerState",
    });
  }
  if (typeof parsed !== "object" || parsed === null || typeof parsed.state !== "object" || parsed.state === null) {
    throw new RestError(`${spec.operationId}: the serialized poller state has no state`, {
      code: "InvalidPollerState",
    });
  }
  if (parsed.operationId !== undefined && parsed.operationId !== spec.operationId) {
    throw new RestError(`the serialized poller belongs to ${String(parsed.operationId)}, not ${spec.operationId}`, {
      code: "InvalidPollerState",
    });
  }
  if (parsed.apiVersion !== undefined && parsed.apiVersion !== spec.apiVersion) {
    throw new RestError(
      `${spec.operationId}: the serialized poller was started at api-version ${String(parsed.apiVersion)}, which this client cannot resume`,
      {
        code: "InvalidPollerState",
      },
    );
  }
  return serialized;
}

/** The operation's result from the final body: its dates converted (in place), or nothing for a DELETE. */
export function finalResult<T>(spec: OperationSpec, body: unknown): T {
  if (spec.method === "DELETE" || body === undefined || body === null || typeof body !== "object")
    return undefined as T;
  const deserialize = (spec.responses["200"] ?? spec.responses["201"])?.deserialize;
  return (deserialize ? deserialize(body) : body) as T;
}
