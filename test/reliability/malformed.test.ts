// Malformed responses from the service — invalid JSON, an HTML 502 from a gateway, a body cut short
// (Content-Length larger than what arrives, then the socket ends), a JSON value of the wrong shape,
// a missing field — give a clear RestError (or, for the lifecycle helpers, a clear error naming what is
// missing), never a crash, a TypeError, or an unhandled rejection. A tiny local HTTPS server answers.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { generateServerCertificate } from "../../emulator/src/net/cert.js";
import { ContainerRegistryTasksClient, RestError, isRestError } from "../../src/index.js";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const SUB = "00000000-0000-0000-0000-0000000000bb";
const RG = "rg";
const REG = "myregistry";
const PREFIX = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REG}`;
let server: Server;
let endpoint: string;
let ca: string;
let handler: Handler = (_request, response) => response.end();
const seen: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUncaught);
  const certificate = await generateServerCertificate("127.0.0.1");
  ca = certificate.caPem;
  server = createServer({ key: certificate.keyPem, cert: certificate.certChainPem }, (request, response) => {
    seen.push(`${request.method} ${request.url}`);
    request.resume();
    request.on("end", () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  // Give any stray rejection a turn to surface before checking.
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUncaught);
  expect(unhandled).toEqual([]);
  expect(uncaught).toEqual([]);
});

function client(): ContainerRegistryTasksClient {
  return new ContainerRegistryTasksClient(
    { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) },
    SUB,
    {
      endpoint,
      tlsOptions: { ca },
      retryOptions: { retryDelayInMs: 1, maxRetryDelayInMs: 5, maxRetries: 2 },
    },
  );
}

function reply(
  status: number,
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
): Handler {
  return (_request, response) => {
    response.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body)) });
    response.end(body);
  };
}

async function failure(promise: Promise<unknown>): Promise<RestError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).not.toBeInstanceOf(TypeError);
  expect(isRestError(error), `not a RestError: ${String(error)}`).toBe(true);
  return error as RestError;
}

describe("malformed responses give a clear RestError", () => {
  test("invalid JSON in a 200 answer", async () => {
    handler = reply(200, '{"name": "cb1", "properties": {');
    const error = await failure(client().runs.get(RG, REG, "cb1"));
    expect(error.code).toBe("MalformedResponse");
    expect(error.statusCode).toBe(200);
    expect(error.message).toContain("Runs_Get");
    expect(error.message).toContain("not valid JSON");
  });

  test("an HTML 502 from a gateway (retried, then reported)", async () => {
    handler = reply(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", {
      "content-type": "text/html",
    });
    const error = await failure(client().runs.get(RG, REG, "cb1"));
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain("Runs_Get failed with HTTP 502");
    expect(error.message).toContain("text/html");
    expect(seen.length).toBe(3); // a GET is idempotent: the first attempt and two retries
  });

  test("an HTML 502 on a POST (scheduleRun) is reported without a retry", async () => {
    handler = reply(502, "<html><body>Bad Gateway</body></html>", { "content-type": "text/html" });
    const error = await failure(
      client().registries.scheduleRun(RG, REG, {
        type: "EncodedTaskRunRequest",
        encodedTaskContent: "c3RlcHM6IFtd",
        platform: { os: "Linux" },
      }),
    );
    expect(error.statusCode).toBe(502);
    expect(seen.length).toBe(1);
  });

  test("a truncated body: Content-Length larger than the body, then the socket ends", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
      response.write('{"name": "cb1", "properties": {"status": "Runn');
      // Flush what was written, then end the connection without the rest.
      setImmediate(() => response.socket?.end());
    };
    const error = await failure(client().runs.get(RG, REG, "cb1"));
    // core-rest-pipeline reports it as a RestError PARSE_ERROR ("Error reading response as text: aborted");
    // the SDK names the operation in front of it.
    expect(error.code).toBe("PARSE_ERROR");
    expect(error.message).toMatch(/^Runs_Get: .*(aborted|reading response)/i);
  });

  test("a truncated body on a list page", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
      response.write('{"value": [{"name": "cb1"}, {"na');
      setImmediate(() => response.socket?.end());
    };
    await failure(client().runs.list(RG, REG).next());
  });

  test("a JSON value of the wrong shape (array, string, null) where an object is expected", async () => {
    for (const body of ["[1,2,3]", '"just a string"', "null", "42"]) {
      handler = reply(200, body);
      const error = await failure(client().runs.get(RG, REG, "cb1"));
      expect(error.code).toBe("MalformedResponse");
      expect(error.message).toContain("expected a JSON object");
    }
  });

  test("a list page whose value is not an array", async () => {
    handler = reply(200, '{"value": {"name": "cb1"}}');
    const error = await failure(client().runs.list(RG, REG).next());
    expect(error.message).toContain("Runs_List");
  });

  test("a 201 with an Azure-AsyncOperation whose status answer is invalid JSON", async () => {
    handler = (request, response) => {
      if (request.method === "PUT") {
        response.writeHead(201, {
          "content-type": "application/json",
          "azure-asyncoperation": `${endpoint}/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/locations/westus/operationStatuses/op1?api-version=2019-06-01-preview`,
          "retry-after": "0",
        });
        response.end(JSON.stringify({ name: "mytaskrun", properties: { provisioningState: "Creating" } }));
        return;
      }
      reply(200, "{ status: InProgress")(request, response);
    };
    const error = await failure(
      client().taskRuns.create(
        RG,
        REG,
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
      ),
    );
    expect(error.code).toBe("MalformedResponse");
  });

  test("an error status whose body is not an ARM error still gives a RestError with the status", async () => {
    handler = reply(409, "conflict!", { "content-type": "text/plain" });
    const error = await failure(client().tasks.get(RG, REG, "mytask"));
    expect(error.statusCode).toBe(409);
    expect(error.code).toBe("HttpStatus409");
  });
});

describe("missing fields", () => {
  test("runs.streamLogs when the service returns no log link", async () => {
    handler = reply(200, "{}");
    const iterator = client().runs.streamLogs(RG, REG, "cb1")[Symbol.asyncIterator]();
    const error = await iterator.next().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error!.message).toContain("no log link");
    expect(isRestError(error), "a missing field in a response should be reported as a RestError").toBe(true);
    expect((error as RestError).code).toBe("MalformedResponse");
  });

  test("registries.quickBuild when the service returns no upload URL", async () => {
    const { makeTree, removeTrees } = await import("../custom/lifecycle/support/tree.js");
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n" });
    try {
      handler = reply(200, JSON.stringify({ relativePath: "source/x.tar.gz" }));
      const error = await client()
        .registries.quickBuild(RG, REG, { sourceDir, platform: { os: "Linux" } })
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect(error!.message).toContain("no upload location");
      expect(isRestError(error), "a missing field in a response should be reported as a RestError").toBe(true);
      expect((error as RestError).code).toBe("MalformedResponse");
    } finally {
      await removeTrees();
    }
  });

  test("a run without a status is treated as still going, and maxWaitMs bounds waitForCompletion", async () => {
    handler = reply(200, JSON.stringify({ name: "cb1", properties: {} }));
    const error = await client()
      .runs.waitForCompletion(RG, REG, "cb1", { pollIntervalMs: 1, maxPollIntervalMs: 5, maxWaitMs: 200 })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.name).toBe("RunWaitTimeoutError");
  });
});
