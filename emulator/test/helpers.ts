// Test helpers: raw HTTPS calls to the emulator (to assert on exact statuses and headers), build
// context archives, and polling until a condition holds (never a timed assertion).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request } from "node:https";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create } from "tar";
import type { RunningEmulator } from "../src/index.js";

export const subscriptionId = "00000000-0000-0000-0000-000000000001";
export const rg = "rg1";
export const build = "2019-06-01-preview";
export const arm = "2021-08-01-preview";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
  raw: Buffer;
}

function collect(response: IncomingMessage): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on("data", (chunk: Buffer) => chunks.push(chunk));
    response.on("error", reject);
    response.on("end", () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString("utf8");
      let body: any;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text, raw });
    });
  });
}

/** A TLS connection to `host:port` tunnelled through an HTTP CONNECT proxy, as HTTPS_PROXY clients open it. */
export function connectThroughProxy(proxyUrl: string, host: string, port: number, ca: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const proxy = new URL(proxyUrl);
    const connectRequest = httpRequest({
      host: proxy.hostname,
      port: proxy.port,
      method: "CONNECT",
      path: `${host}:${port}`,
    });
    connectRequest.on("connect", (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`proxy answered ${response.statusCode} to CONNECT ${host}:${port}`));
        return;
      }
      const secure = tlsConnect({ socket, servername: host, ca }, () => resolve(secure));
      secure.on("error", reject);
    });
    connectRequest.on("error", reject);
    connectRequest.end();
  });
}

export function send(
  emulator: RunningEmulator,
  method: string,
  url: string,
  options: {
    body?: unknown;
    headers?: Record<string, string>;
    token?: string | null;
    raw?: Buffer;
    throughProxy?: boolean;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // A path starting with "//" is sent as is (new URL would read it as naming a host).
    const target = url.startsWith("//")
      ? Object.assign(new URL(emulator.endpoint), { pathname: "", search: "" })
      : new URL(url, emulator.endpoint);
    const rawPath = url.startsWith("//") ? url : undefined;
    const payload = options.raw ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
    const ca = emulator.clientOptions.tlsOptions.ca;
    const go = (token: string | undefined) => {
      const req = request(
        target,
        {
          ...(rawPath ? { path: rawPath } : {}),
          ...(options.throughProxy
            ? {
                // No agent: with createConnection and no agent, the request uses the tunnelled socket.
                createConnection: (_options: unknown, done: (error: Error | null, socket: Duplex) => void) => {
                  connectThroughProxy(emulator.proxyUrl!, target.hostname, Number(target.port || 443), ca).then(
                    (socket) => done(null, socket),
                    (error: Error) => done(error, undefined as never),
                  );
                  return undefined;
                },
              }
            : {}),
          method,
          ca,
          headers: {
            ...(payload && !options.raw ? { "Content-Type": "application/json" } : {}),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...options.headers,
          },
        },
        (response) => collect(response).then(resolve, reject),
      );
      req.on("error", reject);
      req.end(payload);
    };
    if (options.token === null || target.origin !== new URL(emulator.endpoint).origin) go(options.token ?? undefined);
    else if (options.token !== undefined) go(options.token);
    else void emulator.credential.getToken("https://management.azure.com/.default").then((t) => go(t!.token), reject);
  });
}

export function registryPath(name: string, resourceGroup = rg): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${name}`;
}

/** Creates a registry and waits for its creation to finish. */
export async function createRegistry(emulator: RunningEmulator, name: string, resourceGroup = rg): Promise<void> {
  const created = await send(emulator, "PUT", `${registryPath(name, resourceGroup)}?api-version=${arm}`, {
    body: { location: "westus", sku: { name: "Premium" } },
  });
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`registry creation answered ${created.status}: ${created.text}`);
  await waitFor(async () => {
    const got = await send(emulator, "GET", `${registryPath(name, resourceGroup)}?api-version=${arm}`);
    return got.body?.properties?.provisioningState === "Succeeded";
  });
}

/** Polls `check` until it returns true (a bounded number of times, without asserting on time). */
export async function waitFor(check: () => Promise<boolean> | boolean, attempts = 2000): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("condition not reached");
}

/** A tar.gz of the given files, as a client would upload a build context. */
export async function tarGz(files: Record<string, string>): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "acr-emulator-context-"));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of create({ gzip: true, cwd: dir, portable: true }, Object.keys(files).length ? ["."] : []))
      chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What listBuildSourceUploadUrl answers: the blob's SAS URL and its relativePath. */
export async function sourceUploadUrl(
  emulator: RunningEmulator,
  registry: string,
): Promise<{ uploadUrl: string; relativePath: string }> {
  return (await send(emulator, "POST", `${registryPath(registry)}/listBuildSourceUploadUrl?api-version=${build}`)).body;
}

/** Uploads a context and returns its relativePath. */
export async function uploadContext(
  emulator: RunningEmulator,
  registry: string,
  files: Record<string, string>,
): Promise<string> {
  const { uploadUrl, relativePath } = await sourceUploadUrl(emulator, registry);
  const put = await send(emulator, "PUT", uploadUrl, {
    raw: await tarGz(files),
    headers: { "x-ms-blob-type": "BlockBlob" },
    token: null,
  });
  if (put.status !== 201) throw new Error(`upload answered ${put.status}: ${put.text}`);
  return relativePath;
}

export async function scheduleRun(
  emulator: RunningEmulator,
  registry: string,
  runRequest: Record<string, unknown>,
): Promise<any> {
  const response = await send(emulator, "POST", `${registryPath(registry)}/scheduleRun?api-version=${build}`, {
    body: runRequest,
  });
  if (response.status !== 200) throw new Error(`scheduleRun answered ${response.status}: ${response.text}`);
  return response.body;
}

export async function getRun(emulator: RunningEmulator, registry: string, runId: string): Promise<any> {
  return (await send(emulator, "GET", `${registryPath(registry)}/runs/${runId}?api-version=${build}`)).body;
}

const terminal = new Set(["Succeeded", "Failed", "Canceled", "Timeout", "Error"]);

/** The polling headers of a first answer, in a fixed order. */
export const pollingHeaders = (response: { headers: Record<string, unknown> }) =>
  ["azure-asyncoperation", "location", "operation-location"].filter((name) => response.headers[name] !== undefined);

/** Whether a status monitor's status is final (while in progress it says Creating, Updating, InProgress...). */
export const operationEnded = (status: unknown) =>
  status === "Succeeded" || status === "Failed" || status === "Canceled";

export async function waitForRunEnd(emulator: RunningEmulator, registry: string, runId: string): Promise<any> {
  let run: any;
  await waitFor(async () => {
    run = await getRun(emulator, registry, runId);
    return terminal.has(run.properties.status);
  });
  return run;
}

/** A quick run of `yaml` (an EncodedTaskRunRequest on Linux, with `extra` on top), once it has ended. */
export async function runToEnd(
  emulator: RunningEmulator,
  registry: string,
  yaml: string,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const run = await scheduleRun(emulator, registry, {
    type: "EncodedTaskRunRequest",
    encodedTaskContent: encoded(yaml),
    platform: { os: "Linux" },
    ...extra,
  });
  return waitForRunEnd(emulator, registry, run.name);
}

/** A run's log link: the SAS URL that listLogSasUrl answers. */
export async function logLinkOf(emulator: RunningEmulator, registry: string, runId: string): Promise<string> {
  return (await send(emulator, "POST", `${registryPath(registry)}/runs/${runId}/listLogSasUrl?api-version=${build}`))
    .body.logLink;
}

/** A run's log as its reader gets it: through the SAS link of listLogSasUrl. */
export async function runLogText(emulator: RunningEmulator, registry: string, runId: string): Promise<string> {
  return (await send(emulator, "GET", await logLinkOf(emulator, registry, runId), { token: null })).text;
}

export function encoded(yaml: string): string {
  return Buffer.from(yaml, "utf8").toString("base64");
}

/**
 * A task that runs until canceled, as far as tests are concerned: its step and the run may last 8 hours
 * (28800 s, the longest ACR allows), which is 28.8 s at timeScale 0.001, far beyond any test.
 */
export const untilCanceledYaml = (echo = "started") =>
  `steps:\n  - cmd: bash echo ${echo} && sleep 100000\n    timeout: 28800\n`;
export const untilCanceled = (extra: Record<string, unknown> = {}) => ({
  type: "EncodedTaskRunRequest",
  encodedTaskContent: encoded(untilCanceledYaml()),
  platform: { os: "Linux" },
  timeout: 28800,
  ...extra,
});
