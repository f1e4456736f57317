// ARM's throttling signals, read from response headers. ARM keeps a budget of reads per subscription
// (and tenant) and reports what is left on every answer; once it is spent, it answers 429 with
// Retry-After. The waiters and pagers read both: they space their reads out as the budget nears zero,
// and wait as long as a 429 asks; the poller waits as long as Retry-After says between polls. Apart from
// the retry policy (retryPolicy.ts), which only decides what may be sent again.

/** Below this many remaining reads, waiters and pagers slow down (Azure's read bucket holds 250). */
export const ARM_READS_LOW_WATER = 100;
/** How many times longer a waiter waits between reads when no read is left. */
export const MAX_READ_SLOWDOWN = 8;

type Headers = { get(name: string): string | undefined | null };

/** A header holding a non-negative number, or undefined when absent, empty or anything else. */
function headerNumber(headers: Headers, name: string): number | undefined {
  const text = headers.get(name)?.trim();
  const value = Number(text);
  return text && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The reads ARM says are left: the smaller of the subscription's and the tenant's, when it said. */
export function remainingArmReads(headers: Headers): number | undefined {
  const said = ["x-ms-ratelimit-remaining-subscription-reads", "x-ms-ratelimit-remaining-tenant-reads"]
    .map((name) => headerNumber(headers, name))
    .filter((value): value is number => value !== undefined);
  return said.length ? Math.min(...said) : undefined;
}

/** How close ARM's read budget is to empty: 0 while at least ARM_READS_LOW_WATER reads remain (or ARM did not say), 1 at none. */
export function readBudgetPressure(remainingReads: number | undefined): number {
  if (remainingReads === undefined || remainingReads >= ARM_READS_LOW_WATER) return 0;
  return 1 - remainingReads / ARM_READS_LOW_WATER;
}

/** What a waiter's delay is multiplied by: 1 while plenty of reads remain, growing linearly to MAX_READ_SLOWDOWN at none. */
export function readSlowdownFactor(remainingReads: number | undefined): number {
  return 1 + (MAX_READ_SLOWDOWN - 1) * readBudgetPressure(remainingReads);
}

/** The delay a response asks for: retry-after-ms / x-ms-retry-after-ms (ms), or Retry-After (seconds or a date). */
export function retryAfterMsFromHeaders(headers: Headers): number | undefined {
  const ms = headerNumber(headers, "retry-after-ms") ?? headerNumber(headers, "x-ms-retry-after-ms");
  if (ms !== undefined) return ms;
  const retryAfter = headers.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * For an error that says "throttled, come back later" (a 429, or a 503 with Retry-After) and outlived
 * the pipeline's own retries: the delay it asks for (at least 1 s when it names none). Else undefined.
 */
export function throttledRetryAfterMs(error: unknown): number | undefined {
  const failure = error as { statusCode?: number; response?: { headers: Headers } } | undefined;
  const retryAfter = failure?.response ? retryAfterMsFromHeaders(failure.response.headers) : undefined;
  if (failure?.statusCode === 429) return retryAfter ?? 1_000;
  if (failure?.statusCode === 503 && retryAfter !== undefined) return retryAfter;
  return undefined;
}
