// The $filter of waitForAll's rounds: `RunId eq '…' or …`, quotes doubled, split so that no URL grows long.
import { describe, expect, it } from "vitest";
import { MAX_ENCODED_FILTER_LENGTH, runIdFilters } from "../../../src/custom/lifecycle/index.js";

describe("runIdFilters", () => {
  it("joins ids with or, doubling quotes as OData does", () => {
    expect(runIdFilters(["cb1", "cb2", "o'brien"])).toEqual([
      "RunId eq 'cb1' or RunId eq 'cb2' or RunId eq 'o''brien'",
    ]);
  });

  it("splits many ids over filters that each stay within the encoded length, keeping every id once and in order", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `cb${(i + 1).toString(36)}`);
    const filters = runIdFilters(ids);
    expect(filters.length).toBeGreaterThan(5);
    for (const filter of filters)
      expect(encodeURIComponent(filter).length).toBeLessThanOrEqual(MAX_ENCODED_FILTER_LENGTH);
    const back = filters.flatMap((filter) => [...filter.matchAll(/RunId eq '([^']*)'/g)].map((match) => match[1]));
    expect(back).toEqual(ids);
  });

  it("gives an id too long for any filter a filter of its own", () => {
    const long = "x".repeat(2_000);
    expect(runIdFilters(["cb1", long, "cb2"], 100)).toEqual(["RunId eq 'cb1'", `RunId eq '${long}'`, "RunId eq 'cb2'"]);
  });

  it("gives no filter for no ids", () => {
    expect(runIdFilters([])).toEqual([]);
  });
});
