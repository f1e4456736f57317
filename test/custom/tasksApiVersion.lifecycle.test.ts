// The run-lifecycle helpers on a client with `tasksApiVersion: "2025-03-01-preview"`: quickBuild,
// quickRun, waitForCompletion and streamLogs call the tasks operations through the client's context, so
// every ARM request they make is at 2025-03-01-preview. The ARM side is a fake that answers as that
// version does (scheduleRun at once, 200) and refuses any other api-version; the blob side is the local
// HTTPS storage host of the lifecycle tests.
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ContainerRegistryTasksClient, type TasksApiVersion } from "../../src/index.js";
import {
  ARM,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  SUBSCRIPTION,
  fakeCredential,
  recordOf,
  type RecordedRequest,
} from "./_support/client.js";
import { startBlobServer, type TestBlobServer } from "./lifecycle/support/blobServer.js";
import { makeTree, removeTrees } from "./lifecycle/support/tree.js";

const V2025 = "2025-03-01-preview";
const linux = { os: "Linux", architecture: "amd64" };
const fast = { pollIntervalMs: 1, maxPollIntervalMs: 2 };
const LOG_PATH = "logs/cb1/rawtext.log";
const UPLOAD_PATH = "uploads/context.tar.gz";

let server: TestBlobServer;
beforeAll(async () => {
  server = await startBlobServer();
});
afterAll(async () => {
  await server.close();
  await removeTrees();
});

/**
 * ARM at one api-version: the four operations the helpers use, and a run whose log grows at the first
 * read of it and ends after `logReadsUntilDone` reads (the helpers follow the log, not Runs_Get).
 */
function fakeArm(apiVersion: TasksApiVersion, logReadsUntilDone: number) {
  const requests: RecordedRequest[] = [];
  const scheduled: unknown[] = [];
  let logReads = 0;
  let done = false;
  server.beforeServe = (request) => {
    if (!request.path.endsWith(LOG_PATH)) return;
    logReads++;
    if (logReads === 1) server.appendLog(LOG_PATH, "Queued\nStep 1: building\n");
    if (logReads === logReadsUntilDone) {
      server.appendLog(LOG_PATH, "Run ID: cb1 was successful\n");
      server.completeLog(LOG_PATH, "Succeeded");
      done = true;
    }
  };
  const run = (status: string) => ({
    id: `${REGISTRY_PATH}/runs/cb1`,
    name: "cb1",
    properties: { runId: "cb1", status, createTime: "2025-05-01T10:00:00Z" },
  });
  const answer = (method: string, uri: string, body: unknown): [number, unknown] => {
    const url = new URL(uri, ARM);
    if (url.searchParams.get("api-version") !== apiVersion) {
      return [
        400,
        {
          error: {
            code: "InvalidApiVersionParameter",
            message: `The api-version '${url.searchParams.get("api-version")}' is invalid.`,
          },
        },
      ];
    }
    const path = url.pathname.slice(REGISTRY_PATH.length);
    if (method === "POST" && path === "/listBuildSourceUploadUrl")
      return [200, { uploadUrl: server.sasUrl(UPLOAD_PATH), relativePath: "source/20250501/context.tar.gz" }];
    if (method === "POST" && path === "/scheduleRun") {
      scheduled.push(body);
      return [200, run("Queued")];
    }
    if (method === "GET" && path === "/runs/cb1") return [200, run(done ? "Succeeded" : "Running")];
    if (method === "POST" && path === "/runs/cb1/listLogSasUrl") return [200, { logLink: server.sasUrl(LOG_PATH) }];
    return [404, { error: { code: "NotFound", message: `${method} ${path}` } }];
  };
  const scope = nock(ARM).persist();
  for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
    scope
      .intercept(() => true, method)
      .reply(function (uri, body) {
        requests.push(recordOf(this.req.method, uri, { ...this.req.headers }, body));
        const parsed = typeof body === "string" && body ? JSON.parse(body) : body;
        const [status, reply] = answer(this.req.method, uri, parsed);
        return [status, JSON.stringify(reply), { "content-type": "application/json" }];
      });
  }
  return { requests, scheduled };
}

function client2025(): ContainerRegistryTasksClient {
  return new ContainerRegistryTasksClient(fakeCredential(), SUBSCRIPTION, {
    tasksApiVersion: V2025,
    tlsOptions: { ca: server.ca },
  });
}

async function linesOf(stream: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of stream) lines.push(line);
  return lines;
}

beforeEach(() => {
  server.blobs.clear();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1/);
});
afterEach(() => {
  server.beforeServe = undefined;
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("the lifecycle helpers with tasksApiVersion 2025-03-01-preview", () => {
  it("quickBuild uploads the folder and queues the build; waitForCompletion and streamLogs follow it to the end", async () => {
    const arm = fakeArm(V2025, 6);
    const client = client2025();
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n", "app.sh": "echo hi\n" });
    const queued = await client.registries.quickBuild(RG, REGISTRY, {
      sourceDir,
      imageNames: ["app:{{.Run.ID}}"],
      platform: linux,
    });
    expect(queued.properties?.status).toBe("Queued");
    expect(arm.scheduled).toEqual([
      expect.objectContaining({
        type: "DockerBuildRequest",
        sourceLocation: "source/20250501/context.tar.gz",
        imageNames: ["app:{{.Run.ID}}"],
      }),
    ]);
    expect(server.uploads.get(`/${UPLOAD_PATH}`)?.bytes).toBeGreaterThan(0);

    const [final, lines] = await Promise.all([
      client.runs.waitForCompletion(RG, REGISTRY, "cb1", fast),
      linesOf(client.runs.streamLogs(RG, REGISTRY, "cb1", fast)),
    ]);
    expect(final.properties?.status).toBe("Succeeded");
    expect(final.properties?.createTime).toEqual(new Date("2025-05-01T10:00:00Z"));
    expect(lines).toEqual(["Queued", "Step 1: building", "Run ID: cb1 was successful"]);

    const operations = arm.requests.map((r) => `${r.method} ${r.pathname.slice(REGISTRY_PATH.length)}`);
    expect(new Set(operations)).toEqual(
      new Set(["POST /listBuildSourceUploadUrl", "POST /scheduleRun", "GET /runs/cb1", "POST /runs/cb1/listLogSasUrl"]),
    );
    expect(arm.requests.every((r) => r.query["api-version"] === V2025)).toBe(true);
    // scheduleRun is answered at once at 2025: one request, no polling.
    expect(operations.filter((o) => o === "POST /scheduleRun")).toHaveLength(1);
  });

  it("quickRun queues an encoded task in one scheduleRun request at 2025-03-01-preview", async () => {
    const arm = fakeArm(V2025, 1);
    const run = await client2025().registries.quickRun(RG, REGISTRY, { cmd: "bash echo hi", platform: linux });
    expect(run.name).toBe("cb1");
    expect(arm.requests.map((r) => `${r.method} ${r.query["api-version"]}`)).toEqual([`POST ${V2025}`]);
    expect(arm.scheduled).toEqual([expect.objectContaining({ type: "EncodedTaskRunRequest" })]);
  });

  it("the same helpers on a default client are refused by an ARM that speaks only 2025-03-01-preview (the version really changes)", async () => {
    fakeArm(V2025, 1);
    const client = new ContainerRegistryTasksClient(fakeCredential(), SUBSCRIPTION, { tlsOptions: { ca: server.ca } });
    await expect(
      client.registries.quickRun(RG, REGISTRY, { cmd: "bash echo hi", platform: linux }),
    ).rejects.toMatchObject({ code: "InvalidApiVersionParameter" });
  });
});
