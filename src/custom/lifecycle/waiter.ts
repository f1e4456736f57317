// A generic waiter in the style of the AWS SDK v3 ones: a pure check classifies each observed value as
// success, failure or retry, and one loop polls with capped exponential backoff and jitter, honouring
// the server's Retry-After and ARM's remaining-reads budget, an overall deadline and an abort signal.
// Keeping the check pure keeps "what does this state mean" testable apart from "how long do we wait".
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import { delay } from "@azure/core-util";
import {
  readSlowdownFactor,
  remainingArmReads,
  retryAfterMsFromHeaders,
  throttledRetryAfterMs,
} from "../armThrottling.js";
import { isAbortError, linkedAbortController, throwIfAborted } from "./abort.js";

export type WaiterState = "success" | "failure" | "retry";

export interface WaiterAttempt<T> {
  value: T;
  /** The delay the server asked for (Retry-After), if it did. */
  retryAfterMs?: number;
  /** The reads ARM said were left (x-ms-ratelimit-remaining-*-reads), if it said: the delay grows as they near 0. */
  remainingReads?: number;
  /** Something new was seen (a log grew): the backoff starts again from the least delay. */
  progressed?: boolean;
}

export interface WaitUntilOptions<T> {
  /** Observes the value once. Must honour the signal (it fires on abort and at the deadline). */
  attempt(signal: AbortSignal): Promise<WaiterAttempt<T>>;
  /** Classifies an observed value. Pure. */
  check(value: T): { state: WaiterState };
  /** A pause before the first attempt (none by default): a log stream pausing after new output. */
  startAfterMs?: number;
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
export function backoffDelayMs(
  attempt: number,
  minDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
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
    deadline === Infinity
      ? undefined
      : setTimeout(() => deadlineController.abort(), Math.max(0, deadline - Date.now()));
  const { controller, dispose } = linkedAbortController(options.abortSignal, deadlineController.signal);
  let last: T | undefined;
  let attempts = 0;
  // Counts from the last progress, so that the backoff starts over when something new is seen.
  let idleAttempts = 0;
  let remainingReads: number | undefined;
  // The pause before the next attempt; none before the first unless asked for.
  let wanted = options.startAfterMs;
  try {
    for (;;) {
      if (wanted !== undefined) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return { state: "timeout", value: last, attempts };
        try {
          // The deadline cuts the sleep short too: waiting past it could only end in a timeout.
          await delay(Math.min(wanted, remaining), { abortSignal: controller.signal });
        } catch (error) {
          if (options.abortSignal?.aborted) throw new AbortError("The operation was aborted.");
          if (deadlineController.signal.aborted) return { state: "timeout", value: last, attempts };
          throw error;
        }
      }
      try {
        attempts++;
        idleAttempts++;
        const observed = await options.attempt(controller.signal);
        last = observed.value;
        if (observed.progressed) idleAttempts = 1;
        remainingReads = observed.remainingReads ?? remainingReads;
        options.onAttempt?.(observed.value);
        const { state } = options.check(observed.value);
        if (state !== "retry") return { state, value: observed.value, attempts };
        const backoff = backoffDelayMs(idleAttempts, options.minDelayMs, options.maxDelayMs, options.random);
        wanted = Math.max(backoff * readSlowdownFactor(remainingReads), observed.retryAfterMs ?? 0);
      } catch (error) {
        if (options.abortSignal?.aborted) throw new AbortError("The operation was aborted.");
        if (deadlineController.signal.aborted && isAbortError(error))
          return { state: "timeout", value: last, attempts };
        // Throttled beyond the pipeline's own retries: a waiter waits as asked rather than give up.
        const throttled = throttledRetryAfterMs(error);
        if (throttled === undefined) throw error;
        wanted = Math.max(
          throttled,
          backoffDelayMs(idleAttempts, options.minDelayMs, options.maxDelayMs, options.random),
        );
      }
    }
  } finally {
    clearTimeout(deadlineTimer);
    dispose();
  }
}

/** The throttling signals of one ARM response, as a waiter attempt reports them. */
export interface ArmSignals {
  retryAfterMs?: number;
  remainingReads?: number;
}

/**
 * Calls an ARM operation with an `onResponse` that collects its throttling signals (Retry-After and
 * the remaining reads), so the waiter can pace itself on them.
 */
export async function withArmSignals<T>(
  call: (onResponse: (response: { headers: { get(name: string): string | undefined } }) => void) => Promise<T>,
): Promise<{ value: T } & ArmSignals> {
  const signals: ArmSignals = {};
  const value = await call((response) => {
    signals.retryAfterMs = retryAfterMsFromHeaders(response.headers);
    signals.remainingReads = remainingArmReads(response.headers) ?? signals.remainingReads;
  });
  return { value, ...signals };
}
