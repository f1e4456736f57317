// RunLogFollower, the one place that follows a run's log: its link (asked for once, renewed when the
// storage host refuses it), ranged reads, looks at its properties, "complete", and the tail.
import { Readable } from "node:stream";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, it, vi } from "vitest";
import { BlobRequestError, type BlobTransport } from "../../../src/custom/lifecycle/index.js";
import { RunLogFollower } from "../../../src/custom/lifecycle/runLogFollower.js";
import type { RunsOperations } from "../../../src/generated/groups/runs.js";
import { scriptedLogHost } from "./support/scriptedLogHost.js";

const address = { resourceGroupName: "rg", registryName: "myregistry", runId: "cb3" };

/** A Runs_GetLogSasUrl that hands out a new SAS each time. */
function linkRuns(link: "logLink" | "logArtifactLink" = "logLink") {
  let issued = 0;
  return {
    getLogSasUrl: vi.fn<RunsOperations["getLogSasUrl"]>(async () => ({
      [link]: `https://logs.example/cb3.log?sig=${++issued}`,
    })),
  };
}

/** Makes the host refuse (403) the requests whose index (counting every request) is in `refused`. */
function refusing(blob: BlobTransport, refused: number[]): { seen: string[] } {
  const seen: string[] = [];
  const { get, head } = blob;
  const refuse = (method: "GET" | "HEAD", url: string) => {
    seen.push(url.slice(url.indexOf("sig=")));
    if (refused.includes(seen.length - 1))
      throw new BlobRequestError(method, url, { statusCode: 403, code: "AuthenticationFailed" });
  };
  blob.get = async (url, options) => (refuse("GET", url), get(url, options));
  blob.head = async (url, options) => (refuse("HEAD", url), head(url, options));
  return { seen };
}

describe("RunLogFollower", () => {
  it("asks for the link once, reads from an offset, and sees the log complete only once every byte is before it", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 64 });
    const runs = linkRuns();
    const log = new RunLogFollower(runs, blob, address);
    expect(log.url).toBeUndefined();
    expect((await log.read(0, undefined)).status).toBe(404);
    host.append("one\ntwo\n");
    host.complete = "Succeeded";
    expect(await log.look(undefined)).toBe(true);
    expect([log.length, log.complete]).toEqual([8, "Succeeded"]);
    expect(log.isCompleteAt(4)).toBe(false);
    const response = await log.read(4, undefined);
    expect(response.status).toBe(206);
    response.body!.resume();
    expect(log.isCompleteAt(8)).toBe(true);
    expect(await log.look(undefined)).toBe(false);
    expect(host.requests).toEqual(["GET 0", "HEAD", "GET 4", "HEAD"]);
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(1);
    expect(log.url).toBe("https://logs.example/cb3.log?sig=1");
  });

  it("releases the body of a host that ignored the range when it holds nothing new", async () => {
    const body = Readable.from([Buffer.from("all of it\n")]);
    const blob: BlobTransport = {
      get: async () => ({ status: 200, headers: createHttpHeaders({ "content-length": "10" }), body }),
      head: () => Promise.reject(new Error("not used")),
      put: () => Promise.reject(new Error("not used")),
    };
    const log = new RunLogFollower(linkRuns(), blob, address);
    expect((await log.read(10, undefined)).body).toBeUndefined();
    expect(body.destroyed).toBe(true);
    expect((await log.read(0, undefined)).body).toBeDefined();
  });

  it("renews a refused link once; the renewed link refused in turn is final", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("x\n");
    const { seen } = refusing(blob, [0, 1]);
    const runs = linkRuns();
    const log = new RunLogFollower(runs, blob, address);
    await expect(log.look(undefined)).rejects.toMatchObject({ name: "BlobRequestError", statusCode: 403 });
    expect(seen).toEqual(["sig=1", "sig=2"]);
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(2);
  });

  it("renews a link again when one that was accepted is refused later (a second long wait)", async () => {
    const { host, blob } = scriptedLogHost();
    host.append("x\n");
    const { seen } = refusing(blob, [0, 2]);
    const runs = linkRuns();
    const log = new RunLogFollower(runs, blob, address);
    expect(await log.look(undefined)).toBe(true);
    expect((await log.read(2, undefined)).status).toBe(416);
    expect(seen).toEqual(["sig=1", "sig=2", "sig=2", "sig=3"]);
    expect(runs.getLogSasUrl).toHaveBeenCalledTimes(3);
  });

  it("reads the tail from the link it has, with the length it knows once the log is complete, renewing a refused link", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 1000 });
    host.append("first\nlast\n");
    host.complete = "Failed";
    const runs = linkRuns();
    const log = new RunLogFollower(runs, blob, address);
    await log.look(undefined);
    const { seen } = refusing(blob, [0]);
    expect(await log.tail(undefined)).toEqual(["first", "last"]);
    expect(host.requests).toEqual(["HEAD", "GET 0-10"]);
    expect(seen).toEqual(["sig=1", "sig=2"]);
  });

  it("cannot be watched through an archived log, which carries no Complete metadata", async () => {
    const { blob } = scriptedLogHost();
    const log = new RunLogFollower(linkRuns("logArtifactLink"), blob, address);
    await expect(log.openToWatch(undefined)).rejects.toThrow(/archived log/);
    expect(log.url).toBe("https://logs.example/cb3.log?sig=1");
  });
});
