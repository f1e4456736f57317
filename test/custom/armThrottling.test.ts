// ARM's throttling signals (src/custom/armThrottling.ts): the remaining reads, the slowdown they cause,
// and the wait a throttled answer asks for.
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, test } from "vitest";
import { readSlowdownFactor, remainingArmReads, throttledRetryAfterMs } from "../../src/custom/armThrottling.js";

describe("ARM's throttling signals", () => {
  const headers = (entries: Record<string, string>) => createHttpHeaders(entries);

  test("the remaining reads are the smaller of the subscription's and the tenant's; nonsense is ignored", () => {
    expect(remainingArmReads(headers({ "x-ms-ratelimit-remaining-subscription-reads": "11999" }))).toBe(11999);
    expect(
      remainingArmReads(
        headers({ "x-ms-ratelimit-remaining-subscription-reads": "40", "x-ms-ratelimit-remaining-tenant-reads": "7" }),
      ),
    ).toBe(7);
    expect(remainingArmReads(headers({ "x-ms-ratelimit-remaining-subscription-reads": "lots" }))).toBeUndefined();
    expect(remainingArmReads(headers({}))).toBeUndefined();
  });

  test("the slowdown is 1 from 100 remaining reads up, and grows linearly to 8 at none", () => {
    expect([undefined, 250, 100, 50, 0].map(readSlowdownFactor)).toEqual([1, 1, 1, 4.5, 8]);
  });

  test("a 429 (or a 503 with Retry-After) that outlived the pipeline's retries says how long to wait", () => {
    const failure = (statusCode: number, retryAfter?: string) => ({
      statusCode,
      response: { headers: headers(retryAfter ? { "retry-after": retryAfter } : {}) },
    });
    expect(throttledRetryAfterMs(failure(429, "12"))).toBe(12_000);
    expect(throttledRetryAfterMs(failure(429))).toBe(1_000);
    expect(throttledRetryAfterMs(failure(503, "3"))).toBe(3_000);
    expect(throttledRetryAfterMs(failure(503))).toBeUndefined();
    expect(throttledRetryAfterMs(failure(500, "3"))).toBeUndefined();
    expect(throttledRetryAfterMs(new Error("boom"))).toBeUndefined();
  });
});
