// The poller of a method that is long-running at one api-version but answered at once at the selected
// one (Runs_Cancel, Tasks_Create, ... at 2025-03-01-preview): it sends the one request and is done with its
// answer. Nothing is polled and no other request is sent, yet `await`, `pollUntilDone`, `serialize` and
// `restorePoller` work as for any finished operation, so code written for either version runs on both.
import type { OperationState } from "@azure/core-lro";
import { AbortError } from "@azure/abort-controller";
import { RestError } from "@azure/core-rest-pipeline";
import type { LroOperationOptions, OperationPoller, OperationSpec } from "../generated/runtime.js";
import type { PipelineOperationContext } from "./context.js";
import { checkSerializedState, finalResult } from "./pollerState.js";
import type { PreparedRequest } from "./request.js";

export function createFirstResponsePoller<T>(
  context: PipelineOperationContext,
  spec: OperationSpec,
  prepared: PreparedRequest | Error | undefined,
  options: LroOperationOptions | undefined,
): OperationPoller<T> {
  // A bad serialized state throws here, as restorePoller does for the other pollers.
  let state: OperationState<T> | undefined = options?.resumeFrom
    ? restoredState<T>(spec, options.resumeFrom)
    : undefined;
  const answered: Promise<void> = state
    ? Promise.resolve()
    : (async () => {
        if (prepared instanceof Error) throw prepared; // a ValidationError: nothing is sent
        const { body } = await context.send(spec, spec.method, prepared!.url, prepared!.body, options, true);
        // The answer's dates are converted already; a DELETE resolves to nothing, as its long-running version does.
        state = { status: "succeeded", result: (spec.method === "DELETE" ? undefined : body) as T };
      })();
  // A poller nobody awaits must not crash the process with an unhandled rejection.
  answered.catch(() => undefined);

  const pollUntilDone = async (pollOptions?: {
    abortSignal?: NonNullable<LroOperationOptions["abortSignal"]>;
  }): Promise<T> => {
    if (pollOptions?.abortSignal?.aborted) throw new AbortError("The operation was aborted.");
    await answered;
    return state!.result as T;
  };
  return {
    get isDone() {
      return state !== undefined;
    },
    get operationState() {
      return state;
    },
    get result() {
      return state?.result;
    },
    poll: async () => {
      await answered;
      return state!;
    },
    pollUntilDone,
    // There is no poll, so nothing to report.
    onProgress: () => () => undefined,
    serialize: async () => {
      await answered;
      return JSON.stringify({ operationId: spec.operationId, apiVersion: spec.apiVersion, state });
    },
    submitted: () => answered,
    then: (onFulfilled, onRejected) => pollUntilDone().then(onFulfilled, onRejected),
    catch: (onRejected) => pollUntilDone().catch(onRejected),
    finally: (onFinally) => pollUntilDone().finally(onFinally),
    [Symbol.toStringTag]: "Poller",
  };
}

/** A finished state from `serialize()`; its result's dates come back as Dates. */
function restoredState<T>(spec: OperationSpec, serialized: string): OperationState<T> {
  const { state } = JSON.parse(checkSerializedState(serialized, spec)) as {
    state: { status?: unknown; result?: unknown };
  };
  if (state.status !== "succeeded") {
    throw new RestError(
      `${spec.operationId}: the serialized poller is not a finished ${spec.operationId} at api-version ${spec.apiVersion}`,
      {
        code: "InvalidPollerState",
      },
    );
  }
  return { status: "succeeded", result: finalResult<T>(spec, state.result) };
}
