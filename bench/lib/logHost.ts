// A minimal HTTPS storage host serving one append-blob log, whose content and Complete metadata the
// benchmark changes at moments it notes: GET with a byte range (206, 416 at the end), HEAD with the
// length and the metadata, 404 before the log exists. Loopback only.
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { BenchCertificate } from "./cert.js";

export interface LogHost {
  url: string;
  append(text: string): void;
  complete(status: string): void;
  requests: number;
  close(): Promise<void>;
}

export async function startLogHost(cert: BenchCertificate): Promise<LogHost> {
  let data = Buffer.alloc(0);
  let exists = false;
  let complete: string | undefined;
  const state = { requests: 0 };
  const server = createServer({ key: cert.key, cert: cert.cert }, (request, response) => {
    state.requests++;
    if (!exists) {
      response.writeHead(404, { "x-ms-error-code": "BlobNotFound", "Content-Length": "0" }).end();
      return;
    }
    const headers: Record<string, string> = {
      "x-ms-blob-type": "AppendBlob",
      ...(complete ? { "x-ms-meta-Complete": complete } : {}),
    };
    if (request.method === "HEAD") {
      response.writeHead(200, { ...headers, "Content-Length": String(data.length) }).end();
      return;
    }
    const match = /^bytes=(\d+)-(\d*)$/.exec(String(request.headers["x-ms-range"] ?? request.headers.range ?? ""));
    const start = match ? Number(match[1]) : 0;
    const end = match?.[2] ? Math.min(Number(match[2]), data.length - 1) : data.length - 1;
    if (start >= data.length) {
      response.writeHead(416, { ...headers, "Content-Range": `bytes */${data.length}`, "Content-Length": "0" }).end();
      return;
    }
    const body = data.subarray(start, end + 1);
    response
      .writeHead(match ? 206 : 200, {
        ...headers,
        "Content-Range": `bytes ${start}-${end}/${data.length}`,
        "Content-Length": String(body.length),
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/benchaccount/logs/cb1/rawtext.log?sv=2020-10-02&sig=benchsignature`,
    append(text) {
      exists = true;
      data = Buffer.concat([data, Buffer.from(text)]);
    },
    complete(status) {
      complete = status;
    },
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
