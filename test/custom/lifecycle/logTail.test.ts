// readLogTail: the end of a log from one ranged GET; a host that ignores the range still costs no more
// memory than the window, and a line cut by the window is left out.
import { Readable } from "node:stream";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { LOG_TAIL_BYTES, readLogTail, type BlobTransport } from "../../../src/custom/lifecycle/index.js";
import { scriptedLogHost } from "./support/scriptedLogHost.js";

const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${"é".repeat(i % 7)}`);
const log = Buffer.from(lines.join("\n") + "\n");

describe("readLogTail", () => {
  it("asks for the log's length with a HEAD when it is not known, then reads only its last bytes", async () => {
    const { host, blob } = scriptedLogHost({ chunkSize: 1000 });
    host.append(log);
    expect(await readLogTail(blob, "https://logs.example/x?sig=s", undefined, undefined)).toEqual(lines.slice(-50));
    expect(host.requests).toEqual(["HEAD", `GET ${log.length - LOG_TAIL_BYTES}-${log.length - 1}`]);
  });

  it("keeps only the window when the host ignores the range and sends the whole log", async () => {
    const blob: BlobTransport = {
      head: async () => ({ status: 200, headers: createHttpHeaders({ "content-length": String(log.length) }) }),
      get: async () => ({
        status: 200,
        headers: createHttpHeaders(),
        body: Readable.from([log.subarray(0, 70_000), log.subarray(70_000)]),
      }),
      put: () => Promise.reject(new Error("not used")),
    };
    expect(await readLogTail(blob, "https://logs.example/x", log.length, undefined)).toEqual(lines.slice(-50));
  });

  it("gives no lines for an empty log, and a LogUnreadableError for a missing one", async () => {
    const { host, blob } = scriptedLogHost();
    expect(await readLogTail(blob, "https://logs.example/x", 0, undefined)).toEqual([]);
    await expect(readLogTail(blob, "https://logs.example/x", undefined, undefined)).rejects.toMatchObject({
      name: "LogUnreadableError",
      message: expect.stringMatching(/no log/),
    });
    expect(host.requests).toEqual(["HEAD"]);
  });
});
