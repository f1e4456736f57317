// The poller of a method that is long-running at one api-version but answered at once at the selected
// one (Runs_Cancel, Tasks_Create, ... at 2025-03-01-preview): it sends the one request and is done with its
// answer. Nothing is polled and no other request is sent, yet `await`, `pollUntilDone`, `serialize` and
// `restorePoller` work as for any finished operation, so code written for either version runs on both.
import type { OperationState } from "@azure/core-lro";
import { AbortError } from "@azure/abort-controller";
import type { LroOperationOptions, OperationPoller, OperationSpec } from "../generated/runtime.js";
import type { OperationSender } from "./operationSender.js";
import { finalResult, invalidState, type PollerStart, type SerializedPoller } from "./pollerState.js";

export function createFirstResponsePoller<T>(
  sender: OperationSender,
  spec: OperationSpec,
  start: PollerStart,
  options: LroOperationOptions | undefined,
): OperationPoller<T> {
  // A bad serialized state throws here, as restorePoller does for the other pollers.
  let state: OperationState<T> | undefined =
    "resumeFrom" in start ? restoredState<T>(spec, start.resumeFrom) : undefined;
  const answered: Promise<void> =
    "prepare" in start
      ? (async () => {
          // A ValidationError from prepare() rejects `answered`, and so the poller: nothing is sent.
          const prepared = start.prepare();
          const { body } = await sender.send(spec, spec.method, prepared.url, prepared.body, options, true);
          // What the method's type says, as its long-running version resolves to: nothing for a DELETE or a
          // Runs_Cancel, the model (its dates converted already) otherwise.
          state = { status: "succeeded", result: finalResult<T>(spec, body) };
        })()
      : Promise.resolve();
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
function restoredState<T>(spec: OperationSpec, { state }: SerializedPoller): OperationState<T> {
  if (state.status !== "succeeded") {
    throw invalidState(
      `${spec.operationId}: the serialized poller is not a finished ${spec.operationId} at api-version ${spec.apiVersion}`,
    );
  }
  return { status: "succeeded", result: finalResult<T>(spec, state.result) };
}
