// Azure-shaped blob URLs (https://{account}.blob.{suffix}:PORT/{container}/{blob}?{sas}): virtual-host
// routing on the blob listener, the names in the certificate, and the CONNECT proxy that carries them to
// the listener; the loopback shape keeps working beside them.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import {
  connectThroughProxy,
  createRegistry,
  logLinkOf,
  registryPath,
  runToEnd,
  scheduleRun,
  send,
  sourceUploadUrl,
  tarGz,
  waitForRunEnd,
} from "./helpers.js";

let emulator: RunningEmulator;
const registry = "shapesreg1";
const account = /^https:\/\/acremulatorsa\.blob\.acr-emulator\.localhost:(\d+)\/([a-z0-9-]+)\/(.+)\?(.+)$/;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001, azureBlobUrls: true, proxy: true });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

const uploadUrl = () => sourceUploadUrl(emulator, registry);
const logLink = (runId: string) => logLinkOf(emulator, registry, runId);

describe("the Azure shape", () => {
  test("upload and log URLs are https://{account}.blob.{suffix}:PORT/{container}/{blob}?{sas}, as az parses them", async () => {
    const { uploadUrl: url, relativePath } = await uploadUrl();
    const match = account.exec(url);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBe(Number(new URL(emulator.blobEndpoint).port));
    expect(`${match![2]}/${match![3]}`).toBe(relativePath);
    expect(emulator.azureBlobEndpoint).toBe(`https://acremulatorsa.blob.acr-emulator.localhost:${match![1]}`);
  });

  test("through the proxy, an upload by the blob name reaches the listener (virtual host), and a run builds it", async () => {
    const { uploadUrl: url, relativePath } = await uploadUrl();
    const before = emulator.requests.length;
    const put = await send(emulator, "PUT", url, {
      raw: await tarGz({ Dockerfile: "FROM alpine\n" }),
      headers: { "x-ms-blob-type": "BlockBlob" },
      token: null,
      throughProxy: true,
    });
    expect(put.status).toBe(201);
    expect(emulator.requests.slice(before)).toEqual([
      expect.objectContaining({ server: "blob", method: "PUT", hostHeader: new URL(url).host, status: 201 }),
    ]);
    const run = await scheduleRun(emulator, registry, {
      type: "DockerBuildRequest",
      dockerFilePath: "Dockerfile",
      platform: { os: "Linux" },
      sourceLocation: relativePath,
    });
    expect((await waitForRunEnd(emulator, registry, run.name)).properties.status).toBe("Succeeded");
  });

  test("the full Azure-shaped URL works as sourceLocation; the log is read by its Azure-shaped link", async () => {
    const { uploadUrl: url } = await uploadUrl();
    await send(emulator, "PUT", url, {
      raw: await tarGz({ Dockerfile: "FROM alpine\n" }),
      headers: { "x-ms-blob-type": "BlockBlob" },
      token: null,
      throughProxy: true,
    });
    const run = await waitForRunEnd(
      emulator,
      registry,
      (
        await scheduleRun(emulator, registry, {
          type: "DockerBuildRequest",
          dockerFilePath: "Dockerfile",
          platform: { os: "Linux" },
          sourceLocation: url,
        })
      ).name,
    );
    expect(run.properties.status).toBe("Succeeded");
    const link = await logLink(run.name);
    expect(link).toMatch(account);
    const log = await send(emulator, "GET", link, { token: null, throughProxy: true });
    expect(log.status).toBe(200);
    expect(log.text).toContain(`Run ID: ${run.name} was successful`);
  });

  test("the loopback shape still works on the same listener (path-style /{account}/...)", async () => {
    const run = await runToEnd(emulator, registry, "steps:\n  - cmd: bash echo\n");
    const link = new URL(await logLink(run.name));
    const loopback = `${emulator.blobEndpoint}/acremulatorsa${link.pathname}${link.search}`;
    expect((await send(emulator, "GET", loopback, { token: null })).status).toBe(200);
  });

  test("another account's name: the proxy does not reach it, the listener answers 400 InvalidUri", async () => {
    const link = new URL(await logLink("cb1"));
    const otherHost = link.host.replace("acremulatorsa", "someoneelse");
    await expect(
      connectThroughProxy(emulator.proxyUrl!, otherHost.split(":")[0]!, Number(link.port), emulator.caPem),
    ).rejects.toThrow(/403/);
    const other = await send(emulator, "GET", `${emulator.blobEndpoint}${link.pathname}${link.search}`, {
      token: null,
      headers: { Host: otherHost },
    });
    expect(other.status).toBe(400);
    expect(other.headers["x-ms-error-code"]).toBe("InvalidUri");
  });
});

describe("the proxy", () => {
  test("tunnels to the ARM listener too (a tool sending everything through HTTPS_PROXY)", async () => {
    const response = await send(emulator, "GET", `${registryPath(registry)}?api-version=2021-08-01-preview`, {
      throughProxy: true,
    });
    expect(response.status).toBe(200);
  });

  test("refuses any destination but the emulator (403), and plain-HTTP proxying (405)", async () => {
    await expect(connectThroughProxy(emulator.proxyUrl!, "example.com", 443, emulator.caPem)).rejects.toThrow(/403/);
    await expect(connectThroughProxy(emulator.proxyUrl!, "127.0.0.1", 22, emulator.caPem)).rejects.toThrow(/403/);
    const status = await new Promise<number>((resolve, reject) => {
      const proxy = new URL(emulator.proxyUrl!);
      const req = httpRequest({ host: proxy.hostname, port: proxy.port, path: "http://example.com/" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  test("is off unless asked for; the default URLs are the loopback shape", async () => {
    const plain = await startEmulator({ timeScale: 0.001 });
    try {
      expect(plain.proxyUrl).toBeUndefined();
      await createRegistry(plain, registry);
      const { uploadUrl: url } = await sourceUploadUrl(plain, registry);
      expect(url.startsWith(`${plain.blobEndpoint}/acremulatorsa/source/`)).toBe(true);
    } finally {
      await plain.close();
    }
  });
});
