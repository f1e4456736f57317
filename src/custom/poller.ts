// Long-running operations: core-lro v3's HTTP poller does the ARM protocol (Azure-AsyncOperation,
// Location, provisioningState); this wrapper owns the wait between polls so that Retry-After is
// honoured exactly (0 included, which core-lro treats as "not set"), and turns failures into RestErrors.
// A method whose selected api-version is not long-running gets a poller done with its first response.
import type { OperationState, RunningOperation, OperationResponse } from "@azure/core-lro";
import { createHttpPoller } from "@azure/core-lro";
import { delay } from "@azure/core-util";
import { AbortError } from "@azure/abort-controller";
import { RestError } from "@azure/core-rest-pipeline";
import type { LroOperationOptions, OperationPoller, OperationSpec, SimplePollerLike } from "../generated/runtime.js";
import { retryAfterMsFromHeaders } from "./armThrottling.js";
import { createArmError } from "./errors.js";
import { createFirstResponsePoller } from "./firstResponsePoller.js";
import type { OperationSender, ParsedResponse } from "./operationSender.js";
import { finalResult, type PollerStart } from "./pollerState.js";

const DEFAULT_INTERVAL_MS = 2000;

export function createOperationPoller<T>(
  sender: OperationSender,
  spec: OperationSpec,
  start: PollerStart,
  options: LroOperationOptions | undefined,
): OperationPoller<T> {
  if (!spec.lro) return createFirstResponsePoller<T>(sender, spec, start, options);
  let last: ParsedResponse | undefined;
  const operation: RunningOperation = {
    // core-lro calls this as the poller is made, so a ValidationError from prepare() rejects the
    // poller's promise at once, and nothing is sent.
    sendInitialRequest: async () => {
      if (!("prepare" in start)) throw new Error(`${spec.operationId}: a restored poller sends no first request`);
      const prepared = start.prepare();
      last = await sender.send(spec, spec.method, prepared.url, prepared.body, options, true);
      return toOperationResponse(last);
    },
    sendPollRequest: async (path, pollOptions) => {
      const url = new URL(path, sender.endpoint).toString();
      const abortSignal = pollOptions?.abortSignal ?? options?.abortSignal;
      last = await sender.send(spec, "GET", url, undefined, { ...options, abortSignal }, false);
      return toOperationResponse(last);
    },
  };
  const resumed = "resumeFrom" in start ? start.resumeFrom : undefined;
  const inner = createHttpPoller<T, OperationState<T>>(operation, {
    restoreFrom: resumed?.text,
    resourceLocationConfig: spec.lro?.finalStateVia,
    resolveOnUnsuccessful: true,
    processResult: async (body) => finalResult<T>(spec, body),
  });
  // A poller nobody awaits must not crash the process with an unhandled rejection.
  inner.submitted().catch(() => undefined);
  // A state serialized after completion carries its result as JSON: give its dates back.
  const restored = resumed ? inner.operationState : undefined;
  if (restored?.result !== undefined && restored.result !== null && typeof restored.result === "object") {
    restored.result = finalResult<T>(spec, restored.result);
  }

  // The advised wait (retry-after-ms first, then Retry-After; 0 means "poll again now"), else the interval.
  const nextDelay = (): number =>
    (last ? retryAfterMsFromHeaders(last.response.headers) : undefined) ??
    options?.updateIntervalInMs ??
    DEFAULT_INTERVAL_MS;
  const outcome = (): T => {
    const state = inner.operationState!;
    if (state.status === "succeeded") return state.result as T;
    if (state.status === "canceled")
      throw new RestError(`${spec.operationId}: the operation was canceled`, { code: "OperationCanceled" });
    throw failureError(spec, last, state.error);
  };
  let running: Promise<T> | undefined;
  const pollUntilDone = (pollOptions?: { abortSignal?: AbortSignalLike }): Promise<T> => {
    running ??= (async () => {
      const abortSignal = pollOptions?.abortSignal ?? options?.abortSignal;
      await inner.submitted();
      while (!inner.isDone) {
        // Retry-After: 0 means "poll again now": setTimeout(0) would still wait ~1 ms (Node's clamp).
        const ms = nextDelay();
        if (ms > 0) await delay(ms, { abortSignal });
        else if (abortSignal?.aborted) throw new AbortError("The operation was aborted.");
        await inner.poll({ abortSignal });
      }
      return outcome();
    })().finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    get isDone() {
      return inner.isDone;
    },
    get operationState() {
      return inner.operationState;
    },
    get result() {
      return inner.result;
    },
    poll: (pollOptions) => inner.poll(pollOptions),
    pollUntilDone,
    onProgress: (callback) => inner.onProgress(callback),
    serialize: async () =>
      JSON.stringify({
        operationId: spec.operationId,
        apiVersion: spec.apiVersion,
        ...JSON.parse(await inner.serialize()),
      }),
    submitted: () => inner.submitted(),
    then: (onFulfilled, onRejected) => pollUntilDone().then(onFulfilled, onRejected),
    catch: (onRejected) => pollUntilDone().catch(onRejected),
    finally: (onFinally) => pollUntilDone().finally(onFinally),
    [Symbol.toStringTag]: "Poller",
  };
}

type AbortSignalLike = NonNullable<LroOperationOptions["abortSignal"]>;

/** The poller without its promise side, for the old SDK's `begin*` methods. */
export function toSimplePoller<T>(poller: OperationPoller<T>): SimplePollerLike<T> {
  return {
    get isDone() {
      return poller.isDone;
    },
    get operationState() {
      return poller.operationState;
    },
    get result() {
      return poller.result;
    },
    poll: (o) => poller.poll(o),
    pollUntilDone: (o) => poller.pollUntilDone(o),
    onProgress: (c) => poller.onProgress(c),
    serialize: () => poller.serialize(),
    submitted: () => poller.submitted(),
  };
}

function toOperationResponse({ response, body }: ParsedResponse): OperationResponse {
  return {
    flatResponse: body,
    rawResponse: {
      statusCode: response.status,
      request: { method: response.request.method, url: response.request.url },
      headers: response.headers.toJSON(),
      body,
    },
  };
}

function failureError(spec: OperationSpec, last: ParsedResponse | undefined, cause: Error | undefined): RestError {
  if (last) {
    const error = createArmError(spec.operationId, last.response, last.body);
    if (error.code && !error.code.startsWith("HttpStatus")) return error;
  }
  return new RestError(
    `${spec.operationId} failed: ${cause?.message ?? "the service reported the operation as failed"}`,
    {
      code: (cause as { code?: string } | undefined)?.code ?? "OperationFailed",
      statusCode: last?.response.status,
    },
  );
}
