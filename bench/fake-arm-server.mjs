// A minimal loopback HTTPS fake of the ARM endpoints the benchmarks call. It is NOT the project's
// emulator: it runs in its own process (so its CPU is not charged to the contender being timed),
// answers from pre-serialized buffers wherever it can, and does exactly the same work for the raw
// baseline and for the SDK, so its cost is small and equal for every contender.
//
// Started by bench/run.ts with `fork()`; the parent sends { key, cert } over IPC and receives
// { port } once the server listens. Plain JavaScript so that no loader is needed in this process.
//
// Routes (path prefix /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{reg}):
//   GET  .../runs/{runId}                        -> 200 Run
//   GET  .../runs?$top=T[&page=N]                -> 200 RunListResult (100 runs, nextLink to page N+1 until T runs)
//   PUT  .../taskRuns/{name}                     -> 201 TaskRun (Creating) + Azure-AsyncOperation + Retry-After: 0
//   GET  .../operationStatuses/{name}            -> 200 {status: InProgress} twice, then {status: Succeeded}
//   GET  .../taskRuns/{name}                     -> 200 TaskRun (Succeeded, with its runResult)
import { createServer } from "node:https";

const API = "2019-06-01-preview";
const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "bench-rg";
const REG = "benchregistry";
const REG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REG}`;

/** A realistic ACR Run, shaped like the service's answers (systemData, nested triggers, images, dates). */
export function runJson(runId, i = 0) {
  const t = Date.UTC(2024, 4, 1, 12, 0, 0) + i * 61_000;
  const iso = (ms) => new Date(ms).toISOString();
  return {
    type: "Microsoft.ContainerRegistry/registries/runs",
    id: `${REG_ID}/runs/${runId}`,
    name: runId,
    systemData: {
      createdBy: "builder@contoso.com",
      createdByType: "User",
      createdAt: iso(t),
      lastModifiedBy: "builder@contoso.com",
      lastModifiedByType: "User",
      lastModifiedAt: iso(t + 95_000),
    },
    properties: {
      runId,
      status: "Succeeded",
      lastUpdatedTime: iso(t + 95_000),
      runType: "AutoBuild",
      agentPoolName: "",
      createTime: iso(t),
      startTime: iso(t + 2_000),
      finishTime: iso(t + 94_000),
      outputImages: [
        {
          registry: `${REG}.azurecr.io`,
          repository: "hello-world",
          tag: `v${i}`,
          digest: "sha256:2d6e3a3e8c1f4e9b1b7b1a6f7c1d9d1fbcf0a0e3a4cf1e7e0d5ab0a1c2d3e4f5",
        },
      ],
      task: "hello-world-task",
      imageUpdateTrigger: {
        id: `trigger-${i}`,
        timestamp: iso(t - 5_000),
        images: [
          {
            registry: "mcr.microsoft.com",
            repository: "dotnet/runtime",
            tag: "8.0",
            digest: "sha256:9c1f0a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7",
          },
        ],
      },
      sourceTrigger: {
        id: `src-${i}`,
        eventType: "commit",
        commitId: "b5c1f2a3d4e5f60718293a4b5c6d7e8f90a1b2c3",
        repositoryUrl: "https://github.com/contoso/hello-world",
        branchName: "main",
        providerType: "Github",
      },
      platform: { os: "Linux", architecture: "amd64" },
      agentConfiguration: { cpu: 2 },
      sourceRegistryAuth: "Default",
      customRegistries: [],
      logArtifact: {
        registry: `${REG}.azurecr.io`,
        repository: "acrtasks-logs",
        tag: runId,
        digest: "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f",
      },
      provisioningState: "Succeeded",
      isArchiveEnabled: false,
    },
  };
}

function taskRunJson(name, state) {
  const run = runJson(`ca${name.length}`, 7);
  if (state !== "Succeeded") {
    run.properties.status = "Running";
    delete run.properties.finishTime;
  }
  return {
    type: "Microsoft.ContainerRegistry/registries/taskRuns",
    id: `${REG_ID}/taskRuns/${name}`,
    name,
    location: "westus",
    identity: {
      type: "SystemAssigned",
      principalId: "11111111-2222-3333-4444-555555555555",
      tenantId: "66666666-7777-8888-9999-000000000000",
    },
    systemData: run.systemData,
    properties: {
      provisioningState: state,
      runRequest: {
        type: "EncodedTaskRunRequest",
        encodedTaskContent: Buffer.from("version: v1.1.0\nsteps:\n  - cmd: mcr.microsoft.com/hello-world\n").toString(
          "base64",
        ),
        values: [],
        timeout: 3600,
        platform: { os: "Linux", architecture: "amd64" },
        agentConfiguration: { cpu: 2 },
        isArchiveEnabled: false,
      },
      runResult: run,
      forceUpdateTag: "",
    },
  };
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

// Runs for list pages: 200 distinct pages are pre-rendered lazily and reused (modulo 200) for longer
// listings, so the server's per-page cost is a buffer concat, not JSON rendering.
const pageItemsCache = new Map();
function pageItems(page, size) {
  const key = `${page % 200}:${size}`;
  let buf = pageItemsCache.get(key);
  if (!buf) {
    const items = [];
    for (let j = 0; j < size; j++) {
      const n = (page % 200) * size + j;
      items.push(JSON.stringify(runJson(`cf${n.toString(36)}`, n)));
    }
    buf = Buffer.from(`{"value":[${items.join(",")}]`);
    pageItemsCache.set(key, buf);
  }
  return buf;
}

const runBodies = new Map();
function runBody(runId) {
  let buf = runBodies.get(runId);
  if (!buf) {
    buf = Buffer.from(JSON.stringify(runJson(runId, runId.length)));
    if (runBodies.size < 10_000) runBodies.set(runId, buf);
  }
  return buf;
}

const pollsLeft = new Map();
const IN_PROGRESS = Buffer.from(JSON.stringify({ status: "InProgress" }));
const SUCCEEDED = Buffer.from(JSON.stringify({ status: "Succeeded" }));

function send(res, status, body, headers = JSON_HEADERS) {
  res.writeHead(status, { ...headers, "content-length": body.length });
  res.end(body);
}

function param(query, name) {
  const m = new RegExp(`[?&]${name}=([^&]*)`).exec(query);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export function createFakeArm({ key, cert }) {
  let origin = "";
  const server = createServer({ key, cert, keepAliveTimeout: 60_000 }, (req, res) => {
    const url = req.url;
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? "" : url.slice(q);
    if (!(req.headers.authorization ?? "").startsWith("Bearer ")) {
      send(res, 401, Buffer.from('{"error":{"code":"AuthenticationFailed","message":"no bearer token"}}'));
      return;
    }
    if (!path.startsWith(REG_ID + "/")) {
      send(res, 404, Buffer.from(`{"error":{"code":"NotFound","message":"${path}"}}`));
      return;
    }
    const rest = path.slice(REG_ID.length + 1).split("/");
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "GET" && rest[0] === "runs" && rest.length === 1) {
        const page = Number(param(query, "page") ?? 0);
        const top = Number(param(query, "%24top") ?? param(query, "\\$top") ?? 20_000);
        const size = 100;
        const pages = Math.ceil(top / size);
        const items = pageItems(page, size);
        const tail =
          page + 1 < pages
            ? `,"nextLink":"${origin}${REG_ID}/runs?api-version=${API}&%24top=${top}&page=${page + 1}"}`
            : "}";
        send(res, 200, Buffer.concat([items, Buffer.from(tail)]));
      } else if (req.method === "GET" && rest[0] === "runs" && rest.length === 2) {
        send(res, 200, runBody(decodeURIComponent(rest[1])));
      } else if (req.method === "PUT" && rest[0] === "taskRuns" && rest.length === 2) {
        const name = decodeURIComponent(rest[1]);
        JSON.parse(Buffer.concat(chunks).toString("utf8")); // a real service reads the body too
        pollsLeft.set(name, 2);
        send(res, 201, Buffer.from(JSON.stringify(taskRunJson(name, "Creating"))), {
          ...JSON_HEADERS,
          "azure-asyncoperation": `${origin}${REG_ID}/operationStatuses/${name}?api-version=${API}`,
          "retry-after": "0",
        });
      } else if (req.method === "GET" && rest[0] === "operationStatuses" && rest.length === 2) {
        const name = decodeURIComponent(rest[1]);
        const left = pollsLeft.get(name) ?? 0;
        if (left > 0) {
          pollsLeft.set(name, left - 1);
          send(res, 200, IN_PROGRESS, { ...JSON_HEADERS, "retry-after": "0" });
        } else {
          pollsLeft.delete(name);
          send(res, 200, SUCCEEDED);
        }
      } else if (req.method === "GET" && rest[0] === "taskRuns" && rest.length === 2) {
        send(res, 200, Buffer.from(JSON.stringify(taskRunJson(decodeURIComponent(rest[1]), "Succeeded"))));
      } else {
        send(res, 404, Buffer.from(`{"error":{"code":"NotFound","message":"${req.method} ${path}"}}`));
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return {
    server,
    listen: () =>
      new Promise((resolve) =>
        server.listen(0, "127.0.0.1", () => {
          origin = `https://127.0.0.1:${server.address().port}`;
          resolve(server.address().port);
        }),
      ),
  };
}

export const constants = { API, SUB, RG, REG, REG_ID };

// When forked by bench/run.ts: wait for the certificate, listen, report the port.
if (process.send && process.argv.includes("--serve")) {
  process.once("message", async (msg) => {
    const fake = createFakeArm(msg);
    const port = await fake.listen();
    process.send({ port });
    process.on("disconnect", () => process.exit(0));
  });
}
