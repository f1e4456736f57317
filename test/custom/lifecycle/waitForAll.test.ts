// waitForAll's rounds against a scripted Runs_List and scripted log blobs: which runs each round lists,
// when it turns to following logs (rent or buy), and how the followed runs come back to ARM.
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, it, vi } from "vitest";
import { waitForAll, type BlobTransport } from "../../../src/custom/lifecycle/index.js";
import type { RunsOperations } from "../../../src/generated/groups/runs.js";
import type { Run } from "../../../src/generated/v2019_06_01_preview/models.js";

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 2 };
const linkOf = (runId: string) => `https://logs.example/${runId}/rawtext.log?sig=s`;

/** Runs whose status a test sets, a Runs_List that answers a filter on them (one page per call), and their log blobs. */
function scriptedService(runIds: string[]) {
  const status = new Map(runIds.map((id) => [id, "Running"]));
  const logs = new Map(runIds.map((id) => [linkOf(id), { length: 0, complete: undefined as string | undefined }]));
  const filters: string[] = [];
  const asRun = (id: string): Run => ({ name: id, properties: { runId: id, status: status.get(id) } });
  const runs = {
    list: vi.fn((_rg: string, _registry: string, options?: Parameters<RunsOperations["list"]>[2]) => {
      filters.push(options!.filter!);
      const wanted = [...options!.filter!.matchAll(/RunId eq '([^']+)'/g)].map((match) => match[1]!);
      return (async function* () {
        options?.onResponse?.({ headers: createHttpHeaders() } as never);
        yield* wanted.filter((id) => status.has(id)).map(asRun);
      })() as unknown as ReturnType<RunsOperations["list"]>;
    }),
    get: vi.fn<RunsOperations["get"]>(async (_rg, _registry, runId) => {
      if (!status.has(runId))
        throw Object.assign(new Error(`Runs_Get failed with HTTP 404 ResourceNotFound`), { statusCode: 404 });
      return asRun(runId);
    }),
    getLogSasUrl: vi.fn<RunsOperations["getLogSasUrl"]>(async (_rg, _registry, runId) => ({ logLink: linkOf(runId) })),
  };
  const heads: string[] = [];
  const blob: BlobTransport = {
    async head(url) {
      heads.push(url);
      const log = logs.get(url)!;
      if (log.length === 0) return { status: 404, headers: createHttpHeaders() };
      const headers = createHttpHeaders({ "content-length": String(log.length) });
      if (log.complete) headers.set("x-ms-meta-Complete", log.complete);
      return { status: 200, headers };
    },
    get: () => Promise.reject(new Error("waitForAll never reads a log's content")),
    put: () => Promise.reject(new Error("not used")),
  };
  return { runs, blob, status, logs, filters, heads };
}

describe("waitForAll", () => {
  it("lists the unfinished runs each round, and resolves to them in the order given once all have ended", async () => {
    const service = scriptedService(["cb1", "cb2", "cb3"]);
    let rounds = 0;
    const snapshots: string[][] = [];
    const done = waitForAll(service.runs, service.blob, "rg", "myregistry", ["cb3", "cb1", "cb2"], {
      ...fast,
      followLogs: false,
      onProgress: (runs) => {
        snapshots.push(runs.map((run) => `${run.name}:${run.properties?.status}`));
        if (++rounds === 1) service.status.set("cb1", "Succeeded");
        if (rounds === 2) service.status.set("cb3", "Failed");
        if (rounds === 3) service.status.set("cb2", "Canceled");
      },
    });
    const runs = await done;
    expect(runs.map((run) => `${run.name}:${run.properties?.status}`)).toEqual([
      "cb3:Failed",
      "cb1:Succeeded",
      "cb2:Canceled",
    ]);
    expect(service.filters).toEqual([
      "RunId eq 'cb3' or RunId eq 'cb1' or RunId eq 'cb2'",
      "RunId eq 'cb3' or RunId eq 'cb1' or RunId eq 'cb2'",
      "RunId eq 'cb3' or RunId eq 'cb2'",
      "RunId eq 'cb2'",
    ]);
    expect(snapshots[0]).toEqual(["cb3:Running", "cb1:Running", "cb2:Running"]);
    expect(service.runs.get).not.toHaveBeenCalled();
    expect(service.heads).toEqual([]);
  });

  it("follows the logs once listing has cost half a log link per run, and lists them again as their logs end, in doubling batches", async () => {
    const ids = ["cb1", "cb2", "cb3", "cb4"];
    const service = scriptedService(ids);
    let looks = 0;
    service.blob.head = ((head) => async (url: string, options?: object) => {
      // Each log grows a little at every look and completes after a few.
      const log = service.logs.get(url)!;
      if (++looks > 4 * ids.indexOf(url.split("/")[3]!) + 8) {
        log.complete = "successful";
        service.status.set(url.split("/")[3]!, "Succeeded");
      } else log.length += 10;
      return head(url, options);
    })(service.blob.head.bind(service.blob));
    const runs = await waitForAll(service.runs, service.blob, "rg", "myregistry", ids, fast);
    expect(runs.map((run) => run.properties?.status)).toEqual(["Succeeded", "Succeeded", "Succeeded", "Succeeded"]);
    // Two rounds of one list each cost 2 = 0.5 x 4 links: then the four links, and the ended runs in
    // batches: the first alone, then as many as were fetched already.
    expect(service.filters.slice(2)).toEqual(["RunId eq 'cb1'", "RunId eq 'cb2'", "RunId eq 'cb3' or RunId eq 'cb4'"]);
    expect(service.runs.getLogSasUrl).toHaveBeenCalledTimes(4);
    expect(service.runs.get).not.toHaveBeenCalled();
  });

  it("lists a followed run whose log never ends at a safety net, and finds it finished", async () => {
    vi.useFakeTimers();
    try {
      const service = scriptedService(["cb1", "cb2"]);
      Object.assign(service.logs.get(linkOf("cb2"))!, { length: 5, complete: "successful" });
      let rounds = 0;
      const done = waitForAll(service.runs, service.blob, "rg", "myregistry", ["cb1", "cb2"], {
        pollIntervalMs: 1_000,
        maxPollIntervalMs: 1_000,
        onProgress: () => {
          // Canceled while queued, after the first round: cb1 will never have a log.
          if (++rounds === 1) {
            service.status.set("cb1", "Canceled");
            service.status.set("cb2", "Succeeded");
          }
        },
      });
      // The first round's list cost 1 = 0.5 x 2 links: both logs are followed from then on. cb2's log
      // has ended, so cb2 is listed at the next round.
      await vi.advanceTimersByTimeAsync(1_000);
      expect(service.runs.getLogSasUrl).toHaveBeenCalledTimes(2);
      expect(service.filters).toEqual(["RunId eq 'cb1' or RunId eq 'cb2'", "RunId eq 'cb2'"]);
      // cb1's log never appears: nothing more is asked of ARM until the safety net, 30 s on.
      await vi.advanceTimersByTimeAsync(28_000);
      expect(service.filters).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2_000);
      const runs = await done;
      expect(runs.map((run) => run.properties?.status)).toEqual(["Canceled", "Succeeded"]);
      expect(service.filters).toEqual(["RunId eq 'cb1' or RunId eq 'cb2'", "RunId eq 'cb2'", "RunId eq 'cb1'"]);
      expect(service.heads.filter((url) => url === linkOf("cb1")).length).toBeGreaterThan(20);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps listing a run whose log link is refused, while following the others", async () => {
    const service = scriptedService(["cb1", "cb2"]);
    service.runs.getLogSasUrl.mockImplementation(async (_rg, _registry, runId) => {
      if (runId === "cb1")
        throw Object.assign(new Error("Runs_GetLogSasUrl failed with HTTP 403 AuthorizationFailed"), {
          statusCode: 403,
        });
      return { logLink: linkOf(runId) };
    });
    let rounds = 0;
    const runs = await waitForAll(service.runs, service.blob, "rg", "myregistry", ["cb1", "cb2"], {
      ...fast,
      onProgress: () => {
        if (++rounds === 5) {
          service.status.set("cb1", "Succeeded");
          service.status.set("cb2", "Succeeded");
          Object.assign(service.logs.get(linkOf("cb2"))!, { length: 3, complete: "successful" });
        }
      },
    });
    expect(runs.map((run) => run.properties?.status)).toEqual(["Succeeded", "Succeeded"]);
    expect(
      service.filters
        .slice(1)
        .every((filter) => filter === "RunId eq 'cb1'" || filter === "RunId eq 'cb1' or RunId eq 'cb2'"),
    ).toBe(true);
    expect(service.heads.every((url) => url === linkOf("cb2"))).toBe(true);
    expect(service.heads.length).toBeGreaterThan(0);
  });
});
