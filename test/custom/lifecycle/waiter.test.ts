// The waiter's parts: the pure run-state table, the capped jittered backoff, and the loop's handling
// of Retry-After, a first pause, the deadline and abort (on fake timers, so nothing here depends on wall-clock speed).
import { afterEach, describe, expect, it, vi } from "vitest";
import { backoffDelayMs, checkRunState, waitUntil } from "../../../src/custom/lifecycle/index.js";
import type { Run } from "../../../src/generated/v2019_06_01_preview/models.js";

const run = (status?: string): Run => ({ properties: { runId: "cb1", status } });

afterEach(() => {
  vi.useRealTimers();
});

describe("checkRunState", () => {
  it.each([
    ["Succeeded", "success"],
    ["Failed", "failure"],
    ["Error", "failure"],
    ["Timeout", "failure"],
    ["Canceled", "failure"],
    ["Queued", "retry"],
    ["Started", "retry"],
    ["Running", "retry"],
    ["SomethingNew", "retry"],
    ["succeeded", "success"],
    [undefined, "retry"],
  ])("%s → %s", (status, state) => {
    expect(checkRunState(run(status))).toEqual({ state, status });
  });

  it("reads a run without properties as still going", () => {
    expect(checkRunState({}).state).toBe("retry");
  });
});

describe("backoffDelayMs", () => {
  it("starts at the minimum and grows exponentially with the attempt", () => {
    const top = () => 0.999999;
    expect(backoffDelayMs(1, 100, 10_000, top)).toBeCloseTo(100);
    expect(backoffDelayMs(2, 100, 10_000, top)).toBeCloseTo(200, 0);
    expect(backoffDelayMs(4, 100, 10_000, top)).toBeCloseTo(800, 0);
  });

  it("never goes below the minimum nor above the cap, whatever the attempt and the jitter", () => {
    for (const attempt of [1, 2, 5, 10, 50, 1000, 100_000]) {
      for (const jitter of [0, 0.25, 0.5, 0.999999]) {
        const delay = backoffDelayMs(attempt, 250, 5_000, () => jitter);
        expect(delay).toBeGreaterThanOrEqual(250);
        expect(delay).toBeLessThanOrEqual(5_000);
        expect(Number.isFinite(delay)).toBe(true);
      }
    }
    expect(backoffDelayMs(1000, 250, 5_000, () => 0.999999)).toBeCloseTo(5_000, 0);
  });

  it("jitters: different draws give different delays once the ceiling has grown", () => {
    expect(backoffDelayMs(6, 100, 10_000, () => 0)).not.toBe(backoffDelayMs(6, 100, 10_000, () => 0.9));
  });
});

describe("waitUntil", () => {
  it("honours a Retry-After longer than the backoff", async () => {
    vi.useFakeTimers();
    const attempt = vi
      .fn()
      .mockResolvedValueOnce({ value: "pending", retryAfterMs: 30_000 })
      .mockResolvedValueOnce({ value: "done" });
    const result = waitUntil({
      attempt,
      check: (value: string) => ({ state: value === "done" ? "success" : "retry" }),
      minDelayMs: 10,
      maxDelayMs: 100,
      random: () => 0,
    });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(attempt).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toEqual({ state: "success", value: "done", attempts: 2 });
  });

  it("times out at maxWaitMs with the last value seen", async () => {
    vi.useFakeTimers();
    const result = waitUntil({
      attempt: async () => ({ value: "pending" }),
      check: () => ({ state: "retry" as const }),
      minDelayMs: 1_000,
      maxDelayMs: 1_000,
      maxWaitMs: 5_500,
    });
    await vi.advanceTimersByTimeAsync(6_000);
    await expect(result).resolves.toMatchObject({ state: "timeout", value: "pending" });
  });

  it("times out when an attempt hangs past the deadline", async () => {
    vi.useFakeTimers();
    const hanging = (signal: AbortSignal) =>
      new Promise<{ value: string }>((_, reject) =>
        signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" }))),
      );
    const result = waitUntil({
      attempt: hanging,
      check: () => ({ state: "retry" as const }),
      minDelayMs: 1,
      maxDelayMs: 1,
      maxWaitMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toMatchObject({ state: "timeout", value: undefined });
  });

  it("pauses startAfterMs before the first attempt, and the deadline cuts that pause short too", async () => {
    vi.useFakeTimers();
    const attempt = vi.fn(async () => ({ value: "done" }));
    const paused = waitUntil({
      attempt,
      check: () => ({ state: "success" as const }),
      startAfterMs: 500,
      minDelayMs: 1,
      maxDelayMs: 1,
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(attempt).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(paused).resolves.toEqual({ state: "success", value: "done", attempts: 1 });

    const cut = waitUntil({
      attempt,
      check: () => ({ state: "success" as const }),
      startAfterMs: 5_000,
      minDelayMs: 1,
      maxDelayMs: 1,
      maxWaitMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(cut).resolves.toEqual({ state: "timeout", value: undefined, attempts: 0 });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it("rejects with an AbortError when aborted while sleeping, and attempts nothing more", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const attempt = vi.fn(async () => ({ value: "pending" }));
    const result = waitUntil({
      attempt,
      check: () => ({ state: "retry" as const }),
      minDelayMs: 1_000,
      maxDelayMs: 1_000,
      abortSignal: controller.signal,
    });
    const settled = expect(result).rejects.toMatchObject({ name: "AbortError" });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await settled;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
