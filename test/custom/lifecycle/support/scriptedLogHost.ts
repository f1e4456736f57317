// A scripted storage host for one run log: a test changes its content and metadata between requests,
// and bodies come in chunks of a chosen size (every byte, if need be). It records what was asked.
import { Readable } from "node:stream";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import type { BlobTransport } from "../../../../src/custom/lifecycle/index.js";

/** A log blob whose content and metadata a test changes between requests; bodies come in `chunkSize` pieces. */
export function scriptedLogHost(options: { chunkSize?: number } = {}) {
  const host = {
    data: Buffer.alloc(0),
    exists: false,
    complete: undefined as string | undefined,
    requests: [] as string[],
    /** Called before each request is answered, with the request's index. */
    beforeRequest: (_index: number): void => undefined,
    append(text: string | Buffer) {
      host.exists = true;
      host.data = Buffer.concat([host.data, Buffer.from(text)]);
    },
  };
  const chunkSize = options.chunkSize ?? 1;
  const blob: BlobTransport = {
    async get(_url, getOptions = {}) {
      if (getOptions.abortSignal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
      host.beforeRequest(host.requests.length);
      host.requests.push(
        getOptions.rangeEnd === undefined
          ? `GET ${getOptions.rangeStart}`
          : `GET ${getOptions.rangeStart}-${getOptions.rangeEnd}`,
      );
      if (!host.exists) return { status: 404, headers: createHttpHeaders() };
      const start = getOptions.rangeStart ?? 0;
      if (start >= host.data.length) return { status: 416, headers: createHttpHeaders() };
      const end = Math.min(getOptions.rangeEnd ?? host.data.length - 1, host.data.length - 1);
      const bytes = host.data.subarray(start, end + 1);
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
      const body = Readable.from(chunks);
      // As the HTTP client does: an abort destroys the body being read.
      getOptions.abortSignal?.addEventListener("abort", () =>
        body.destroy(Object.assign(new Error("aborted"), { name: "AbortError" })),
      );
      return {
        status: 206,
        headers: createHttpHeaders({ "content-range": `bytes ${start}-${end}/${host.data.length}` }),
        body,
      };
    },
    async head(_url, headOptions = {}) {
      if (headOptions.abortSignal?.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
      host.beforeRequest(host.requests.length);
      host.requests.push("HEAD");
      if (!host.exists) return { status: 404, headers: createHttpHeaders() };
      const headers = createHttpHeaders({ "content-length": String(host.data.length) });
      if (host.complete) headers.set("x-ms-meta-Complete", host.complete);
      return { status: 200, headers };
    },
    async put() {
      throw new Error("not used");
    },
  };
  return { host, blob };
}
