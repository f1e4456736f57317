// Test support: a client with a fake credential, nock setup, and a request recorder.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import nock from "nock";
import { ContainerRegistryTasksClient, type ContainerRegistryTasksClientOptions } from "../../../src/index.js";

export const SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";
export const ARM = "https://management.azure.com";
export const RG = "myResourceGroup";
export const REGISTRY = "myRegistry";
export const REGISTRY_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}`;

/** A credential that hands out a fixed token and counts its calls. */
export function fakeCredential(token = "fake-token"): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls++;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

/** Fast retries, so a test that triggers them stays quick. */
export const FAST_RETRY = { retryDelayInMs: 1, maxRetryDelayInMs: 2 };

export function makeClient(
  options: ContainerRegistryTasksClientOptions & { token?: string; subscriptionId?: string } = {},
): ContainerRegistryTasksClient {
  const { token, subscriptionId, ...rest } = options;
  return new ContainerRegistryTasksClient(fakeCredential(token), subscriptionId ?? SUBSCRIPTION, {
    retryOptions: FAST_RETRY,
    ...rest,
  });
}

/** One request as nock saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, exactly as sent. */
  uri: string;
  pathname: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export function recordOf(
  method: string,
  uri: string,
  headers: Record<string, string | string[] | undefined>,
  body: unknown,
): RecordedRequest {
  const url = new URL(uri, "https://placeholder.invalid");
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  // nock hands over the raw path (before any URL normalisation), which is what we want to assert.
  const pathname = uri.split("?")[0];
  let parsed = body;
  if (typeof body === "string" && body !== "") {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = body;
    }
  }
  if (body === "") parsed = undefined;
  return { method, uri, pathname, query, headers, body: parsed };
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw text body (sent as-is, overriding `body`). */
  raw?: string;
}

const active = new Map<string, nock.Interceptor[]>();

/**
 * Intercepts every request to `origin`, whatever its method and path, answering from `replies`
 * in order and recording what was sent. Unanswered requests fail the call (no reply left).
 */
export function scripted(
  origin: string,
  replies: ScriptedReply[],
): { requests: RecordedRequest[]; remaining: () => number } {
  const requests: RecordedRequest[] = [];
  const queue = [...replies];
  const methods = ["get", "put", "post", "patch", "delete", "head"] as const;
  // A new script for an origin replaces the previous one (a test may script several calls in turn).
  for (const interceptor of active.get(origin) ?? []) nock.removeInterceptor(interceptor);
  const scope = nock(origin).persist();
  const interceptors: nock.Interceptor[] = [];
  active.set(origin, interceptors);
  for (const method of methods) {
    const interceptor = scope.intercept(() => true, method.toUpperCase());
    interceptors.push(interceptor);
    interceptor.reply(function (uri, body) {
      requests.push(recordOf(this.req.method, uri, { ...this.req.headers }, body));
      const next = queue.shift();
      if (!next)
        return [
          599,
          JSON.stringify({
            error: { code: "TestScriptExhausted", message: `no scripted reply for ${this.req.method} ${uri}` },
          }),
          { "content-type": "application/json" },
        ];
      const text = next.raw ?? (next.body === undefined ? "" : JSON.stringify(next.body));
      const headers: Record<string, string> = {
        ...(next.raw === undefined && next.body !== undefined ? { "content-type": "application/json" } : {}),
        ...next.headers,
      };
      return [next.status, text, headers];
    });
  }
  return { requests, remaining: () => queue.length };
}

export function setupNock(): void {
  nock.disableNetConnect();
}

export function teardownNock(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

/**
 * A socket error as Node raises it. (nock's `replyWithError({ code })` with a plain object never reaches
 * core-rest-pipeline's node client, through nock 14's interceptor: the request hangs. A real Error works.)
 */
export function socketError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
