// A generic waiter in the style of the AWS SDK v3 ones: a pure check classifies each observed value as
// success, failure or retry, and one loop polls with capped exponential backoff and jitter, honouring
// the server's Retry-After, an overall deadline and an abort signal. Keeping the check pure keeps
// "what does this state mean" testable apart from "how long do we wait".
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { delay } from "@azure/core-util";
import { isAbortError, linkedAbortController, throwIfAborted } from "./abort.js";

export type WaiterState = "success" | "failure" | "retry";

export interface WaiterAttempt<T> {
  value: T;
  /** The delay the server asked for (Retry-After), if it did. */
  retryAfterMs?: number;
}

export interface WaitUntilOptions<T> {
  /** Observes the value once. Must honour the signal (it fires on abort and at the deadline). */
  attempt(signal: AbortSignal): Promise<WaiterAttempt<T>>;
  /** Classifies an observed value. Pure. */
  check(value: T): { state: WaiterState };
  /** The first delay, and the least one. */
  minDelayMs: number;
  /** No computed delay exceeds this (a longer Retry-After is still honoured). */
  maxDelayMs: number;
  /** Gives up with a "timeout" result after this long. No limit when absent. */
  maxWaitMs?: number;
  abortSignal?: AbortSignalLike;
  /** Called with every observed value. */
  onAttempt?(value: T): void;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
}

export type WaitResult<T> =
  | { state: "success" | "failure"; value: T; attempts: number }
  | { state: "timeout"; value: T | undefined; attempts: number };

/**
 * The delay before attempt `attempt + 1` (attempt counts from 1): drawn uniformly from
 * [minDelayMs, min(maxDelayMs, minDelayMs * 2^(attempt-1))], so it grows exponentially, is capped, and
 * is jittered so that many waiters started together do not poll in lockstep.
 */
export function backoffDelayMs(attempt: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const min = Math.max(0, Math.min(minDelayMs, maxDelayMs));
  // Clamp the exponent: 2^1024 is Infinity, and the cap is reached long before anyway.
  const ceiling = Math.min(maxDelayMs, min * 2 ** Math.min(Math.max(attempt - 1, 0), 64));
  return min + random() * Math.max(0, ceiling - min);
}

/**
 * Polls until the check says success or failure, the deadline passes ("timeout", with the last value
 * seen) or the signal fires (rejects with an AbortError; no request is started after that).
 * Errors thrown by `attempt` propagate.
 */
export async function waitUntil<T>(options: WaitUntilOptions<T>): Promise<WaitResult<T>> {
  throwIfAborted(options.abortSignal);
  const deadline = options.maxWaitMs === undefined ? Infinity : Date.now() + options.maxWaitMs;
  // One signal for the attempts: the caller's abort, or the deadline passing mid-request.
  const deadlineController = new AbortController();
  const deadlineTimer =
    deadline === Infinity ? undefined : setTimeout(() => deadlineController.abort(), Math.max(0, deadline - Date.now()));
  const { controller, dispose } = linkedAbortController(options.abortSignal, deadlineController.signal);
  let last: T | undefined;
  let attempts = 0;
  try {
    for (;;) {
      let observed: WaiterAttempt<T>;
      try {
        attempts++;
        observed = await options.attempt(controller.signal);
      } catch (error) {
        if (options.abortSignal?.aborted) throw new AbortError("The operation was aborted.");
        if (deadlineController.signal.aborted && isAbortError(error)) return { state: "timeout", value: last, attempts };
        throw error;
      }
      last = observed.value;
      options.onAttempt?.(observed.value);
      const { state } = options.check(observed.value);
      if (state !== "retry") return { state, value: observed.value, attempts };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { state: "timeout", value: last, attempts };
      const wanted = Math.max(backoffDelayMs(attempts, options.minDelayMs, options.maxDelayMs, options.random), observed.retryAfterMs ?? 0);
      try {
        // The deadline cuts the sleep short too: waiting past it could only end in a timeout.
        await delay(Math.min(wanted, remaining), { abortSignal: controller.signal });
      } catch (error) {
        if (options.abortSignal?.aborted) throw new AbortError("The operation was aborted.");
        if (deadlineController.signal.aborted) return { state: "timeout", value: last, attempts };
        throw error;
      }
    }
  } finally {
    clearTimeout(deadlineTimer);
    dispose();
  }
}

/** The delay a response asks for: retry-after-ms / x-ms-retry-after-ms (ms), or Retry-After (seconds or a date). */
export function retryAfterMsFromHeaders(headers: { get(name: string): string | undefined }): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = Number(headers.get(name));
    if (headers.get(name) !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get("retry-after");
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
