// Source triggers: a commit or a pull request sent with emulator.sendSourceEvent, or POSTed to
// /emulator/sourceEvents by another process, runs each enabled task whose enabled source trigger names that
// repository, branch and event type, with sourceTrigger on the run; nothing else runs.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEncodedTaskStep, type ContainerRegistryTasksClient, type SourceTrigger } from "acr-tasks";
import { startEmulator, type RunningEmulator, type SourceEvent } from "../../src/index.js";
import { rg, send } from "../helpers.js";
import { clientOf, createRegistry, createTask, runsOf } from "./triggerClient.js";

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
const registry = "sourcereg01";
const repository = "https://github.com/contoso/webapp";

const onCommit = (overrides: Partial<SourceTrigger> & { branch?: string; url?: string } = {}): SourceTrigger => ({
  name: "onCommit",
  sourceRepository: {
    sourceControlType: "Github",
    repositoryUrl: overrides.url ?? repository,
    branch: overrides.branch ?? "main",
    sourceControlAuthProperties: { tokenType: "PAT", token: "ghp_not_a_real_token" },
  },
  sourceTriggerEvents: overrides.sourceTriggerEvents ?? ["commit"],
  status: overrides.status ?? "Enabled",
});
const commit = (extra: Partial<SourceEvent> = {}): SourceEvent => ({
  repositoryUrl: repository,
  branch: "main",
  commitId: "9c2f1e0",
  eventType: "commit",
  ...extra,
});
const task = (name: string, trigger: SourceTrigger, status: "Enabled" | "Disabled" = "Enabled") =>
  createTask(client, registry, name, {
    status,
    step: createEncodedTaskStep({ taskYaml: `steps:\n  - cmd: bash echo built ${name}\n` }),
    trigger: { sourceTriggers: [trigger] },
  });
const ran = async (...tasks: string[]) => {
  const counts: Record<string, number> = {};
  for (const name of tasks) counts[name] = (await runsOf(client, registry, name)).length;
  return counts;
};

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  client = clientOf(emulator);
  await createRegistry(client, registry);
});
afterAll(() => emulator.close());

describe("sendSourceEvent", () => {
  test("a commit runs the tasks whose source trigger matches, with sourceTrigger on the run, followed like any run", async () => {
    await task("webcommit", onCommit());
    // The repository as az writes it (with the branch and folder) and in another letter case match too.
    await task("webfolder", onCommit({ url: "https://GitHub.com/contoso/webapp.git#main:src", branch: "" }));
    const started = await emulator.sendSourceEvent(commit());
    expect(started.map((run) => run.taskId.split("/").at(-1)).sort()).toEqual(["webcommit", "webfolder"]);
    const mine = started.find((run) => run.taskId.endsWith("/webcommit"))!;
    expect(mine.id).toMatch(new RegExp(`/registries/${registry}/runs/${mine.runId}$`));
    const run = await client.runs.get(rg, registry, mine.runId);
    expect(run.properties).toMatchObject({
      runType: "AutoRun",
      task: "webcommit",
      sourceTrigger: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventType: "commit",
        commitId: "9c2f1e0",
        repositoryUrl: repository,
        branchName: "main",
        providerType: "Github",
      },
    });
    expect(run.properties?.sourceTrigger).not.toHaveProperty("pullRequestId");
    const listed = await runsOf(client, registry, "webcommit");
    expect(listed.map((r) => r.name)).toEqual([mine.runId]);
    const done = await client.runs.waitForCompletion(rg, registry, mine.runId, { pollIntervalMs: 5 });
    expect(done.properties?.status).toBe("Succeeded");
    const lines: string[] = [];
    for await (const line of client.runs.streamLogs(rg, registry, mine.runId, { pollIntervalMs: 5 })) lines.push(line);
    expect(lines).toContain("built webcommit");
  });

  test("a pull request runs the tasks that listen for pull requests, with its id", async () => {
    await task("webprs", onCommit({ sourceTriggerEvents: ["pullrequest"], url: "https://github.com/contoso/prs" }));
    await task(
      "webboth",
      onCommit({ sourceTriggerEvents: ["commit", "pullrequest"], url: "https://github.com/contoso/prs" }),
    );
    const before = await ran("webprs", "webboth");
    const started = await emulator.sendSourceEvent(
      commit({ repositoryUrl: "https://github.com/contoso/prs", eventType: "pullrequest", pullRequestId: "42" }),
    );
    expect(started).toHaveLength(2);
    expect(await ran("webprs", "webboth")).toEqual({ webprs: before.webprs + 1, webboth: before.webboth + 1 });
    const run = await client.runs.get(rg, registry, started[0]!.runId);
    expect(run.properties?.sourceTrigger).toMatchObject({ eventType: "pullrequest", pullRequestId: "42" });
  });

  test("nothing runs for another repository, another branch, another event, a disabled trigger or a disabled task", async () => {
    const url = "https://github.com/contoso/quiet";
    await task("quietmain", onCommit({ url }));
    await task("quietoff", onCommit({ url, status: "Disabled" }));
    await task("quietparked", onCommit({ url }), "Disabled");
    await task("quietvsts", {
      ...onCommit(),
      sourceRepository: { sourceControlType: "VisualStudioTeamService", repositoryUrl: url, branch: "main" },
      sourceTriggerEvents: ["pullrequest"],
    });
    expect(await emulator.sendSourceEvent(commit({ repositoryUrl: "https://github.com/contoso/other" }))).toEqual([]);
    expect(await emulator.sendSourceEvent(commit({ repositoryUrl: url, branch: "develop" }))).toEqual([]);
    const onMain = await emulator.sendSourceEvent(commit({ repositoryUrl: url }));
    expect(onMain.map((run) => run.taskId.split("/").at(-1))).toEqual(["quietmain"]);
    expect(await ran("quietoff", "quietparked")).toEqual({ quietoff: 0, quietparked: 0 });
    // An Azure DevOps repository's run names its provider.
    const pr = await emulator.sendSourceEvent(commit({ repositoryUrl: url, eventType: "pullrequest" }));
    expect(pr.map((run) => run.taskId.split("/").at(-1))).toEqual(["quietvsts"]);
    expect((await client.runs.get(rg, registry, pr[0]!.runId)).properties?.sourceTrigger?.providerType).toBe(
      "VisualStudioTeamService",
    );
  });

  test("a malformed event is refused, naming the field", async () => {
    await expect(emulator.sendSourceEvent({ ...commit(), eventType: "push" as never })).rejects.toThrow(
      'sendSourceEvent: eventType must be "commit" or "pullrequest"',
    );
    await expect(emulator.sendSourceEvent({ ...commit(), commitId: "" })).rejects.toThrow(
      "sendSourceEvent: commitId must be a non-empty string",
    );
  });
});

describe("POST /emulator/sourceEvents", () => {
  test("does what sendSourceEvent does, for another process holding the emulator's token", async () => {
    await task("webhooked", onCommit({ url: "https://github.com/contoso/hooked" }));
    const answer = await send(emulator, "POST", "/emulator/sourceEvents", {
      body: commit({ repositoryUrl: "https://github.com/contoso/hooked", commitId: "abc123" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.runs).toEqual([
      {
        id: expect.stringContaining("/runs/"),
        runId: expect.stringMatching(/^cb\d+$/),
        taskId: expect.stringMatching(/\/tasks\/webhooked$/),
      },
    ]);
    const run = await client.runs.get(rg, registry, answer.body.runs[0].runId);
    expect(run.properties?.sourceTrigger).toMatchObject({ commitId: "abc123", branchName: "main" });
  });

  test("refuses a request without the token (401) and a malformed event (400 naming the field)", async () => {
    const anonymous = await send(emulator, "POST", "/emulator/sourceEvents", { body: commit(), token: null });
    expect(anonymous.status).toBe(401);
    const malformed = await send(emulator, "POST", "/emulator/sourceEvents", { body: { ...commit(), branch: 7 } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: { code: "InvalidParameter", message: "branch must be a non-empty string", target: "branch" },
    });
    const notJson = await send(emulator, "POST", "/emulator/sourceEvents", { raw: Buffer.from("{") });
    expect(notJson.status).toBe(400);
  });
});
