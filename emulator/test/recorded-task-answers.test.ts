// What the recordings of live Azure (../shared/azure-cli-recordings) show of tasks, task runs and runs:
// credentials as Azure shows them, the base images a Docker step learns by running, a task named by its
// bare name in a TaskRunRequest, and a task run's request and result as Azure echoes them.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dockerfileBaseImages } from "../src/runEngine/baseImages.js";
import { parseImageReference } from "../src/runEngine/images.js";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import {
  build,
  createRegistry,
  encoded,
  registryPath,
  scheduleRun,
  send,
  uploadContext,
  waitFor,
  waitForRunEnd,
} from "./helpers.js";

let emulator: RunningEmulator;
const registry = "taskanswers1";
const url = (path: string) => `${registryPath(registry)}${path}?api-version=${build}`;
const encodedTask = (extra: Record<string, unknown> = {}) => ({
  location: "westus",
  properties: {
    platform: { os: "Linux" },
    step: { type: "EncodedTask", encodedTaskContent: encoded("steps:\n  - cmd: bash echo hi\n") },
    ...extra,
  },
});

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

describe("task credentials", () => {
  test("a task created with an empty credentials object (as az sends it) has no credentials", async () => {
    const created = await send(emulator, "PUT", url("/tasks/nocreds"), { body: encodedTask({ credentials: {} }) });
    expect(created.body.properties).not.toHaveProperty("credentials");
    expect((await send(emulator, "GET", url("/tasks/nocreds"))).body.properties).not.toHaveProperty("credentials");
    const patched = await send(emulator, "PATCH", url("/tasks/nocreds"), { body: { properties: { credentials: {} } } });
    expect(patched.body.properties).not.toHaveProperty("credentials");
  });

  test("custom registries show as null everywhere but Tasks_GetDetails", async () => {
    const custom = {
      "test.acr.com": {
        userName: { type: "Opaque", value: "testuser" },
        password: { type: "Opaque", value: "random" },
        identity: "[system]",
      },
    };
    const created = await send(emulator, "PUT", url("/tasks/withcreds"), {
      body: encodedTask({ credentials: { customRegistries: custom } }),
    });
    expect(created.body.properties.credentials).toEqual({ customRegistries: { "test.acr.com": null } });
    expect((await send(emulator, "GET", url("/tasks/withcreds"))).body.properties.credentials).toEqual({
      customRegistries: { "test.acr.com": null },
    });
    const listed = (await send(emulator, "GET", url("/tasks"))).body.value.find(
      (task: { name: string }) => task.name === "withcreds",
    );
    expect(listed.properties.credentials.customRegistries["test.acr.com"]).toBeNull();
    const details = await send(emulator, "POST", url("/tasks/withcreds/listDetails"));
    expect(details.body.properties.credentials.customRegistries).toEqual(custom);
  });
});

describe("a Docker step learns its base images by running", () => {
  const dockerfile = [
    "ARG GO=1.21",
    "FROM golang:${GO} AS build",
    "RUN go build",
    "FROM build AS test",
    "FROM mcr.microsoft.com/dotnet/runtime:8.0",
    "COPY --from=build /app /app",
  ].join("\n");

  test("none before it has run; the Dockerfile's images once a run of the task succeeded", async () => {
    const context = await uploadContext(emulator, registry, { Dockerfile: dockerfile });
    const created = await send(emulator, "PUT", url("/tasks/dockertask"), {
      body: {
        location: "westus",
        properties: {
          platform: { os: "Linux" },
          step: { type: "Docker", contextPath: context, dockerFilePath: "Dockerfile", imageNames: ["app:v1"] },
        },
      },
    });
    expect(created.body.properties.step).not.toHaveProperty("baseImageDependencies");
    const run = await scheduleRun(emulator, registry, { type: "TaskRunRequest", taskId: "dockertask" });
    expect((await waitForRunEnd(emulator, registry, run.name)).properties.status).toBe("Succeeded");
    let step: any;
    await waitFor(
      async () =>
        (step = (await send(emulator, "GET", url("/tasks/dockertask"))).body.properties.step).baseImageDependencies,
    );
    expect(step.baseImageDependencies).toEqual([
      {
        type: "BuildTime",
        registry: "registry.hub.docker.com",
        repository: "library/golang",
        tag: "1.21",
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      },
      {
        type: "Runtime",
        registry: "mcr.microsoft.com",
        repository: "dotnet/runtime",
        tag: "8.0",
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      },
    ]);
  });

  test("image references as ACR records them; build arguments win over ARG defaults; scratch adds nothing", () => {
    expect(parseImageReference("node:9")).toMatchObject({
      registry: "registry.hub.docker.com",
      repository: "library/node",
      tag: "9",
    });
    expect(parseImageReference("myorg/app")).toMatchObject({ repository: "myorg/app", tag: "latest" });
    expect(parseImageReference("localhost:5000/app:1")).toMatchObject({
      registry: "localhost:5000",
      repository: "app",
      tag: "1",
    });
    expect(parseImageReference("alpine@sha256:abc").digest).toBe("sha256:abc");
    expect(dockerfileBaseImages("ARG V=1\nFROM alpine:$V\n", [{ name: "V", value: "3.19" }])).toMatchObject([
      { type: "Runtime", repository: "library/alpine", tag: "3.19" },
    ]);
    expect(dockerfileBaseImages("FROM scratch\n")).toEqual([]);
  });
});

describe("TaskRunRequest.taskId", () => {
  test("a bare task name runs that task of the registry, as the swagger's example and the official sample send it", async () => {
    await send(emulator, "PUT", url("/tasks/bynametask"), { body: encodedTask() });
    const run = await scheduleRun(emulator, registry, { type: "TaskRunRequest", taskId: "bynametask" });
    expect((await send(emulator, "GET", url(`/runs/${run.name}`))).body.properties.task).toBe("bynametask");
  });

  test("a name or id of no task of the registry is 404 naming it", async () => {
    for (const taskId of ["missingtask", `${registryPath("otherreg1")}/tasks/bynametask`]) {
      const refused = await send(emulator, "POST", url("/scheduleRun"), { body: { type: "TaskRunRequest", taskId } });
      expect(refused.status, taskId).toBe(404);
      expect(refused.body.error.message).toContain(`${registry}/`);
    }
  });
});

test("a task run echoes its request as Azure does (noCache, no stray values, no empty credentials); its runResult has no systemData", async () => {
  const created = await send(emulator, "PUT", url("/taskRuns/echorun"), {
    body: {
      location: "westus",
      properties: {
        runRequest: {
          type: "DockerBuildRequest",
          imageNames: ["echo:v1"],
          sourceLocation: "https://github.com/Azure-Samples/acr-build-helloworld-node.git",
          dockerFilePath: "Dockerfile",
          values: [],
          isPushEnabled: true,
          platform: { os: "linux", architecture: "amd64" },
          credentials: {},
        },
      },
    },
  });
  expect(created.status).toBe(201);
  let shown: any;
  await waitFor(
    async () =>
      (shown = (await send(emulator, "GET", url("/taskRuns/echorun"))).body).properties.runResult?.properties.status ===
      "Succeeded",
  );
  expect(shown.properties.runRequest).toEqual({
    type: "DockerBuildRequest",
    imageNames: ["echo:v1"],
    isPushEnabled: true,
    noCache: false,
    dockerFilePath: "Dockerfile",
    platform: { os: "linux", architecture: "amd64" },
    sourceLocation: "https://github.com/Azure-Samples/acr-build-helloworld-node.git",
  });
  expect(shown.properties.runResult).not.toHaveProperty("systemData");
  expect(shown.properties.runResult.properties.outputImages).toHaveLength(1);
});
