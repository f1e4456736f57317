// The safety-net schedule of the log followers, on an injected clock: 30 s while the run has no log,
// at least 5 min once its log has content, doubling after each check (up to an hour), put off by output.
import { describe, expect, it } from "vitest";
import { SafetyNet } from "../../../src/custom/lifecycle/index.js";

const s = 1_000;

/** The times (in s) at which a net checks, polled every second until `until`, with log output at the given times. */
function checks(net: SafetyNet, until: number, output: Record<number, number> = {}): number[] {
  const at: number[] = [];
  for (let t = 0; t <= until; t++) {
    if (output[t] !== undefined) net.logGrew(output[t]!, t * s);
    if (net.isDue(t * s)) {
      at.push(t);
      net.checked(t * s);
    }
  }
  return at;
}

describe("SafetyNet", () => {
  it("checks 30 s into a wait with no log, then after 60 s, 120 s, 240 s ...", () => {
    expect(checks(new SafetyNet(30 * s, 0), 1000)).toEqual([30, 90, 210, 450, 930]);
  });

  it("waits at least 5 minutes once the log has content: a silent 10-minute run gets one check", () => {
    expect(checks(new SafetyNet(30 * s, 0), 600, { 2: 500 })).toEqual([302]);
  });

  it("is put off by every bit of new output: a run that logs at least every 5 minutes gets none", () => {
    const output: Record<number, number> = {};
    for (let t = 1; t <= 3600; t += 240) output[t] = t * 10;
    expect(checks(new SafetyNet(30 * s, 0), 3600, output)).toEqual([]);
  });

  it("never waits more than an hour between two checks", () => {
    const at = checks(new SafetyNet(30 * s, 0), 8 * 3600, { 1: 10 });
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(Math.max(...gaps)).toBe(3600);
    expect(at.length).toBeLessThanOrEqual(12);
  });

  it("scales with its interval, as tests and time-scaled emulators use it", () => {
    expect(checks(new SafetyNet(1 * s, 0), 40)).toEqual([1, 3, 7, 15, 31]);
    expect(checks(new SafetyNet(1 * s, 0), 40, { 0: 1 })).toEqual([10, 30]);
  });
});
