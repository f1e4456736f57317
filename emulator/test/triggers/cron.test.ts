// Timer trigger schedules as ACR reads them (NCrontab's five fields, UTC): what each form means, found as
// the next occurrences after a moment, and what is refused.
import { describe, expect, test } from "vitest";
import { CronError, nextOccurrence, parseCronSchedule } from "../../src/triggers/cron.js";

/** The first `count` occurrences after `after`, as ISO strings. */
function occurrences(expression: string, after: string, count = 4): string[] {
  const schedule = parseCronSchedule(expression);
  const found: string[] = [];
  let at = Date.parse(after);
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(schedule, at);
    if (next === undefined) break;
    found.push(new Date(next).toISOString().replace(".000Z", "Z"));
    at = next;
  }
  return found;
}

const refusal = (expression: string) => {
  try {
    parseCronSchedule(expression);
  } catch (error) {
    expect(error).toBeInstanceOf(CronError);
    return (error as Error).message;
  }
  throw new Error(`'${expression}' was accepted`);
};

describe("what a schedule means", () => {
  test("every minute, strictly after the moment given, on whole minutes", () => {
    expect(occurrences("* * * * *", "2024-01-01T10:00:30Z", 2)).toEqual([
      "2024-01-01T10:01:00Z",
      "2024-01-01T10:02:00Z",
    ]);
    expect(occurrences("* * * * *", "2024-01-01T10:01:00Z", 1)).toEqual(["2024-01-01T10:02:00Z"]);
  });

  test("a value: every hour at 5 past; and across the end of a year", () => {
    expect(occurrences("5 * * * *", "2024-01-01T10:06:00Z", 2)).toEqual([
      "2024-01-01T11:05:00Z",
      "2024-01-01T12:05:00Z",
    ]);
    expect(occurrences("0 0 1 1 *", "2024-06-01T00:00:00Z", 2)).toEqual([
      "2025-01-01T00:00:00Z",
      "2026-01-01T00:00:00Z",
    ]);
  });

  test("ranges (a range given backwards is read forwards)", () => {
    expect(occurrences("0 1-3 * * *", "2024-01-01T00:00:00Z")).toEqual([
      "2024-01-01T01:00:00Z",
      "2024-01-01T02:00:00Z",
      "2024-01-01T03:00:00Z",
      "2024-01-02T01:00:00Z",
    ]);
    expect(occurrences("0 3-1 * * *", "2024-01-01T00:00:00Z")).toEqual(
      occurrences("0 1-3 * * *", "2024-01-01T00:00:00Z"),
    );
  });

  test("lists, of values and of ranges", () => {
    expect(occurrences("20,30,40 * * * *", "2024-01-01T10:25:00Z")).toEqual([
      "2024-01-01T10:30:00Z",
      "2024-01-01T10:40:00Z",
      "2024-01-01T11:20:00Z",
      "2024-01-01T11:30:00Z",
    ]);
    expect(occurrences("0 1-2,22 * * *", "2024-01-01T00:00:00Z")).toEqual([
      "2024-01-01T01:00:00Z",
      "2024-01-01T02:00:00Z",
      "2024-01-01T22:00:00Z",
      "2024-01-02T01:00:00Z",
    ]);
  });

  test("steps: after *, after a range, after a value (to the end of the field); a step below 1 is 1", () => {
    expect(occurrences("*/10 * * * *", "2024-01-01T10:00:00Z", 6).at(-1)).toBe("2024-01-01T11:00:00Z");
    expect(occurrences("5/15 * * * *", "2024-01-01T10:00:00Z")).toEqual([
      "2024-01-01T10:05:00Z",
      "2024-01-01T10:20:00Z",
      "2024-01-01T10:35:00Z",
      "2024-01-01T10:50:00Z",
    ]);
    expect(occurrences("0 8-18/5 * * *", "2024-01-01T00:00:00Z")).toEqual([
      "2024-01-01T08:00:00Z",
      "2024-01-01T13:00:00Z",
      "2024-01-01T18:00:00Z",
      "2024-01-02T08:00:00Z",
    ]);
    expect(occurrences("*/0 * * * *", "2024-01-01T10:00:00Z", 2)).toEqual([
      "2024-01-01T10:01:00Z",
      "2024-01-01T10:02:00Z",
    ]);
  });

  test("names of days and months: any letter case, any prefix (the first in calendar order wins), in ranges and lists", () => {
    // 2024-01-05 is a Friday.
    expect(occurrences("0 12 * * Mon-Fri", "2024-01-05T13:00:00Z", 2)).toEqual([
      "2024-01-08T12:00:00Z",
      "2024-01-09T12:00:00Z",
    ]);
    expect(occurrences("0 12 * * MON-FRI", "2024-01-05T13:00:00Z", 2)).toEqual(
      occurrences("0 12 * * 1-5", "2024-01-05T13:00:00Z", 2),
    );
    expect(occurrences("0 0 * * Thursday", "2024-01-01T00:00:00Z", 1)).toEqual(["2024-01-04T00:00:00Z"]);
    expect(occurrences("0 0 * * t", "2024-01-01T00:00:00Z", 1)).toEqual(["2024-01-02T00:00:00Z"]); // Tuesday
    expect(occurrences("0 0 1 Ma *", "2024-01-01T00:00:00Z", 1)).toEqual(["2024-03-01T00:00:00Z"]); // March
    expect(occurrences("0 0 1 jan,JUL *", "2024-02-01T00:00:00Z", 2)).toEqual([
      "2024-07-01T00:00:00Z",
      "2025-01-01T00:00:00Z",
    ]);
    expect(occurrences("0 0 * * 0", "2024-01-01T00:00:00Z", 1)).toEqual(["2024-01-07T00:00:00Z"]); // Sunday is 0
  });

  test("a date must match both the day of month and the day of week; dates that do not exist are skipped", () => {
    // Friday the 13th: 2024-09-13, then 2024-12-13.
    expect(occurrences("0 0 13 * Fri", "2024-01-01T00:00:00Z", 2)).toEqual([
      "2024-09-13T00:00:00Z",
      "2024-12-13T00:00:00Z",
    ]);
    expect(occurrences("0 0 31 * *", "2024-01-31T00:00:00Z", 2)).toEqual([
      "2024-03-31T00:00:00Z",
      "2024-05-31T00:00:00Z",
    ]);
    expect(occurrences("0 0 29 2 *", "2024-03-01T00:00:00Z", 1)).toEqual(["2028-02-29T00:00:00Z"]);
    expect(occurrences("0 0 30 2 *", "2024-01-01T00:00:00Z")).toEqual([]);
  });

  test("spaces around and between fields do not count", () => {
    expect(occurrences("  0   12 * * *  ", "2024-01-01T00:00:00Z", 1)).toEqual(["2024-01-01T12:00:00Z"]);
  });
});

describe("what is refused, and why", () => {
  test("anything but five fields", () => {
    expect(refusal("* * * *")).toMatch(/4 fields; a schedule has 5/);
    expect(refusal("0 * * * * *")).toMatch(/6 fields/);
    expect(refusal("")).toMatch(/0 fields/);
    expect(refusal("0\t12 * * *")).toMatch(/4 fields/); // fields are separated by spaces only
  });

  test("values out of a field's range (Sunday is 0, never 7)", () => {
    expect(refusal("60 * * * *")).toBe("60 is out of range for the minute (0 to 59)");
    expect(refusal("* 24 * * *")).toMatch(/hour \(0 to 23\)/);
    expect(refusal("* * 0 * *")).toMatch(/day of month \(1 to 31\)/);
    expect(refusal("* * * 13 *")).toMatch(/month \(1 to 12\)/);
    expect(refusal("* * * * 7")).toMatch(/day of week \(0 to 6\)/);
    expect(refusal("* * 0/5 * *")).toMatch(/day of month/);
    expect(refusal("1-60 * * * *")).toMatch(/60 is out of range/);
  });

  test("words that are not names of the field, names where a field has none, malformed lists, ranges and steps", () => {
    expect(refusal("* * * Foo *")).toMatch(/'Foo' is not a valid month: it must be a number or a name \(January, /);
    expect(refusal("* * * * Mondays")).toMatch(/not a valid day of week/);
    expect(refusal("mon * * * *")).toBe("'mon' is not a valid minute: it must be a number");
    expect(refusal("1,,2 * * * *")).toMatch(/empty value/);
    expect(refusal("1, * * * *")).toMatch(/empty value/);
    expect(refusal(",1 * * * *")).toMatch(/not a valid minute/);
    expect(refusal("1-2-3 * * * *")).toMatch(/'2-3' is not a valid minute/);
    expect(refusal("-5 * * * *")).toMatch(/not a valid minute/);
    expect(refusal("*/x * * * *")).toMatch(/'x' is not a valid step/);
    expect(refusal("*/5/2 * * * *")).toMatch(/not a valid step/);
    expect(refusal("*-5 * * * *")).toMatch(/'\*' is not a valid minute/);
  });
});
