// Base image triggers: a run records the base images its task built on (getDetails shows them), a push that
// changes one of them rebuilds the task (AutoBuild, or AutoRun for task YAML, with imageUpdateTrigger), down a
// chain base -> mid -> app; Runtime and All; disabled triggers and tasks; no loops. Each test builds on a base
// image of its own, so what one updates never reaches another's tasks.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEncodedTaskStep, type ContainerRegistryTasksClient, type ImageDescriptor, type Run } from "acr-tasks";
import { startEmulator, type RunningEmulator } from "../../src/index.js";
import { rg, uploadContext, waitFor } from "../helpers.js";
import { clientOf, createRegistry, createTask, lro, runsOf, waitForRunOf } from "./triggerClient.js";

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
const logged: string[] = [];
const registry = "basereg01";
const server = `${registry}.azurecr.io`;
const linux = { os: "Linux" } as const;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001, logger: (line) => logged.push(line) });
  client = clientOf(emulator);
  await createRegistry(client, registry);
});
afterAll(() => emulator.close());

const finished = (runId: string) => client.runs.waitForCompletion(rg, registry, runId, { pollIntervalMs: 5 });

/** A quick build of `repository:1` (a base image); another `patch` builds another digest. Its pushed image. */
async function buildBase(repository: string, patch: number): Promise<ImageDescriptor> {
  const sourceLocation = await uploadContext(emulator, registry, {
    Dockerfile: "ARG PATCH\nFROM alpine:3.19\nRUN echo patch level $PATCH\n",
  });
  const queued = await client.registries
    .scheduleRun(
      rg,
      registry,
      {
        type: "DockerBuildRequest",
        sourceLocation,
        dockerFilePath: "Dockerfile",
        imageNames: [`${repository}:1`],
        arguments: [{ name: "PATCH", value: String(patch) }],
        platform: linux,
      },
      lro,
    )
    .pollUntilDone();
  const run = await finished(queued.properties!.runId!);
  expect(run.properties?.status).toBe("Succeeded");
  return run.properties!.outputImages![0]!;
}

/** A task building `image` from a context holding `dockerfile`, with a base image trigger of `type` (or none). */
async function dockerTask(
  name: string,
  dockerfile: string,
  image: string,
  trigger?: { baseImageTriggerType: "Runtime" | "All"; status?: "Enabled" | "Disabled" },
): Promise<void> {
  const contextPath = await uploadContext(emulator, registry, { Dockerfile: dockerfile });
  await createTask(client, registry, name, {
    step: { type: "Docker", contextPath, dockerFilePath: "Dockerfile", imageNames: [image] },
    ...(trigger ? { trigger: { baseImageTrigger: { name: "onBaseUpdate", ...trigger } } } : {}),
  });
}

/** Runs a task by hand (as tasks.run does) and waits for its end. */
async function runTask(name: string): Promise<Run> {
  const queued = await client.registries
    .scheduleRun(rg, registry, { type: "TaskRunRequest", taskId: name }, lro)
    .pollUntilDone();
  const run = await finished(queued.properties!.runId!);
  expect(run.properties?.status).toBe("Succeeded");
  return run;
}

const dependenciesOf = async (task: string) =>
  (await client.tasks.getDetails(rg, registry, task)).properties?.step?.baseImageDependencies;
const byImageUpdate = (run: Run) => run.properties?.imageUpdateTrigger !== undefined;
const triggeredRuns = async (task: string) => (await runsOf(client, registry, task)).filter(byImageUpdate);

describe("what a run records", () => {
  test("a task's step lists the base images its last successful run built on: a Docker step's FROM images, task YAML's build steps'", async () => {
    const base = await buildBase("depsbase", 1);
    await dockerTask(
      "depsdocker",
      `FROM golang:1.22 AS build\nRUN go build\nFROM ${server}/depsbase:1\nCOPY --from=build /app /app\n`,
      "depsdocker:1",
      { baseImageTriggerType: "Runtime" },
    );
    expect(await dependenciesOf("depsdocker")).toBeUndefined();
    await runTask("depsdocker");
    const recorded = await dependenciesOf("depsdocker");
    expect(recorded).toEqual([
      {
        type: "BuildTime",
        registry: "registry.hub.docker.com",
        repository: "library/golang",
        tag: "1.22",
        digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      },
      // The digest the registry holds for the tag: the one the base's build pushed.
      { type: "Runtime", registry: server, repository: "depsbase", tag: "1", digest: base.digest },
    ]);
    // Tasks_Get shows them too, as Azure does.
    expect((await client.tasks.get(rg, registry, "depsdocker")).properties?.step?.baseImageDependencies).toEqual(
      recorded,
    );

    const contextPath = await uploadContext(emulator, registry, { Dockerfile: `FROM ${server}/depsbase:1\n` });
    await createTask(client, registry, "depsyaml", {
      step: createEncodedTaskStep({
        taskYaml: "steps:\n  - build: -t {{.Run.Registry}}/depsyaml:1 .\n  - push: ['{{.Run.Registry}}/depsyaml:1']\n",
        contextPath,
      }),
      trigger: { baseImageTrigger: { name: "onBaseUpdate", baseImageTriggerType: "Runtime" } },
    });
    await runTask("depsyaml");
    expect(await dependenciesOf("depsyaml")).toEqual([
      { type: "Runtime", registry: server, repository: "depsbase", tag: "1", digest: base.digest },
    ]);
  });
});

describe("a base image update", () => {
  test("down a chain of two levels: a new base rebuilds mid (AutoBuild with imageUpdateTrigger), whose new image rebuilds app", async () => {
    const base = await buildBase("chainbase", 1);
    await dockerTask("midtier", `FROM ${server}/chainbase:1\nRUN echo mid\n`, "mid:1", {
      baseImageTriggerType: "Runtime",
    });
    const mid = (await runTask("midtier")).properties!.outputImages![0]!;
    await dockerTask("apptier", `FROM ${server}/mid:1\nCMD ["app"]\n`, "app:1", { baseImageTriggerType: "Runtime" });
    const app = (await runTask("apptier")).properties!.outputImages![0]!;
    expect(await dependenciesOf("apptier")).toEqual([
      { type: "Runtime", registry: server, repository: "mid", tag: "1", digest: mid.digest },
    ]);

    const patched = await buildBase("chainbase", 2);
    expect(patched.digest).not.toBe(base.digest);
    const midRebuild = await waitForRunOf(client, registry, "midtier", byImageUpdate);
    expect(midRebuild.properties).toMatchObject({
      runType: "AutoBuild",
      task: "midtier",
      imageUpdateTrigger: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        images: [{ registry: server, repository: "chainbase", tag: "1", digest: patched.digest }],
      },
    });
    expect(midRebuild.properties!.imageUpdateTrigger!.timestamp).toBeInstanceOf(Date);
    expect(midRebuild.properties).not.toHaveProperty("timerTrigger");
    const newMid = (await finished(midRebuild.properties!.runId!)).properties!.outputImages![0]!;
    expect(newMid.digest).not.toBe(mid.digest);

    const appRebuild = await waitForRunOf(client, registry, "apptier", byImageUpdate);
    expect(appRebuild.properties?.imageUpdateTrigger?.images).toEqual([
      { registry: server, repository: "mid", tag: "1", digest: newMid.digest },
    ]);
    const appRunId = appRebuild.properties!.runId!;
    expect((await finished(appRunId)).properties!.outputImages![0]!.digest).not.toBe(app.digest);
    const log: string[] = [];
    for await (const line of client.runs.streamLogs(rg, registry, appRunId, { pollIntervalMs: 5 })) log.push(line);
    expect(log.join("\n")).toContain(
      `"runtime-dependency":{"registry":"${server}","repository":"mid","tag":"1","digest":"${newMid.digest}"`,
    );
    // Each task now records the images it was rebuilt on.
    expect((await dependenciesOf("midtier"))![0]!.digest).toBe(patched.digest);
    expect((await dependenciesOf("apptier"))![0]!.digest).toBe(newMid.digest);
    expect(await triggeredRuns("midtier")).toHaveLength(1);
  });

  test("Runtime watches the final stage's image, All every stage's; task YAML reruns as AutoRun; disabled triggers and tasks do not fire; the same digest again fires nothing", async () => {
    await buildBase("scopebase", 1);
    const multiStage = `FROM ${server}/scopebase:1 AS build\nRUN make\nFROM alpine:3.19\nCOPY --from=build /out /out\n`;
    await dockerTask("runtimeonly", multiStage, "runtimeonly:1", { baseImageTriggerType: "Runtime" });
    await dockerTask("everystage", multiStage, "everystage:1", { baseImageTriggerType: "All" });
    await dockerTask("frozen", `FROM ${server}/scopebase:1\n`, "frozen:1", {
      baseImageTriggerType: "Runtime",
      status: "Disabled",
    });
    await dockerTask("parked", `FROM ${server}/scopebase:1\n`, "parked:1", { baseImageTriggerType: "Runtime" });
    const contextPath = await uploadContext(emulator, registry, { Dockerfile: `FROM ${server}/scopebase:1\n` });
    await createTask(client, registry, "yamlrebuild", {
      step: createEncodedTaskStep({
        taskYaml: "steps:\n  - build: -t {{.Run.Registry}}/yamlrebuild:1 .\n",
        contextPath,
      }),
      trigger: { baseImageTrigger: { name: "onBaseUpdate", baseImageTriggerType: "Runtime" } },
    });
    for (const task of ["runtimeonly", "everystage", "frozen", "parked", "yamlrebuild"]) await runTask(task);
    await client.tasks.update(rg, registry, "parked", { properties: { status: "Disabled" } }, lro).pollUntilDone();

    const patched = await buildBase("scopebase", 2);
    // The triggers fired when the base's run ended: what did not fire then never will.
    const everyStage = await triggeredRuns("everystage");
    expect(everyStage).toHaveLength(1);
    expect(everyStage[0]!.properties).toMatchObject({ runType: "AutoBuild" });
    const yaml = await triggeredRuns("yamlrebuild");
    expect(yaml).toHaveLength(1);
    expect(yaml[0]!.properties).toMatchObject({
      runType: "AutoRun",
      imageUpdateTrigger: { images: [{ repository: "scopebase", tag: "1", digest: patched.digest }] },
    });
    for (const task of ["runtimeonly", "frozen", "parked"]) expect(await triggeredRuns(task)).toEqual([]);

    await finished(everyStage[0]!.properties!.runId!);
    await finished(yaml[0]!.properties!.runId!);
    expect((await buildBase("scopebase", 2)).digest).toBe(patched.digest);
    expect(await triggeredRuns("everystage")).toHaveLength(1);
    expect(await triggeredRuns("yamlrebuild")).toHaveLength(1);
  });

  test("updateTriggerEndpoint and updateTriggerPayloadType are reported (the task shows them; the log names the endpoint without its query)", async () => {
    await buildBase("notifybase", 1);
    const contextPath = await uploadContext(emulator, registry, { Dockerfile: `FROM ${server}/notifybase:1\n` });
    const created = await createTask(client, registry, "notified", {
      step: { type: "Docker", contextPath, dockerFilePath: "Dockerfile", imageNames: ["notified:1"] },
      trigger: {
        baseImageTrigger: {
          name: "withEndpoint",
          baseImageTriggerType: "Runtime",
          updateTriggerEndpoint: "https://hooks.example.com/acr/notify?sig=s3cr3t",
          updateTriggerPayloadType: "Token",
        },
      },
    });
    expect(created.properties?.trigger?.baseImageTrigger).toMatchObject({
      updateTriggerEndpoint: "https://hooks.example.com/acr/notify?sig=s3cr3t",
      updateTriggerPayloadType: "Token",
      status: "Enabled",
    });
    await runTask("notified");
    await buildBase("notifybase", 2);
    await waitForRunOf(client, registry, "notified", byImageUpdate);
    const line = logged.find((text) => text.includes("'withEndpoint' would notify"));
    expect(line).toBe(
      "task notified: base image trigger 'withEndpoint' would notify https://hooks.example.com/acr/notify (payload type Token); the emulator sends nothing",
    );
    expect(logged.join("\n")).not.toContain("s3cr3t");
  });
});

describe("loops", () => {
  test("a task that pushes the image it builds on is not rebuilt by its own push", async () => {
    await buildBase("selfbase", 1);
    await dockerTask("selfish", `FROM ${server}/selfbase:1\n`, "selfbase:1", { baseImageTriggerType: "Runtime" });
    const run = await runTask("selfish");
    // Its push changed the tag it builds on...
    expect(run.properties!.outputImages![0]!.repository).toBe("selfbase");
    // ...and the trigger was held back when its run ended.
    expect(await triggeredRuns("selfish")).toEqual([]);
    expect(logged).toContain(
      `task selfish: base image trigger 'onBaseUpdate' held back: run ${run.properties!.runId} follows from a run of this task`,
    );
  });

  test("two tasks that build on each other's image rebuild each other once, not forever", async () => {
    await buildBase("pinga", 1);
    await buildBase("pingb", 1);
    await dockerTask("pingtask", `FROM ${server}/pingb:1\n`, "pinga:1", { baseImageTriggerType: "Runtime" });
    await dockerTask("pongtask", `FROM ${server}/pinga:1\n`, "pingb:1", { baseImageTriggerType: "Runtime" });
    await runTask("pingtask"); // pushes pinga: pong has not run, so it watches nothing yet
    await runTask("pongtask"); // pushes pingb: ping, which built on pingb, is rebuilt
    const rebuilt = await waitForRunOf(client, registry, "pingtask", byImageUpdate);
    await finished(rebuilt.properties!.runId!); // pushes pinga again: pong started the chain, so it is held back
    await waitFor(() =>
      logged.some((text) => text.startsWith("task pongtask: base image trigger 'onBaseUpdate' held back")),
    );
    expect(await triggeredRuns("pingtask")).toHaveLength(1);
    expect(await triggeredRuns("pongtask")).toEqual([]);
  });
});
