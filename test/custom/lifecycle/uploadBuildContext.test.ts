// registries.uploadBuildContext through the public client against the emulator: a task builds from a local
// folder uploaded on its own, as `az acr build` uploads one before it queues the build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "acr-tasks-emulator";
import { ValidationError, type ContainerRegistryTasksClient, type RunSubmissionProgress } from "../../../src/index.js";
import { createPremiumRegistry, emulatorClient } from "./support/emulatorClient.js";
import { makeTree, removeTrees } from "./support/tree.js";

const resourceGroup = "upload-rg";
const registry = "uploadreg01";
const linux = { os: "Linux", architecture: "amd64" } as const;

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  client = emulatorClient(emulator);
  await createPremiumRegistry(client, resourceGroup, registry);
});
afterAll(async () => {
  await emulator.close();
  await removeTrees();
});

describe("registries.uploadBuildContext", () => {
  it("uploads a folder that a Docker task then builds from, with the Dockerfile the archive holds", async () => {
    const sourceDir = await makeTree({
      "docker/app.Dockerfile": "FROM alpine:3.20\nCOPY . /app\n",
      "main.sh": "echo hi\n",
      ".dockerignore": "*.secret\n",
      "token.secret": "never uploaded",
    });
    const phases: RunSubmissionProgress["phase"][] = [];
    const uploaded = await client.registries.uploadBuildContext(resourceGroup, registry, {
      sourceDir,
      dockerFilePath: "docker/app.Dockerfile",
      onProgress: (progress) => phases.push(progress.phase),
    });
    expect(uploaded.sourceLocation).toMatch(/^source\//);
    expect(uploaded.dockerFilePath).toBe("docker/app.Dockerfile");
    expect(phases[0]).toBe("packing");
    expect(phases.at(-1)).toBe("uploading");
    expect(phases).not.toContain("queueing");
    // Nothing was queued: an upload is not a run.
    expect(emulator.requests.some((request) => request.url.includes("/scheduleRun?"))).toBe(false);

    const task = await client.tasks.create(resourceGroup, registry, "fromfolder", {
      location: "westus",
      properties: {
        platform: linux,
        step: {
          type: "Docker",
          contextPath: uploaded.sourceLocation,
          dockerFilePath: uploaded.dockerFilePath!,
          imageNames: ["fromfolder:{{.Run.ID}}"],
        },
      },
    });
    const queued = await client.registries.scheduleRun(resourceGroup, registry, {
      type: "TaskRunRequest",
      taskId: task.id!,
    });
    const run = await client.runs.waitForCompletion(resourceGroup, registry, queued.properties!.runId!, {
      pollIntervalMs: 5,
    });
    expect(run.properties?.status).toBe("Succeeded");
    const details = await client.tasks.getDetails(resourceGroup, registry, "fromfolder");
    expect(details.properties?.step?.baseImageDependencies).toEqual([
      expect.objectContaining({ registry: "registry.hub.docker.com", repository: "library/alpine", tag: "3.20" }),
    ]);
  });

  it("refuses a missing sourceDir, naming it, before any request", async () => {
    const before = emulator.requests.length;
    await expect(
      client.registries.uploadBuildContext(resourceGroup, registry, { sourceDir: "" }),
    ).rejects.toMatchObject({ name: "ValidationError", parameter: "sourceDir" });
    await expect(
      client.registries.uploadBuildContext(resourceGroup, registry, { sourceDir: "/no/such/folder" }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(emulator.requests.length).toBe(before);
  });
});
