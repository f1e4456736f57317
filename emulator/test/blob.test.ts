// The blob listener: SAS-only authentication, block blob uploads (chunked too), and the run log
// append blob that grows while the run runs, with Range, HEAD and Complete metadata.
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import {
  build,
  createRegistry,
  getRun,
  logLinkOf,
  registryPath,
  runToEnd,
  scheduleRun,
  send,
  sourceUploadUrl,
  tarGz,
  untilCanceled,
  waitFor,
  waitForRunEnd,
} from "./helpers.js";

let emulator: RunningEmulator;
const registry = "blobreg001";

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
  await send(emulator, "PUT", `${registryPath(registry)}/agentPools/onepool?api-version=${build}`, {
    body: { location: "westus", properties: { count: 1 } },
  });
});
afterAll(() => emulator.close());

const uploadUrl = () => sourceUploadUrl(emulator, registry);
const put = (url: string, body: Buffer, headers: Record<string, string> = { "x-ms-blob-type": "BlockBlob" }) =>
  send(emulator, "PUT", url, { raw: body, headers, token: null });

describe("uploads", () => {
  test("the upload URL is on the blob endpoint, with a create/write SAS, and relativePath names the blob", async () => {
    const { uploadUrl: url, relativePath } = await uploadUrl();
    expect(url.startsWith(`${emulator.blobEndpoint}/`)).toBe(true);
    expect(emulator.blobEndpoint).not.toBe(emulator.endpoint);
    expect(url).toContain(`/${relativePath}?`);
    expect(relativePath).toMatch(/^source\/[0-9a-f]+\/context\.tar\.gz$/);
    const query = new URL(url).searchParams;
    expect(query.get("sp")).toBe("cw");
    expect(query.get("sig")).toBeTruthy();
    expect(query.get("se")).toBeTruthy();
  });

  test("a chunked PUT (no Content-Length) stores the archive, and the run can use it", async () => {
    const { uploadUrl: url, relativePath } = await uploadUrl();
    const archive = await tarGz({ Dockerfile: "FROM alpine\n" });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "PUT",
          ca: emulator.clientOptions.tlsOptions.ca,
          headers: { "x-ms-blob-type": "BlockBlob", "Transfer-Encoding": "chunked" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write(archive.subarray(0, 10));
      req.write(archive.subarray(10));
      req.end();
    });
    expect(status).toBe(201);
    const run = await scheduleRun(emulator, registry, {
      type: "DockerBuildRequest",
      dockerFilePath: "Dockerfile",
      platform: { os: "Linux" },
      sourceLocation: relativePath,
    });
    expect((await waitForRunEnd(emulator, registry, run.name)).properties.status).toBe("Succeeded");
  });

  test("the full upload URL works as sourceLocation too", async () => {
    const { uploadUrl: url } = await uploadUrl();
    await put(url, await tarGz({ Dockerfile: "FROM alpine\n" }));
    const run = await scheduleRun(emulator, registry, {
      type: "DockerBuildRequest",
      dockerFilePath: "Dockerfile",
      platform: { os: "Linux" },
      sourceLocation: url,
    });
    expect((await waitForRunEnd(emulator, registry, run.name)).properties.status).toBe("Succeeded");
  });

  test("without x-ms-blob-type: 400 MissingRequiredHeader", async () => {
    const response = await put((await uploadUrl()).uploadUrl, Buffer.from("x"), {});
    expect(response.status).toBe(400);
    expect(response.headers["x-ms-error-code"]).toBe("MissingRequiredHeader");
  });
});

describe("SAS-only authentication", () => {
  test("a tampered signature: 403 AuthenticationFailed (XML body)", async () => {
    const url = new URL((await uploadUrl()).uploadUrl);
    url.searchParams.set("sig", "AAAA" + url.searchParams.get("sig")!.slice(4));
    const response = await put(url.toString(), Buffer.from("x"));
    expect(response.status).toBe(403);
    expect(response.headers["x-ms-error-code"]).toBe("AuthenticationFailed");
    expect(response.text).toContain("<Code>AuthenticationFailed</Code>");
  });

  test("a SAS moved to another blob, an expired SAS, or no SAS at all: 403", async () => {
    const url = new URL((await uploadUrl()).uploadUrl);
    const moved = new URL(url);
    moved.pathname = moved.pathname.replace("context.tar.gz", "other.tar.gz");
    expect((await put(moved.toString(), Buffer.from("x"))).status).toBe(403);
    const expired = new URL(url);
    expired.searchParams.set("se", "2000-01-01T00:00:00Z");
    expect((await put(expired.toString(), Buffer.from("x"))).status).toBe(403);
    expect((await put(`${url.origin}${url.pathname}`, Buffer.from("x"))).status).toBe(403);
  });

  test("the upload SAS cannot read: 403 AuthorizationPermissionMismatch", async () => {
    const { uploadUrl: url } = await uploadUrl();
    await put(url, Buffer.from("x"));
    const response = await send(emulator, "GET", url, { token: null });
    expect(response.status).toBe(403);
    expect(response.headers["x-ms-error-code"]).toBe("AuthorizationPermissionMismatch");
  });

  test("an Authorization header is rejected even with a valid SAS, and is recorded", async () => {
    const { uploadUrl: url } = await uploadUrl();
    const before = emulator.requests.length;
    const response = await send(emulator, "PUT", url, {
      raw: Buffer.from("x"),
      headers: { "x-ms-blob-type": "BlockBlob", Authorization: "Bearer leaked" },
      token: null,
    });
    expect(response.status).toBe(403);
    const recorded = emulator.requests.slice(before);
    expect(recorded).toEqual([
      expect.objectContaining({ server: "blob", method: "PUT", hasAuthorization: true, status: 403 }),
    ]);
    expect(recorded[0]!.port).toBe(Number(new URL(emulator.blobEndpoint).port));
  });
});

describe("run logs", () => {
  const logLink = (runId: string) => logLinkOf(emulator, registry, runId);

  test("404 BlobNotFound while the run is Queued; grows while it runs; Complete metadata at the end", async () => {
    const blocker = await scheduleRun(emulator, registry, untilCanceled({ agentPoolName: "onepool" }));
    await waitFor(async () => (await getRun(emulator, registry, blocker.name)).properties.status === "Running");
    const queued = await scheduleRun(emulator, registry, untilCanceled({ agentPoolName: "onepool" }));
    const queuedLink = await logLink(queued.name);
    expect(new URL(queuedLink).searchParams.get("sp")).toBe("r");
    const missing = await send(emulator, "GET", queuedLink, { token: null });
    expect(missing.status).toBe(404);
    expect(missing.headers["x-ms-error-code"]).toBe("BlobNotFound");

    const link = await logLink(blocker.name);
    await waitFor(async () => (await send(emulator, "GET", link, { token: null })).text.includes("started"));
    const head = await send(emulator, "HEAD", link, { token: null });
    expect(head.status).toBe(200);
    expect(head.headers["x-ms-blob-type"]).toBe("AppendBlob");
    expect(head.headers["x-ms-meta-complete"]).toBeUndefined();
    const length = Number(head.headers["content-length"]);
    expect(length).toBeGreaterThan(0);

    const tail = await send(emulator, "GET", link, { token: null, headers: { Range: `bytes=${length}-` } });
    expect(tail.status).toBe(416);
    expect(tail.headers["x-ms-error-code"]).toBe("InvalidRange");
    const part = await send(emulator, "GET", link, { token: null, headers: { Range: "bytes=5-" } });
    expect(part.status).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 5-${length - 1}/${length}`);
    expect(part.raw.length).toBe(length - 5);

    await send(emulator, "POST", `${registryPath(registry)}/runs/${blocker.name}/cancel?api-version=${build}`);
    await waitFor(
      async () => (await send(emulator, "HEAD", link, { token: null })).headers["x-ms-meta-complete"] !== undefined,
    );
    const ended = await send(emulator, "HEAD", link, { token: null });
    expect(ended.headers["x-ms-meta-complete"]).toBe("canceled");
    expect(Number(ended.headers["content-length"])).toBeGreaterThan(length);
    const rest = await send(emulator, "GET", link, { token: null, headers: { Range: `bytes=${length}-` } });
    expect(rest.status).toBe(206);
    expect(rest.text).toContain("was canceled");

    await waitFor(async () => (await send(emulator, "GET", queuedLink, { token: null })).status === 200);
    await send(emulator, "POST", `${registryPath(registry)}/runs/${queued.name}/cancel?api-version=${build}`);
  });

  test("a run canceled while Queued gets a log with Complete: canceled", async () => {
    const blocker = await scheduleRun(emulator, registry, untilCanceled({ agentPoolName: "onepool" }));
    await waitFor(async () => (await getRun(emulator, registry, blocker.name)).properties.status === "Running");
    const queued = await scheduleRun(emulator, registry, untilCanceled({ agentPoolName: "onepool" }));
    await send(emulator, "POST", `${registryPath(registry)}/runs/${queued.name}/cancel?api-version=${build}`);
    const log = await send(emulator, "GET", await logLink(queued.name), { token: null });
    expect(log.status).toBe(200);
    expect(log.headers["x-ms-meta-complete"]).toBe("canceled");
    expect(log.text).toContain("was canceled");
    await send(emulator, "POST", `${registryPath(registry)}/runs/${blocker.name}/cancel?api-version=${build}`);
  });

  test("Complete is successful or failed according to the run", async () => {
    const ok = await runToEnd(emulator, registry, "steps:\n  - cmd: bash echo\n");
    expect((await send(emulator, "HEAD", await logLink(ok.name), { token: null })).headers["x-ms-meta-complete"]).toBe(
      "successful",
    );
    const bad = await runToEnd(emulator, registry, "steps:\n  - cmd: bash exit 1\n");
    expect((await send(emulator, "HEAD", await logLink(bad.name), { token: null })).headers["x-ms-meta-complete"]).toBe(
      "failed",
    );
  });

  test("every log line ends with CRLF, as ACR's do", async () => {
    const run = await runToEnd(emulator, registry, "steps:\n  - cmd: bash echo crlf\n");
    const log = (await send(emulator, "GET", await logLink(run.name), { token: null })).text;
    expect(log.endsWith("\r\n")).toBe(true);
    const lines = log.split("\r\n").slice(0, -1);
    expect(lines.every((line) => !line.includes("\n"))).toBe(true);
    // acb's own lines carry its logger's stamp; the container's output is written as it is.
    expect(lines).toContain("crlf");
    expect(lines.find((line) => line.endsWith("Successfully executed container: acb_step_0"))).toMatch(
      /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} /,
    );
  });
});
