// Timer trigger schedules as ACR reads them. ACR Tasks interprets a schedule with NCrontab, in UTC: five
// fields separated by spaces (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6 with
// Sunday 0). A field is `*`, a value, a range `a-b` (given backwards, it is read forwards), a step `/n`
// after any of them (`5/15` is 5 to the end of the field, every 15), or a list of those joined by commas.
// Months and days of the week also take names in English, in any letter case and shortened to any prefix
// (`Jan`, `mon`, `Thursday`; the first name in calendar order wins, so `Ma` is March). A date must match
// both the day of month and the day of week (NCrontab's reading, not Vixie cron's either-or), and a
// schedule that names no date that exists (`0 0 30 2 *`) is valid but never occurs. The cron libraries on
// npm read these differently (either-or days, 7 as Sunday, three-letter names only), hence this module.

export interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const fields: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: "January February March April May June July August September October November December".split(" "),
  },
  { name: "day of week", min: 0, max: 6, names: "Sunday Monday Tuesday Wednesday Thursday Friday Saturday".split(" ") },
];

/** The values each field allows, in field order (minute, hour, day of month, month, day of week). */
export interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: ReadonlySet<number>;
  readonly months: readonly number[];
  readonly daysOfWeek: ReadonlySet<number>;
}

/** A schedule ACR refuses, with the reason. */
export class CronError extends Error {
  override readonly name = "CronError";
}

function value(text: string, field: CronField): number {
  if (/^\d+$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const index = text === "" ? -1 : (field.names?.findIndex((name) => name.toLowerCase().startsWith(lower)) ?? -1);
  if (index >= 0) return field.min + index;
  const allowed = field.names ? `a number or a name (${field.names.join(", ")})` : "a number";
  throw new CronError(`'${text}' is not a valid ${field.name}: it must be ${allowed}`);
}

function inRange(number: number, field: CronField): void {
  if (number < field.min || number > field.max)
    throw new CronError(`${number} is out of range for the ${field.name} (${field.min} to ${field.max})`);
}

/** One element of a field (no commas): `*`, a value or a range, with an optional step. */
function element(text: string, field: CronField, into: Set<number>): void {
  let body = text;
  let step = 1;
  const slash = text.indexOf("/");
  if (slash > 0) {
    const stepText = text.slice(slash + 1);
    if (!/^[+-]?\d+$/.test(stepText)) throw new CronError(`'${stepText}' is not a valid step for the ${field.name}`);
    step = Math.max(1, Number(stepText)); // NCrontab reads a step below 1 as 1
    body = text.slice(0, slash);
  }
  let first: number;
  let last: number;
  const dash = body.indexOf("-");
  if (body === "*") [first, last] = [field.min, field.max];
  else if (dash > 0) {
    [first, last] = [value(body.slice(0, dash), field), value(body.slice(dash + 1), field)];
    if (first > last) [first, last] = [last, first];
  } else {
    first = value(body, field);
    last = slash > 0 ? field.max : first;
  }
  inRange(first, field);
  inRange(last, field);
  for (let n = first; n <= last; n += step) into.add(n);
}

function parseField(text: string, field: CronField): number[] {
  const values = new Set<number>();
  // A list needs something before its first comma; `,5` is read (and refused) as one value.
  const elements = text.indexOf(",") > 0 ? text.split(",") : [text];
  for (const part of elements) {
    if (part === "") throw new CronError(`the ${field.name} has an empty value in '${text}'`);
    element(part, field, values);
  }
  return [...values].sort((a, b) => a - b);
}

/** Reads a schedule; a CronError says why ACR would refuse it. */
export function parseCronSchedule(expression: string): CronSchedule {
  const tokens = expression.split(" ").filter((token) => token !== "");
  if (tokens.length !== 5)
    throw new CronError(
      `it has ${tokens.length} field${tokens.length === 1 ? "" : "s"}; a schedule has 5 (minute, hour, day of month, month, day of week)`,
    );
  const [minutes, hours, days, months, daysOfWeek] = tokens.map((token, index) => parseField(token, fields[index]!));
  return {
    minutes: minutes!,
    hours: hours!,
    days: new Set(days),
    months: months!,
    daysOfWeek: new Set(daysOfWeek),
  };
}

/** How far ahead to look before calling a schedule one that never occurs: the calendar repeats every 400 years. */
const SEARCH_YEARS = 401;
const MINUTE_MS = 60_000;

/**
 * The first occurrence strictly after `afterMs` (UTC, whole minutes), as NCrontab's GetNextOccurrence
 * finds it; undefined for a schedule that never occurs.
 */
export function nextOccurrence(schedule: CronSchedule, afterMs: number): number | undefined {
  const from = new Date(Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  const startYear = from.getUTCFullYear();
  for (let year = startYear; year < startYear + SEARCH_YEARS; year++) {
    for (const month of schedule.months) {
      if (year === startYear && month < from.getUTCMonth() + 1) continue;
      const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
      for (let day = 1; day <= daysInMonth; day++) {
        if (!schedule.days.has(day) || !schedule.daysOfWeek.has(new Date(Date.UTC(year, month - 1, day)).getUTCDay()))
          continue;
        const midnight = Date.UTC(year, month - 1, day);
        if (midnight + 24 * 60 * MINUTE_MS <= from.getTime()) continue;
        const found = firstTimeOfDay(schedule, midnight, from.getTime());
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** The first scheduled minute of the day starting at `midnight` that is not before `notBefore`. */
function firstTimeOfDay(schedule: CronSchedule, midnight: number, notBefore: number): number | undefined {
  for (const hour of schedule.hours)
    for (const minute of schedule.minutes) {
      const at = midnight + (hour * 60 + minute) * MINUTE_MS;
      if (at >= notBefore) return at;
    }
  return undefined;
}
