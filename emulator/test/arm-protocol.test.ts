// ARM rules: bearer auth, api-version, validation of path parameters and bodies, 404s, 409s, and
// that every operation of every feed is routed to a handler.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { alternativeFeeds, feeds } from "acr-tasks/catalog";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { operationHandlers } from "../src/resources/index.js";
import { arm, build, createRegistry, registryPath, rg, scheduleRun, send, untilCanceled, waitFor } from "./helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, "protoreg01");
});
afterAll(() => emulator.close());

const runsUrl = `${registryPath("protoreg01")}/runs?api-version=${build}`;

test("every operation of every feed has a handler (84, and the 25 tasks operations again at 2025-03-01-preview)", () => {
  const operations = [...feeds, ...alternativeFeeds].flatMap((feed) => feed.operations);
  expect(operations).toHaveLength(109);
  expect(
    operations.filter((op) => !operationHandlers[op.operationId]).map((op) => `${op.operationId} at ${op.apiVersion}`),
  ).toEqual([]);
});

describe("authentication", () => {
  test("no Authorization header: 401 with an ARM error", async () => {
    const response = await send(emulator, "GET", runsUrl, { token: null });
    expect(response.status).toBe(401);
    expect(response.body.error).toMatchObject({ code: "AuthenticationFailed" });
    expect(response.body.error.message).toMatch(/Authorization/);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
  });

  test("a token the emulator did not issue: 401 InvalidAuthenticationToken", async () => {
    const response = await send(emulator, "GET", runsUrl, { token: "forged.token" });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("InvalidAuthenticationToken");
  });

  test("the credential's token is accepted", async () => {
    expect((await send(emulator, "GET", runsUrl)).status).toBe(200);
  });
});

describe("api-version", () => {
  test("missing: 400 MissingApiVersionParameter", async () => {
    const response = await send(emulator, "GET", `${registryPath("protoreg01")}/runs`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("MissingApiVersionParameter");
  });

  test("a version not published for the resource type: 400 InvalidApiVersionParameter naming the supported ones", async () => {
    const response = await send(emulator, "GET", `${registryPath("protoreg01")}/runs?api-version=${arm}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidApiVersionParameter");
    expect(response.body.error.message).toContain(build);
  });
});

describe("validation", () => {
  test("a path parameter breaking its pattern: 400 naming the parameter", async () => {
    const response = await send(emulator, "GET", `${registryPath("ab")}/runs?api-version=${build}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: "InvalidParameter", target: "registryName" });
    expect(response.body.error.message).toContain("registryName");
  });

  test("a body missing a required field: 400 naming the field", async () => {
    const response = await send(emulator, "PUT", `${registryPath("newreg001")}?api-version=${arm}`, {
      body: { sku: { name: "Basic" } },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidRequestContent");
    expect(response.body.error.message).toContain("registry.location");
  });

  test("a wrong discriminator in a run request: 400 naming the field", async () => {
    const response = await send(emulator, "POST", `${registryPath("protoreg01")}/scheduleRun?api-version=${build}`, {
      body: { type: "Nope" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.target).toBe("runRequest.type");
  });

  test("a body that is not JSON: 400", async () => {
    const response = await send(emulator, "POST", `${registryPath("protoreg01")}/scheduleRun?api-version=${build}`, {
      raw: Buffer.from("{not json"),
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("InvalidRequestContent");
  });
});

describe("404", () => {
  test("a registry that was never created (resource groups are implicit)", async () => {
    const response = await send(emulator, "GET", `${registryPath("missingreg", "anyGroup")}/runs?api-version=${build}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("ResourceNotFound");
    expect(response.body.error.message).toContain("missingreg");
  });

  test("the registry exists but in another resource group", async () => {
    expect((await send(emulator, "GET", `${registryPath("protoreg01", "otherGroup")}?api-version=${arm}`)).status).toBe(
      404,
    );
  });

  test("a missing run, task, and an unknown path", async () => {
    expect((await send(emulator, "GET", `${registryPath("protoreg01")}/runs/cb999?api-version=${build}`)).status).toBe(
      404,
    );
    expect(
      (await send(emulator, "GET", `${registryPath("protoreg01")}/tasks/nosuchtask?api-version=${build}`)).status,
    ).toBe(404);
    expect((await send(emulator, "GET", `${registryPath("protoreg01")}/nothing?api-version=${build}`)).status).toBe(
      404,
    );
  });

  test("paths are case-insensitive, as ARM's", async () => {
    const response = await send(
      emulator,
      "GET",
      `${registryPath("PROTOREG01", "RG1").replace("resourceGroups", "RESOURCEGROUPS")}?api-version=${arm}`,
    );
    expect(response.status).toBe(200);
    expect(response.body.name).toBe("protoreg01");
  });
});

describe("409", () => {
  test("a registry name already used in another resource group", async () => {
    const response = await send(emulator, "PUT", `${registryPath("protoreg01", "otherGroup")}?api-version=${arm}`, {
      body: { location: "westus", sku: { name: "Basic" } },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("AlreadyInUse");
  });

  test("deleting a registry while it is being created", async () => {
    // A creation that lasts half an hour, so the DELETE surely meets it (operations finish on the clock).
    const slow = await startEmulator({ timeScale: 1000 });
    try {
      const url = `${registryPath("busyreg01")}?api-version=${arm}`;
      expect((await send(slow, "PUT", url, { body: { location: "westus", sku: { name: "Basic" } } })).status).toBe(201);
      const response = await send(slow, "DELETE", url);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe("AnotherOperationInProgress");
    } finally {
      await slow.close();
    }
  });

  test("a registry DELETE is done when it answers (200): its runs and tasks go with it", async () => {
    await createRegistry(emulator, "doomedreg1");
    await scheduleRun(emulator, "doomedreg1", untilCanceled());
    expect((await send(emulator, "DELETE", `${registryPath("doomedreg1")}?api-version=${arm}`)).status).toBe(200);
    expect((await send(emulator, "GET", `${registryPath("doomedreg1")}/runs/cb1?api-version=${build}`)).status).toBe(
      404,
    );
    const response = await send(emulator, "POST", `${registryPath("doomedreg1")}/scheduleRun?api-version=${build}`, {
      body: untilCanceled(),
    });
    expect(response.status).toBe(404);
  });

  test("deleting an agent pool with queued runs", async () => {
    const poolUrl = `${registryPath("protoreg01")}/agentPools/busypool?api-version=${build}`;
    await send(emulator, "PUT", poolUrl, { body: { location: "westus", properties: { count: 1 } } });
    // The pool's creation finishes on the clock: wait for it, or the DELETE meets that operation instead.
    await waitFor(async () => (await send(emulator, "GET", poolUrl)).body.properties.provisioningState === "Succeeded");
    const run = await scheduleRun(emulator, "protoreg01", untilCanceled({ agentPoolName: "busypool" }));
    const response = await send(emulator, "DELETE", poolUrl);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("AgentPoolInUse");
    await send(emulator, "POST", `${registryPath("protoreg01")}/runs/${run.name}/cancel?api-version=${build}`);
  });
});

test("DELETE of something that does not exist is 204, as ARM answers", async () => {
  expect(
    (await send(emulator, "DELETE", `${registryPath("protoreg01")}/tasks/ghost?api-version=${build}`)).status,
  ).toBe(204);
});

test("resource group in path is respected by lists", async () => {
  const response = await send(
    emulator,
    "GET",
    `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries?api-version=${arm}`,
  );
  expect(response.body.value.map((r: { name: string }) => r.name)).toContain("protoreg01");
});
