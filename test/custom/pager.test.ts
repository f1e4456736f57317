// Pageable operations: nextLink following, continuation tokens (also in a new client = new process),
// maxPageSize re-slicing with mid-page tokens, foreign-host next links, empty pages, $top/$filter.
import { createHttpHeaders, type HttpClient } from "@azure/core-rest-pipeline";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Run } from "../../src/index.js";
import { ValidationError } from "../../src/index.js";
import { ARM, REGISTRY, REGISTRY_PATH, RG, makeClient, scripted, setupNock, teardownNock } from "./_support/client.js";

/** Waits, in real time (setImmediate is not faked), until the condition holds. */
async function untilReal(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

const RUNS = `${REGISTRY_PATH}/runs`;
const API = "2019-06-01-preview";

function run(id: string): Record<string, unknown> {
  return {
    id: `${RUNS}/${id}`,
    name: id,
    properties: { runId: id, createTime: "2024-01-02T03:04:05Z", status: "Succeeded" },
  };
}
function ids(items: Run[]): string[] {
  return items.map((r) => r.name!);
}
function page(items: string[], next?: string): Record<string, unknown> {
  return {
    value: items.map(run),
    ...(next ? { nextLink: `${ARM}${RUNS}?api-version=${API}&$skipToken=${next}` } : {}),
  };
}

beforeEach(setupNock);
afterEach(teardownNock);

describe("listing", () => {
  test("follows nextLink across service pages and converts item dates", async () => {
    const { requests } = scripted(ARM, [
      { status: 200, body: page(["a", "b"], "p2") },
      { status: 200, body: page(["c"]) },
    ]);
    const items: Run[] = [];
    for await (const item of makeClient().runs.list(RG, REGISTRY)) items.push(item);
    expect(ids(items)).toEqual(["a", "b", "c"]);
    expect(items[0].properties!.createTime).toEqual(new Date("2024-01-02T03:04:05Z"));
    expect(requests.map((r) => r.uri)).toEqual([
      `${RUNS}?api-version=${API}`,
      `${RUNS}?api-version=${API}&$skipToken=p2`,
    ]);
  });

  test("byPage yields the service pages with continuation tokens; the last page has none", async () => {
    scripted(ARM, [
      { status: 200, body: page(["a", "b"], "p2") },
      { status: 200, body: page(["c"]) },
    ]);
    const pages = [];
    for await (const p of makeClient().runs.list(RG, REGISTRY).byPage())
      pages.push({ ids: ids(p), token: p.continuationToken });
    expect(pages).toEqual([
      { ids: ["a", "b"], token: `${ARM}${RUNS}?api-version=${API}&$skipToken=p2` },
      { ids: ["c"], token: undefined },
    ]);
  });

  test("a continuation token resumes listing where the page left off", async () => {
    scripted(ARM, [{ status: 200, body: page(["a"], "p2") }]);
    const first = await makeClient().runs.list(RG, REGISTRY).byPage().next();
    const token = first.value!.continuationToken!;
    const { requests } = scripted(ARM, [
      { status: 200, body: page(["b"], "p3") },
      { status: 200, body: page(["c"]) },
    ]);
    const rest: string[] = [];
    for await (const p of makeClient().runs.list(RG, REGISTRY).byPage({ continuationToken: token }))
      rest.push(...ids(p));
    expect(rest).toEqual(["b", "c"]);
    expect(requests[0].query.$skipToken).toBe("p2");
  });

  test("a continuation token resumes in a new client instance (a new process: only the string survives)", async () => {
    scripted(ARM, [{ status: 200, body: page(["a", "b", "c"], "p2") }]);
    const first = await makeClient({ token: "first-process" })
      .runs.list(RG, REGISTRY)
      .byPage({ maxPageSize: 2 })
      .next();
    expect(ids(first.value!)).toEqual(["a", "b"]);
    const token = JSON.parse(JSON.stringify({ token: first.value!.continuationToken })).token as string;

    const { requests } = scripted(ARM, [
      { status: 200, body: page(["a", "b", "c"], "p2") },
      { status: 200, body: page(["d"]) },
    ]);
    const second = makeClient({ token: "second-process" });
    const rest: string[] = [];
    for await (const p of second.runs.list(RG, REGISTRY).byPage({ continuationToken: token, maxPageSize: 2 }))
      rest.push(...ids(p));
    expect(rest).toEqual(["c", "d"]);
    expect(requests.every((r) => r.headers.authorization === "Bearer second-process")).toBe(true);
  });

  test("maxPageSize re-slices service pages, and a token taken mid-page resumes mid-page", async () => {
    scripted(ARM, [
      { status: 200, body: page(["a", "b", "c", "d", "e"], "p2") },
      { status: 200, body: page(["f"]) },
    ]);
    const pages: { ids: string[]; token?: string }[] = [];
    for await (const p of makeClient().runs.list(RG, REGISTRY).byPage({ maxPageSize: 2 }))
      pages.push({ ids: ids(p), token: p.continuationToken });
    expect(pages.map((p) => p.ids)).toEqual([["a", "b"], ["c", "d"], ["e"], ["f"]]);
    expect(pages[3].token).toBeUndefined();
    // the token after ["a","b"] points into the middle of the first service page
    const { requests } = scripted(ARM, [
      { status: 200, body: page(["a", "b", "c", "d", "e"], "p2") },
      { status: 200, body: page(["f"]) },
    ]);
    const resumed: string[][] = [];
    for await (const p of makeClient()
      .runs.list(RG, REGISTRY)
      .byPage({ maxPageSize: 3, continuationToken: pages[0].token }))
      resumed.push(ids(p));
    expect(resumed).toEqual([["c", "d", "e"], ["f"]]);
    expect(requests.map((r) => r.query.$skipToken)).toEqual([undefined, "p2"]);
  });

  test("maxPageSize and continuation tokens are validated before any request", async () => {
    const { requests } = scripted(ARM, []);
    const client = makeClient();
    await expect(client.runs.list(RG, REGISTRY).byPage({ maxPageSize: 0 }).next()).rejects.toThrow(ValidationError);
    await expect(client.runs.list(RG, REGISTRY).byPage({ maxPageSize: 1.5 }).next()).rejects.toThrow(/maxPageSize/);
    await expect(client.runs.list(RG, REGISTRY).byPage({ continuationToken: "not a token" }).next()).rejects.toThrow(
      /continuationToken/,
    );
    expect(requests).toEqual([]);
  });

  test("bad arguments reject the first next() instead of throwing from list(), and nothing is sent", async () => {
    const { requests } = scripted(ARM, []);
    const pager = makeClient().runs.list(RG, "bad-name!", { top: 1.5 });
    await expect(pager.next()).rejects.toThrow(ValidationError);
    await expect(makeClient().runs.list(RG, "bad-name!").byPage().next()).rejects.toThrow(/registryName/);
    expect(requests).toEqual([]);
  });

  test("a nextLink to a foreign host is refused, and the token is never sent there", async () => {
    const evil = nock("https://evil.example.com")
      .get(() => true)
      .reply(200, { value: [] });
    scripted(ARM, [
      { status: 200, body: { value: [run("a")], nextLink: `https://evil.example.com${RUNS}?api-version=${API}` } },
    ]);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of makeClient().runs.list(RG, REGISTRY)) seen.push(item.name!);
      })(),
    ).rejects.toThrow(/refusing to send the credential to https:\/\/evil\.example\.com/);
    expect(seen).toEqual(["a"]);
    expect(evil.isDone()).toBe(false);
  });

  test("a continuation token naming a foreign host is refused too", async () => {
    const evil = nock("https://evil.example.com")
      .get(() => true)
      .reply(200, { value: [] });
    const iterator = makeClient()
      .runs.list(RG, REGISTRY)
      .byPage({ continuationToken: `https://evil.example.com${RUNS}?api-version=${API}` });
    await expect(iterator.next()).rejects.toThrow(/refusing to send the credential/);
    expect(evil.isDone()).toBe(false);
  });

  test("the same host on another port or scheme counts as foreign", async () => {
    scripted(ARM, [
      { status: 200, body: { value: [], nextLink: `https://management.azure.com:444${RUNS}?api-version=${API}` } },
    ]);
    await expect(makeClient().runs.list(RG, REGISTRY).next()).rejects.toThrow(/refusing to send the credential/);
  });

  test("empty service pages are skipped when more follow; an empty listing yields one empty page", async () => {
    const { requests } = scripted(ARM, [
      { status: 200, body: page([], "p2") },
      { status: 200, body: { nextLink: `${ARM}${RUNS}?api-version=${API}&$skipToken=p3` } }, // no value at all
      { status: 200, body: page(["a"], "p4") },
      { status: 200, body: page([]) },
    ]);
    const pages: string[][] = [];
    for await (const p of makeClient().runs.list(RG, REGISTRY).byPage()) pages.push(ids(p));
    expect(pages).toEqual([["a"], []]);
    expect(requests).toHaveLength(4);

    scripted(ARM, [{ status: 200, body: { value: [] } }]);
    const only: string[][] = [];
    for await (const p of makeClient().runs.list(RG, REGISTRY).byPage()) only.push(ids(p));
    expect(only).toEqual([[]]);
    scripted(ARM, [{ status: 200, body: { value: [] } }]);
    const items: Run[] = [];
    for await (const item of makeClient().runs.list(RG, REGISTRY)) items.push(item);
    expect(items).toEqual([]);
  });

  test("top and filter are sent as $top and $filter, once (next links carry their own query)", async () => {
    const { requests } = scripted(ARM, [
      { status: 200, body: page(["a"], "p2") },
      { status: 200, body: page(["b"]) },
    ]);
    const items: Run[] = [];
    for await (const item of makeClient().runs.list(RG, REGISTRY, {
      top: 10,
      filter: "Status eq 'Running' and TaskName eq 'x&y'",
    }))
      items.push(item);
    expect(ids(items)).toEqual(["a", "b"]);
    expect(requests[0].query).toEqual({
      "api-version": API,
      $top: "10",
      $filter: "Status eq 'Running' and TaskName eq 'x&y'",
    });
    expect(requests[1].query).toEqual({ "api-version": API, $skipToken: "p2" });
  });

  test("a next link without api-version gets the operation's api-version added", async () => {
    const { requests } = scripted(ARM, [
      { status: 200, body: { value: [run("a")], nextLink: `${ARM}${RUNS}?$skipToken=p2` } },
      { status: 200, body: page(["b"]) },
    ]);
    const items: Run[] = [];
    for await (const item of makeClient().runs.list(RG, REGISTRY)) items.push(item);
    expect(requests[1].query).toEqual({ $skipToken: "p2", "api-version": API });
  });

  test("a page whose value is not an array is a RestError, not a crash", async () => {
    scripted(ARM, [{ status: 200, body: { value: { not: "an array" } } }]);
    await expect(makeClient().runs.list(RG, REGISTRY).next()).rejects.toMatchObject({
      name: "RestError",
      code: "MalformedResponse",
    });
  });

  test("a pageable POST (Webhooks_ListEvents) sends its first page as POST and follows next links with GET", async () => {
    const base = `${REGISTRY_PATH}/webhooks/myWebhook`;
    const { requests } = scripted(ARM, [
      {
        status: 200,
        body: {
          value: [{ id: "e1" }],
          nextLink: `${ARM}${base}/listEvents?api-version=2021-08-01-preview&$skipToken=2`,
        },
      },
      { status: 200, body: { value: [{ id: "e2" }] } },
    ]);
    const events: unknown[] = [];
    for await (const event of makeClient().webhooks.listEvents(RG, REGISTRY, "myWebhook")) events.push(event);
    expect(events).toEqual([{ id: "e1" }, { id: "e2" }]);
    expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual([
      `POST ${base}/listEvents`,
      `GET ${base}/listEvents`,
    ]);
  });
});

describe("ARM's throttling signals", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const reads = (remaining: string) => ({ "x-ms-ratelimit-remaining-subscription-reads": remaining });

  /** An in-memory HTTP client answering `replies` in turn, noting the (fake) time of each request. */
  function timedHttpClient(replies: { body: unknown; headers: Record<string, string> }[]): {
    httpClient: HttpClient;
    times: number[];
  } {
    const times: number[] = [];
    const httpClient: HttpClient = {
      async sendRequest(request) {
        times.push(Date.now());
        const reply = replies[times.length - 1]!;
        return {
          request,
          status: 200,
          headers: createHttpHeaders({ "content-type": "application/json", ...reply.headers }),
          bodyAsText: JSON.stringify(reply.body),
        };
      },
    };
    return { httpClient, times };
  }

  test("pauses before the next page as the remaining reads fall under 100: none at 150, 1.75 s at 50, 3.5 s at 0", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { httpClient, times } = timedHttpClient([
      { body: page(["a"], "p2"), headers: reads("150") },
      { body: page(["b"], "p3"), headers: reads("50") },
      { body: page(["c"], "p4"), headers: reads("0") },
      { body: page(["d"]), headers: reads("0") },
    ]);
    const items: string[] = [];
    const listing = (async () => {
      for await (const item of makeClient({ httpClient }).runs.list(RG, REGISTRY)) items.push(item.name!);
    })();
    await vi.runAllTimersAsync();
    await listing;
    expect(items).toEqual(["a", "b", "c", "d"]);
    expect(times.slice(1).map((time, i) => time - times[i]!)).toEqual([0, 1_750, 3_500]);
  });

  test("a throttled page (429) is sent again after its Retry-After", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { requests } = scripted(ARM, [
      { status: 200, body: page(["a"], "p2") },
      {
        status: 429,
        body: { error: { code: "SubscriptionRequestsThrottled", message: "try again after '7' seconds" } },
        headers: { "retry-after": "7" },
      },
      { status: 200, body: page(["b"]) },
    ]);
    const items: string[] = [];
    const listing = (async () => {
      for await (const item of makeClient().runs.list(RG, REGISTRY)) items.push(item.name!);
    })();
    // The 429 is recorded when it is sent; its wait starts once the answer has been read. Only then may
    // the clock move (vi.waitFor would move it on every check), or the wait would start late or early.
    await untilReal(() => requests.length === 2 && vi.getTimerCount() > 0);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await listing;
    expect(items).toEqual(["a", "b"]);
    expect(requests[2].query.$skipToken).toBe("p2");
  });

  test("an abort during the pause ends the listing with an AbortError, and nothing more is sent", async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: page(["a"], "p2"), headers: reads("0") }]);
    const controller = new AbortController();
    const iterator = makeClient().runs.list(RG, REGISTRY, { abortSignal: controller.signal });
    await iterator.next();
    const next = iterator.next();
    controller.abort();
    await expect(next).rejects.toMatchObject({ name: "AbortError" });
    expect(requests).toHaveLength(1);
  });
});
