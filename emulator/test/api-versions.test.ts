// Each resource type answers at the api-versions published for it, with the model of the emulator's
// feed; any other version is ARM's InvalidApiVersionParameter. The committed data matches the upstream
// autorest readme (read here, at test time: the emulator itself never reads ../shared).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { publishedVersionsByFile, servedApiVersions } from "../src/arm/apiVersions.js";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { createRegistry, registryPath, send } from "./helpers.js";

const readme = fileURLToPath(
  new URL("../../../shared/swagger/specification/containerregistry/resource-manager/readme.md", import.meta.url),
);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, "versionreg1");
  await send(emulator, "PUT", `${registryPath("versionreg1")}/tasks/hellotask?api-version=2019-06-01-preview`, {
    body: {
      location: "westus",
      properties: {
        platform: { os: "Linux" },
        step: {
          type: "EncodedTask",
          encodedTaskContent: Buffer.from("steps:\n  - cmd: bash echo\n").toString("base64"),
        },
      },
    },
  });
});
afterAll(() => emulator.close());

const get = (path: string, version: string) =>
  send(emulator, "GET", `${registryPath("versionreg1")}${path}?api-version=${version}`);

test.runIf(existsSync(readme))("the versions per input file are those the upstream readme's tags list", () => {
  const text = readFileSync(readme, "utf8");
  for (const [file, versions] of Object.entries(publishedVersionsByFile)) {
    const listed = [
      ...text.matchAll(
        new RegExp(`Microsoft\\.ContainerRegistry/(?:preview|stable)/([^/]+)/${file.replace(".", "\\.")}`, "g"),
      ),
    ].map((m) => m[1]!);
    expect([...new Set(listed)].sort(), file).toEqual([...versions].sort());
  }
});

describe("versions real tools send", () => {
  test.each([
    ["", "2022-02-01-preview"], // az 2.45's registries
    ["", "2017-03-01"],
    ["", "2023-11-01-preview"],
    ["/replications", "2019-05-01"],
    ["/tasks/hellotask", "2019-04-01"],
    ["/tasks/hellotask", "2025-03-01-preview"],
    ["/agentPools", "2025-03-01-preview"],
    ["/scopeMaps", "2020-11-01-preview"], // az 2.45's scope maps and tokens
    ["/tokens", "2019-05-01-preview"],
    ["/scopeMaps", "2022-12-01"],
    ["/connectedRegistries", "2021-12-01-preview"],
    // The versions after the readme in ../shared, and Combine/'s (the official SDK 11.0.0 and 12.0.0 send 2025-11-01).
    ["", "2024-11-01-preview"],
    ["", "2025-03-01-preview"],
    ["", "2025-04-01"],
    ["", "2025-05-01-preview"],
    ["", "2025-06-01-preview"],
    ["", "2025-11-01"],
    ["/replications", "2025-11-01"],
    ["/webhooks", "2025-04-01"],
    ["/connectedRegistries", "2025-04-01"],
    ["/connectedRegistries", "2025-11-01"],
    ["/tokens", "2025-11-01"],
    ["/privateEndpointConnections", "2025-11-01"],
    ["/exportPipelines", "2025-06-01-preview"],
    ["/tasks/hellotask", "2025-11-01"],
    ["/runs", "2025-06-01-preview"],
    ["/agentPools", "2025-11-01"],
  ])("GET registries/versionreg1%s at %s answers 200 with the feed's model", async (path, version) => {
    const response = await get(path, version);
    expect(response.status).toBe(200);
  });

  test("the answer is the feed's model whatever the version (a task's step, a registry's loginServer)", async () => {
    expect((await get("/tasks/hellotask", "2019-04-01")).body.properties.step.type).toBe("EncodedTask");
    expect((await get("/tasks/hellotask", "2025-03-01-preview")).body.properties.step.type).toBe("EncodedTask");
    expect((await get("", "2017-03-01")).body.properties.loginServer).toBe("versionreg1.azurecr.io");
  });
});

describe("versions not published for a resource type", () => {
  test.each([
    ["/agentPools", "2019-04-01"], // agent pools came with 2019-06-01-preview
    ["/taskRuns", "2018-09-01"],
    ["/connectedRegistries", "2021-09-01"], // never in a stable version
    ["/scopeMaps", "2021-09-01"], // scope maps reached stable in 2022-12-01
    ["/replications", "2017-03-01"],
    ["", "2099-01-01"],
    ["/runs", "2021-08-01-preview"],
    ["/exportPipelines", "2025-11-01"], // pipelines never reached a stable version
    ["/exportPipelines", "2025-04-01"],
    ["/connectedRegistries", "2023-07-01"], // connected registries became stable in 2025-04-01
  ])(
    "GET registries/versionreg1%s at %s is 400 InvalidApiVersionParameter listing the supported ones",
    async (path, version) => {
      const response = await get(path, version);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("InvalidApiVersionParameter");
      expect(response.body.error.message).toContain(version);
    },
  );

  test("the message lists every version the type is served at", async () => {
    const message: string = (await get("/agentPools", "2019-04-01")).body.error.message;
    expect(message).toContain("'2019-06-01-preview,2025-03-01-preview,2025-06-01-preview,2025-11-01'");
  });
});

test("each version is served by the nearest feed at or before it (the oldest feed for earlier ones)", () => {
  const path =
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}/tasks/{taskName}";
  const feedsOfPath = ["2019-06-01-preview", "2025-03-01-preview"];
  expect(
    servedApiVersions(path, { apiVersion: "2025-03-01-preview", alternativeTo: "2019-06-01-preview" }, feedsOfPath),
  ).toEqual(["2025-03-01-preview", "2025-06-01-preview", "2025-11-01"]);
  expect(servedApiVersions(path, { apiVersion: "2019-06-01-preview" }, feedsOfPath)).toEqual([
    "2018-09-01",
    "2019-04-01",
    "2019-06-01-preview",
  ]);
  // Without a 2025 feed of its own, the original feed would answer those versions too.
  expect(servedApiVersions(path, { apiVersion: "2019-06-01-preview" }, ["2019-06-01-preview"])).toEqual(
    expect.arrayContaining(["2025-03-01-preview", "2025-11-01"]),
  );
});

test("the tasks at 2025-11-01 answer with the 2025-03-01-preview feed's semantics (Runs_Cancel at once)", async () => {
  const run = await send(emulator, "POST", `${registryPath("versionreg1")}/scheduleRun?api-version=2025-11-01`, {
    body: {
      type: "EncodedTaskRunRequest",
      encodedTaskContent: Buffer.from("steps:\n  - cmd: bash sleep 100000\n    timeout: 28800\n").toString("base64"),
      platform: { os: "Linux" },
      timeout: 28800,
    },
  });
  expect(run.status).toBe(200);
  const canceled = await send(
    emulator,
    "POST",
    `${registryPath("versionreg1")}/runs/${run.body.name}/cancel?api-version=2025-11-01`,
  );
  expect(canceled.status).toBe(200);
  expect((await get(`/runs/${run.body.name}`, "2025-11-01")).body.properties.status).toBe("Canceled");
});
