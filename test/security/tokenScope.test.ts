// The bearer token reaches only the configured ARM endpoint. End to end against the emulator: the
// blob listener (build-context upload by registries.quickBuild, log reads by runs.streamLogs) never
// sees an Authorization header, while every ARM request carries one. With nock: a nextLink, an
// Azure-AsyncOperation or a Location header naming another host (or another port, scheme, or a
// userinfo trick) is never followed — that host is never called, with or without the token.
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "acr-tasks-emulator";
import {
  ARM,
  REGISTRY,
  RG as NOCK_RG,
  SUBSCRIPTION as NOCK_SUB,
  makeClient,
  scripted,
} from "../custom/_support/client.js";
import { makeTree, removeTrees } from "../custom/lifecycle/support/tree.js";
import { ContainerRegistryTasksClient } from "../../src/index.js";
import { FAST_POLL, LINUX, LRO, RG, SUBSCRIPTION, collect, emulatorWith } from "../reliability/_support/env.js";

describe("end to end: the token goes to ARM only, never to the blob host", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await emulatorWith({ timeScale: 0.002 });
  });
  afterAll(async () => {
    await emulator?.close();
    await removeTrees();
  });

  test("quickBuild's upload and streamLogs' reads reach the blob listener without an Authorization header", async () => {
    const issued: string[] = [];
    const credential = {
      getToken: async (scopes: string | string[]) => {
        const token = await emulator.credential.getToken(scopes);
        issued.push(token!.token);
        return token;
      },
    };
    const tracked = new ContainerRegistryTasksClient(credential, SUBSCRIPTION, {
      ...emulator.clientOptions,
      endpoint: emulator.endpoint,
    });
    const registry = "tokenscope01";
    await tracked.registries.create(RG, registry, { location: "westus", sku: { name: "Premium" } }, LRO);
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n", "main.sh": "echo hi\n" });
    const run = await tracked.registries.quickBuild(RG, registry, { sourceDir, platform: LINUX });
    const lines = await collect(tracked.runs.streamLogs(RG, registry, run.name!, FAST_POLL));
    expect(lines.join("\n")).toContain(`Run ID: ${run.name} was successful`);
    expect(issued.length).toBeGreaterThan(0);

    const blob = emulator.requests.filter((request) => request.server === "blob");
    const armRequests = emulator.requests.filter((request) => request.server === "arm");
    expect(blob.some((request) => request.method === "PUT")).toBe(true); // the upload
    expect(blob.some((request) => request.method === "GET")).toBe(true); // the log reads
    expect(blob.filter((request) => request.hasAuthorization)).toEqual([]);
    expect(armRequests.every((request) => request.hasAuthorization)).toBe(true);
    // The two listeners are different origins: the blob one is not the configured endpoint.
    expect(new URL(emulator.blobEndpoint).origin).not.toBe(new URL(emulator.endpoint).origin);
    expect(blob.every((request) => `https://127.0.0.1:${request.port}` === emulator.blobEndpoint)).toBe(true);
  }, 60_000);
});

describe("foreign hosts named by the service are never called", () => {
  const EVIL = "https://evil.example.com";
  const calledForeign: { url: string; authorization: unknown }[] = [];

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    calledForeign.length = 0;
  });
  afterAll(() => nock.enableNetConnect());

  /** Intercepts every request to `origin`, recording it (it must stay empty). */
  function trap(origin: string): void {
    for (const method of ["get", "put", "post", "patch", "delete", "head"] as const) {
      nock(origin)
        .persist()
        .intercept(() => true, method.toUpperCase())
        .reply(function (uri) {
          calledForeign.push({ url: `${origin}${uri}`, authorization: this.req.headers.authorization });
          return [200, "{}", { "content-type": "application/json" }];
        });
    }
  }

  const foreignLinks = [
    `${EVIL}/subscriptions/${NOCK_SUB}/resourceGroups/${NOCK_RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/runs?api-version=2019-06-01-preview&$skipToken=2`,
    // The same host on another port, and plain http, are other origins too.
    `${ARM}:8443/subscriptions/${NOCK_SUB}/next?api-version=2019-06-01-preview`,
    `http://management.azure.com/subscriptions/${NOCK_SUB}/next?api-version=2019-06-01-preview`,
    // userinfo trick: the host is evil.example.com.
    `https://management.azure.com@evil.example.com/subscriptions/${NOCK_SUB}/next?api-version=2019-06-01-preview`,
  ];

  test.each(foreignLinks)("a nextLink to %s is refused, and the host never called", async (nextLink) => {
    trap(EVIL);
    trap(`${ARM}:8443`);
    trap("http://management.azure.com");
    const { requests } = scripted(ARM, [{ status: 200, body: { value: [{ name: "cb1" }], nextLink } }]);
    const client = makeClient({ token: "secret-bearer-token" });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const run of client.runs.list(NOCK_RG, REGISTRY)) seen.push(run.name!);
    })().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(seen).toEqual(["cb1"]);
    expect(error?.message).toMatch(/refusing to send the credential/);
    expect(error?.message).not.toContain("secret-bearer-token");
    expect(requests).toHaveLength(1);
    expect(calledForeign).toEqual([]);
  });

  test("an Azure-AsyncOperation header naming another host is never polled", async () => {
    trap(EVIL);
    scripted(ARM, [
      {
        status: 201,
        body: { name: "mytaskrun", properties: { provisioningState: "Creating" } },
        headers: {
          "azure-asyncoperation": `${EVIL}/operationStatuses/op1?api-version=2019-06-01-preview`,
          "retry-after": "0",
        },
      },
    ]);
    const client = makeClient({ token: "secret-bearer-token" });
    const error = await client.taskRuns
      .create(
        NOCK_RG,
        REGISTRY,
        "mytaskrun",
        {
          properties: {
            runRequest: {
              type: "EncodedTaskRunRequest",
              encodedTaskContent: "c3RlcHM6IFtd",
              platform: { os: "Linux" },
            },
          },
        },
        { updateIntervalInMs: 1 },
      )
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(/refusing to send the credential|evil\.example\.com/);
    expect(calledForeign).toEqual([]);
  });

  test("a Location header naming another host is never polled (DELETE)", async () => {
    trap(EVIL);
    scripted(ARM, [
      {
        status: 202,
        headers: { location: `${EVIL}/operationResults/op2?api-version=2019-06-01-preview`, "retry-after": "0" },
      },
    ]);
    const client = makeClient({ token: "secret-bearer-token" });
    const error = await client.tasks.delete(NOCK_RG, REGISTRY, "mytask1", { updateIntervalInMs: 1 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/refusing to send the credential/);
    expect(calledForeign).toEqual([]);
  });

  test("a Location header naming another host is never polled (POST action: runs.cancel)", async () => {
    trap(EVIL);
    scripted(ARM, [
      {
        status: 202,
        headers: { location: `${EVIL}/operationResults/op3?api-version=2019-06-01-preview`, "retry-after": "0" },
      },
    ]);
    const client = makeClient({ token: "secret-bearer-token" });
    const error = await client.runs.cancel(NOCK_RG, REGISTRY, "cb1", { updateIntervalInMs: 1 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/refusing to send the credential/);
    expect(calledForeign).toEqual([]);
  });
});
