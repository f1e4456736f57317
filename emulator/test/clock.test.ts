// The emulator's clock under vitest's fake timers: the emulated time timer triggers read runs 1/timeScale
// times as fast as the wall clock; a timer can be cancelled, and one due beyond setTimeout's longest delay
// still fires when due, never at once.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Clock } from "../src/clock.js";

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the emulated clock", () => {
  test("starts where it is told (the wall clock by default) and runs 1/timeScale times as fast", () => {
    const start = Date.UTC(2031, 5, 1);
    const clock = new Clock(0.01, start);
    expect(new Clock(0.01).emulatedNow()).toBe(Date.now());
    vi.advanceTimersByTime(600);
    expect(clock.emulatedNow()).toBe(start + 60_000);
    expect(clock.wallTimeOf(start + 120_000)).toBe(Date.now() + 600);
    clock.close();
  });

  test("a timer at an emulated moment fires at its wall time; a cancelled one never does", () => {
    const clock = new Clock(0.01, Date.UTC(2031, 5, 1));
    const fired: string[] = [];
    clock.at(clock.wallTimeOf(Date.UTC(2031, 5, 1, 0, 1)), () => fired.push("minute"));
    const cancel = clock.at(clock.wallTimeOf(Date.UTC(2031, 5, 1, 0, 2)), () => fired.push("cancelled"));
    cancel();
    vi.advanceTimersByTime(599);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual(["minute"]);
    clock.close();
  });

  test("a moment further than setTimeout reaches (about 24.8 days) fires when due, not at once", () => {
    const clock = new Clock(1);
    const fired: number[] = [];
    const due = Date.now() + 40 * 24 * 3600_000;
    clock.at(due, () => fired.push(Date.now()));
    vi.advanceTimersByTime(30 * 24 * 3600_000);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(10 * 24 * 3600_000);
    expect(fired).toEqual([due]);
    clock.close();
  });
});
