// The run state machine: statuses and times, cancel mid-run, timeout, failing Docker builds, task
// YAML errors, run ids, digests, task-triggered runs, TaskRuns and agent pool queues.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import {
  build,
  createRegistry,
  encoded,
  getRun,
  registryPath,
  runLogText,
  scheduleRun,
  send,
  untilCanceled,
  uploadContext,
  waitFor,
  waitForRunEnd,
} from "./helpers.js";

let emulator: RunningEmulator;
const registry = "runsreg01";
const linux = { os: "Linux" };

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
  await createRegistry(emulator, "otherreg01");
});
afterAll(() => emulator.close());

const quickRun = (yaml: string, extra: Record<string, unknown> = {}) =>
  scheduleRun(emulator, registry, {
    type: "EncodedTaskRunRequest",
    encodedTaskContent: encoded(yaml),
    platform: linux,
    ...extra,
  });
const logOf = (runId: string) => runLogText(emulator, registry, runId);

describe("state machine", () => {
  test("Queued at once (scheduleRun answers its id and status alone), then Started/Running, then Succeeded with times set in order", async () => {
    const answered = await quickRun("steps:\n  - cmd: bash echo hello\n");
    expect(Object.keys(answered.properties).sort()).toEqual([
      "isArchiveEnabled",
      "lastUpdatedTime",
      "provisioningState",
      "runId",
      "status",
    ]);
    expect(answered.properties.status).toBe("Queued");
    const run = await getRun(emulator, registry, answered.name);
    expect(run.properties).toMatchObject({
      runType: "QuickRun",
      platform: { os: "Linux" },
      agentConfiguration: { cpu: 2 },
    });
    expect(run.properties.createTime).toBeDefined();
    const seen = new Set<string>();
    let done: any;
    await waitFor(async () => {
      done = await getRun(emulator, registry, run.name);
      seen.add(done.properties.status);
      return ["Succeeded", "Failed"].includes(done.properties.status);
    });
    expect(done.properties.status).toBe("Succeeded");
    for (const status of seen) expect(["Queued", "Started", "Running", "Succeeded"]).toContain(status);
    const { createTime, startTime, finishTime, lastUpdatedTime } = done.properties;
    expect(Date.parse(createTime)).toBeLessThanOrEqual(Date.parse(startTime));
    expect(Date.parse(startTime)).toBeLessThanOrEqual(Date.parse(finishTime));
    expect(lastUpdatedTime).toBe(finishTime);
    // What the Azure CLI prints from the queued answer ("Queued a run with ID") is not in the log.
    const log = await logOf(run.name);
    expect(log).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Using acb_vol_[0-9a-f-]{36} as the home volume\r\n/);
    expect(log).toMatch(/\r\nhello\r\n[\s\S]*\r\n\r\nRun ID: cb\d+ was successful after \d+s\r\n$/);
    expect(log).not.toContain("Queued a run with ID");
  });

  test("runs.cancel mid-run: Canceled, and the cancel LRO completes", async () => {
    const run = await scheduleRun(emulator, registry, untilCanceled());
    await waitFor(async () => (await getRun(emulator, registry, run.name)).properties.status === "Running");
    const cancel = await send(
      emulator,
      "POST",
      `${registryPath(registry)}/runs/${run.name}/cancel?api-version=${build}`,
    );
    expect(cancel.status).toBe(202);
    const location = String(cancel.headers["location"]);
    await waitFor(async () => (await send(emulator, "GET", location)).status !== 202);
    const canceled = await getRun(emulator, registry, run.name);
    expect(canceled.properties.status).toBe("Canceled");
    expect(canceled.properties.finishTime).toBeDefined();
  });

  test("canceling a run that has ended is accepted and changes nothing", async () => {
    const run = await waitForRunEnd(emulator, registry, (await quickRun("steps:\n  - cmd: bash echo done\n")).name);
    expect(
      (await send(emulator, "POST", `${registryPath(registry)}/runs/${run.name}/cancel?api-version=${build}`)).status,
    ).toBe(202);
    expect((await getRun(emulator, registry, run.name)).properties.status).toBe("Succeeded");
  });

  test("a run longer than its timeout ends in Timeout", async () => {
    const run = await quickRun("steps:\n  - cmd: bash sleep 100000\n", { timeout: 300 });
    const ended = await waitForRunEnd(emulator, registry, run.name);
    expect(ended.properties.status).toBe("Timeout");
    // The agent's context expires: ACR's own message, and acb's log simply stops.
    expect(ended.properties.runErrorMessage).toBe("failed during run, err: context deadline exceeded");
    expect(await logOf(run.name)).toMatch(
      /\r\n\r\nRun ID: cb\d+ failed after \d+s\. Error: failed during run, err: context deadline exceeded\r\n$/,
    );
  });

  test("a step longer than its own timeout fails the run: acb's error in the log, exit status 1 for ACR", async () => {
    const ended = await waitForRunEnd(
      emulator,
      registry,
      (await quickRun("steps:\n  - id: slow\n    cmd: bash sleep 1000\n    timeout: 10\n")).name,
    );
    expect(ended.properties).toMatchObject({
      status: "Failed",
      runErrorMessage: "failed during run, err: exit status 1",
    });
    expect(await logOf(ended.name)).toContain(
      "Container failed during run: slow. No retries remaining.\r\nfailed to run step ID: slow: context deadline exceeded\r\n",
    );
  });

  test("a step exiting non-zero fails the run, unless ignoreErrors", async () => {
    const failed = await waitForRunEnd(
      emulator,
      registry,
      (await quickRun("steps:\n  - id: bad\n    cmd: bash exit 2\n  - cmd: bash echo never\n")).name,
    );
    expect(failed.properties.status).toBe("Failed");
    expect(failed.properties.runErrorMessage).toBe("failed during run, err: exit status 1");
    expect(await logOf(failed.name)).toContain("\r\nfailed to run step ID: bad: exit status 2\r\n");
    expect(await logOf(failed.name)).not.toContain("never");
    const ignored = await waitForRunEnd(
      emulator,
      registry,
      (await quickRun("steps:\n  - cmd: bash exit 2\n    ignoreErrors: true\n  - cmd: bash echo after\n")).name,
    );
    expect(ignored.properties.status).toBe("Succeeded");
  });
});

describe("Docker builds", () => {
  test("no Dockerfile at dockerFilePath in the uploaded context: Failed with a runErrorMessage", async () => {
    const context = await uploadContext(emulator, registry, { "src/app.js": "console.log(1)" });
    const run = await scheduleRun(emulator, registry, {
      type: "DockerBuildRequest",
      dockerFilePath: "Dockerfile",
      imageNames: ["app:v1"],
      platform: linux,
      sourceLocation: context,
    });
    const ended = await waitForRunEnd(emulator, registry, run.name);
    expect(ended.properties.status).toBe("Failed");
    expect(await logOf(ended.name)).toMatch(
      /Scanning for dependencies\.\.\.\r\nError: open Dockerfile: no such file or directory\r\nfailed to run step ID: build: failed to scan dependencies: exit status 1\r\n/,
    );
    // A run that pushed nothing has no outputImages at all, as on Azure.
    expect(ended.properties).not.toHaveProperty("outputImages");
  });

  test("a Dockerfile in a sub folder builds; digests are sha256 of the content", async () => {
    const files = { "docker/Dockerfile.prod": "FROM alpine\nCOPY . /app\n", "app.txt": "v1" };
    const build = async (context: string, tag: string) =>
      waitForRunEnd(
        emulator,
        registry,
        (
          await scheduleRun(emulator, registry, {
            type: "DockerBuildRequest",
            dockerFilePath: "docker/Dockerfile.prod",
            imageNames: [`web:${tag}`, "myregistry.example.com/team/web"],
            platform: linux,
            sourceLocation: context,
          })
        ).name,
      );
    const first = await build(await uploadContext(emulator, registry, files), "{{.Run.ID}}");
    expect(first.properties.status).toBe("Succeeded");
    const [own, foreign] = first.properties.outputImages;
    expect(own).toMatchObject({ registry: `${registry}.azurecr.io`, repository: "web", tag: first.name });
    expect(foreign).toMatchObject({ registry: "myregistry.example.com", repository: "team/web", tag: "latest" });
    expect(own.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const same = await build(await uploadContext(emulator, registry, files), "again");
    expect(same.properties.outputImages[0].digest).toBe(own.digest);
    const changed = await build(
      await uploadContext(emulator, registry, { ...files, "docker/Dockerfile.prod": "FROM ubuntu\n" }),
      "changed",
    );
    expect(changed.properties.outputImages[0].digest).not.toBe(own.digest);
  });

  test("a sourceLocation that was never uploaded: Error", async () => {
    const run = await scheduleRun(emulator, registry, {
      type: "DockerBuildRequest",
      dockerFilePath: "Dockerfile",
      platform: linux,
      sourceLocation: "source/nothing/context.tar.gz",
    });
    const ended = await waitForRunEnd(emulator, registry, run.name);
    expect(ended.properties.status).toBe("Error");
    expect(ended.properties.runErrorMessage).toMatch(/does not exist/);
  });

  test("isPushEnabled false builds without pushing", async () => {
    const context = await uploadContext(emulator, registry, { Dockerfile: "FROM alpine\n" });
    const ended = await waitForRunEnd(
      emulator,
      registry,
      (
        await scheduleRun(emulator, registry, {
          type: "DockerBuildRequest",
          dockerFilePath: "Dockerfile",
          imageNames: ["x:1"],
          isPushEnabled: false,
          platform: linux,
          sourceLocation: context,
        })
      ).name,
    );
    expect(ended.properties.status).toBe("Succeeded");
    expect(ended.properties).not.toHaveProperty("outputImages");
  });
});

describe("task YAML in runs", () => {
  test("invalid YAML fails the run with acb's message", async () => {
    const ended = await waitForRunEnd(emulator, registry, (await quickRun("steps:\n  - cmd: [unclosed\n")).name);
    expect(ended.properties).toMatchObject({
      status: "Failed",
      runErrorMessage: "failed during run, err: exit status 1",
    });
    expect(await logOf(ended.name)).toContain(
      "\r\nfailed to unmarshal task before running: failed to deserialize task and validate: yaml: line 3: did not find expected ',' or ']'\r\n",
    );
  });

  test("a step with no cmd, build or push fails the run (an unknown key is ignored, as acb reads YAML)", async () => {
    const ended = await waitForRunEnd(
      emulator,
      registry,
      (await quickRun("version: v1.1.0\nsteps:\n  - deploy: somewhere\n")).name,
    );
    expect(ended.properties.status).toBe("Failed");
    expect(await logOf(ended.name)).toContain(
      "\r\nfailed to unmarshal task before running: step is missing a cmd, build, or push property\r\n",
    );
  });

  test("build, push and cmd steps with {{.Run.ID}} and {{.Values.x}} from encodedValuesContent and values", async () => {
    const yaml =
      "version: v1.1.0\nsteps:\n  - id: build\n    build: -t {{.Run.Registry}}/{{.Values.repo}}:{{.Run.ID}} -f Dockerfile .\n  - id: push\n    push: ['{{.Run.Registry}}/{{.Values.repo}}:{{.Run.ID}}']\n    when: [build]\n  - cmd: bash echo {{.Values.message}}\n";
    const context = await uploadContext(emulator, registry, { Dockerfile: "FROM alpine\n" });
    const run = await quickRun(yaml, {
      sourceLocation: context,
      encodedValuesContent: encoded("repo: fromvalues\nmessage: from-file\n"),
      values: [{ name: "message", value: "overridden" }],
    });
    const ended = await waitForRunEnd(emulator, registry, run.name);
    expect(ended.properties.status).toBe("Succeeded");
    expect(ended.properties.outputImages).toEqual([
      expect.objectContaining({ repository: "fromvalues", tag: run.name }),
    ]);
    const log = await logOf(run.name);
    expect(log).toContain("overridden");
    expect(log.indexOf("Executing step ID: build")).toBeLessThan(log.indexOf("Executing step ID: push"));
  });

  test("env entries (task-wide and per step) reach the step's commands", async () => {
    const ended = await waitForRunEnd(
      emulator,
      registry,
      (await quickRun("env: [GREETING=hello]\nsteps:\n  - cmd: bash echo $GREETING ${WHO}\n    env: [WHO=world]\n"))
        .name,
    );
    expect(await logOf(ended.name)).toContain("hello world");
  });

  test("a file task read from the uploaded context", async () => {
    const context = await uploadContext(emulator, registry, {
      "acb.yaml": "steps:\n  - cmd: bash echo {{.Values.who}}\n",
      "values.yaml": "who: file-values\n",
    });
    const ended = await waitForRunEnd(
      emulator,
      registry,
      (
        await scheduleRun(emulator, registry, {
          type: "FileTaskRunRequest",
          taskFilePath: "acb.yaml",
          valuesFilePath: "values.yaml",
          platform: linux,
          sourceLocation: context,
        })
      ).name,
    );
    expect(ended.properties.status).toBe("Succeeded");
    expect(await logOf(ended.name)).toContain("file-values");
  });

  test("secret values are masked in the log", async () => {
    const ended = await waitForRunEnd(
      emulator,
      registry,
      (
        await quickRun("steps:\n  - cmd: bash echo {{.Values.pw}}\n", {
          values: [{ name: "pw", value: "hunter2secret", isSecret: true }],
        })
      ).name,
    );
    const log = await logOf(ended.name);
    expect(log).not.toContain("hunter2secret");
    expect(log).toContain("*****");
  });
});

describe("ids, tasks, task runs and pools", () => {
  test("run ids count per registry: cb1 in a fresh registry", async () => {
    const run = await scheduleRun(emulator, "otherreg01", {
      type: "EncodedTaskRunRequest",
      encodedTaskContent: encoded("steps:\n  - cmd: bash echo\n"),
      platform: linux,
    });
    expect(run.name).toBe("cb1");
    expect(
      (
        await scheduleRun(emulator, "otherreg01", {
          type: "EncodedTaskRunRequest",
          encodedTaskContent: encoded("steps:\n  - cmd: bash echo\n"),
          platform: linux,
        })
      ).name,
    ).toBe("cb2");
  });

  test("a task keeps its triggers; running it records runs against it (scheduleRun and taskRuns.create)", async () => {
    const taskUrl = `${registryPath(registry)}/tasks/buildapp?api-version=${build}`;
    const context = await uploadContext(emulator, registry, { Dockerfile: "FROM alpine\n" });
    const created = await send(emulator, "PUT", taskUrl, {
      body: {
        location: "westus",
        properties: {
          platform: linux,
          step: {
            type: "Docker",
            dockerFilePath: "Dockerfile",
            imageNames: ["buildapp:{{.Run.ID}}"],
            contextPath: context,
            contextAccessToken: "secret-sas",
          },
          trigger: {
            timerTriggers: [{ name: "nightly", schedule: "0 3 * * *" }],
            sourceTriggers: [
              {
                name: "commits",
                sourceTriggerEvents: ["commit"],
                sourceRepository: {
                  sourceControlType: "Github",
                  repositoryUrl: "https://github.com/x/y",
                  sourceControlAuthProperties: { tokenType: "PAT", token: "ghp_secret" },
                },
              },
            ],
            baseImageTrigger: { name: "base", baseImageTriggerType: "Runtime" },
          },
        },
      },
    });
    // Azure creates a task before answering: 200 with the finished task, and a PATCH right after is fine.
    expect(created.status).toBe(200);
    expect(created.body.properties.provisioningState).toBe("Succeeded");
    await send(emulator, "PUT", `${registryPath(registry)}/tasks/othertask?api-version=${build}`, {
      body: { location: "westus", properties: { isSystemTask: true } },
    });
    expect(
      (
        await send(emulator, "PATCH", `${registryPath(registry)}/tasks/othertask?api-version=${build}`, {
          body: { tags: { a: "b" } },
        })
      ).status,
    ).toBe(200);
    const got = (await send(emulator, "GET", taskUrl)).body;
    expect(got.properties.trigger.timerTriggers[0]).toMatchObject({
      name: "nightly",
      schedule: "0 3 * * *",
      status: "Enabled",
    });
    expect(got.properties.trigger.baseImageTrigger).toMatchObject({ name: "base", status: "Enabled" });
    expect(JSON.stringify(got)).not.toContain("ghp_secret");
    expect(JSON.stringify(got)).not.toContain("secret-sas");
    const details = (
      await send(emulator, "POST", `${registryPath(registry)}/tasks/buildapp/listDetails?api-version=${build}`)
    ).body;
    expect(details.properties.trigger.sourceTriggers[0].sourceRepository.sourceControlAuthProperties.token).toBe(
      "ghp_secret",
    );

    const patched = await send(emulator, "PATCH", taskUrl, {
      body: { properties: { trigger: { timerTriggers: [{ name: "nightly", status: "Disabled" }] } } },
    });
    expect(patched.status).toBe(200);
    expect((await send(emulator, "GET", taskUrl)).body.properties.trigger.timerTriggers[0]).toMatchObject({
      schedule: "0 3 * * *",
      status: "Disabled",
    });

    const run = await scheduleRun(emulator, registry, { type: "TaskRunRequest", taskId: got.id });
    const ended = await waitForRunEnd(emulator, registry, run.name);
    expect(ended.properties).toMatchObject({ status: "Succeeded", runType: "QuickRun", task: "buildapp" });

    const taskRunUrl = `${registryPath(registry)}/taskRuns/buildapprun?api-version=${build}`;
    const taskRun = await send(emulator, "PUT", taskRunUrl, {
      body: {
        properties: {
          runRequest: {
            type: "TaskRunRequest",
            taskId: got.id,
            overrideTaskStepProperties: { file: "missing/Dockerfile" },
          },
        },
      },
    });
    expect(taskRun.status).toBe(201);
    const runId = taskRun.body.properties.runResult.name;
    const failed = await waitForRunEnd(emulator, registry, runId);
    expect(failed.properties).toMatchObject({ status: "Failed", task: "buildapp" });
    expect((await send(emulator, "GET", taskRunUrl)).body.properties.runResult.properties.status).toBe("Failed");
  });

  test("a disabled task cannot be run", async () => {
    const taskUrl = `${registryPath(registry)}/tasks/disabledtask?api-version=${build}`;
    const created = await send(emulator, "PUT", taskUrl, {
      body: {
        location: "westus",
        properties: {
          status: "Disabled",
          platform: linux,
          step: { type: "EncodedTask", encodedTaskContent: encoded("steps:\n  - cmd: x\n") },
        },
      },
    });
    const response = await send(emulator, "POST", `${registryPath(registry)}/scheduleRun?api-version=${build}`, {
      body: { type: "TaskRunRequest", taskId: created.body.id },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("TaskDisabled");
  });

  test("running a task that does not exist is a 404", async () => {
    const response = await send(emulator, "POST", `${registryPath(registry)}/scheduleRun?api-version=${build}`, {
      body: { type: "TaskRunRequest", taskId: `${registryPath(registry)}/tasks/nope` },
    });
    expect(response.status).toBe(404);
  });

  test("agent pool queue status counts runs waiting for an agent", async () => {
    const poolUrl = `${registryPath(registry)}/agentPools/smallpool?api-version=${build}`;
    await send(emulator, "PUT", poolUrl, { body: { location: "westus", properties: { count: 1 } } });
    const first = await scheduleRun(emulator, registry, untilCanceled({ agentPoolName: "smallpool" }));
    const second = await scheduleRun(emulator, registry, untilCanceled({ agentPoolName: "smallpool" }));
    await waitFor(async () => (await getRun(emulator, registry, first.name)).properties.status === "Running");
    const queue = await send(
      emulator,
      "POST",
      `${registryPath(registry)}/agentPools/smallpool/listQueueStatus?api-version=${build}`,
    );
    expect(queue.body).toEqual({ count: 1 });
    expect((await getRun(emulator, registry, second.name)).properties.status).toBe("Queued");
    await send(emulator, "POST", `${registryPath(registry)}/runs/${first.name}/cancel?api-version=${build}`);
    await waitFor(async () => (await getRun(emulator, registry, second.name)).properties.status === "Running");
    expect(
      (
        await send(
          emulator,
          "POST",
          `${registryPath(registry)}/agentPools/smallpool/listQueueStatus?api-version=${build}`,
        )
      ).body,
    ).toEqual({ count: 0 });
    await send(emulator, "POST", `${registryPath(registry)}/runs/${second.name}/cancel?api-version=${build}`);
  });

  test("an agent pool that does not exist is refused", async () => {
    const response = await send(emulator, "POST", `${registryPath(registry)}/scheduleRun?api-version=${build}`, {
      body: {
        type: "EncodedTaskRunRequest",
        encodedTaskContent: encoded("steps:\n  - cmd: x\n"),
        platform: linux,
        agentPoolName: "ghostpool",
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.target).toBe("agentPoolName");
  });

  test("Runs_Update sets isArchiveEnabled", async () => {
    const run = await quickRun("steps:\n  - cmd: bash echo\n");
    const updated = await send(emulator, "PATCH", `${registryPath(registry)}/runs/${run.name}?api-version=${build}`, {
      body: { isArchiveEnabled: true },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.properties.isArchiveEnabled).toBe(true);
  });
});
