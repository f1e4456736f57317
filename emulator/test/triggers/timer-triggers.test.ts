// Timer triggers fire on their schedule in emulated time (timeScale 0.002: an emulated minute is 120 ms), as
// runs any reader follows; disabled, or with their task disabled or deleted, they do not; a bad schedule is a
// 400 naming the trigger; a restart on the same dataDir resumes the schedule without firing twice. Time is
// never asserted: tests wait for conditions, and "did not fire" is checked once another trigger has fired
// a few more times.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEncodedTaskStep, type ContainerRegistryTasksClient, type Run } from "acr-tasks";
import { startEmulator, type RunningEmulator } from "../../src/index.js";
import { build, registryPath, rg, send, uploadContext, waitFor } from "../helpers.js";
import { clientOf, createRegistry, createTask, lro, runsOf, waitForRunOf } from "./triggerClient.js";

let emulator: RunningEmulator;
let client: ContainerRegistryTasksClient;
const registry = "timerreg01";
const everyMinute = (name: string, status: "Enabled" | "Disabled" = "Enabled") => ({
  timerTriggers: [{ name, schedule: "* * * * *", status }],
});
const echoStep = (text: string) => createEncodedTaskStep({ taskYaml: `steps:\n  - cmd: bash echo ${text}\n` });
const byTimer = (run: Run) => run.properties?.timerTrigger !== undefined;
const occurrenceOf = (run: Run) => Date.parse(run.properties!.timerTrigger!.scheduleOccurrence!);

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.002 });
  client = clientOf(emulator);
  await createRegistry(client, registry);
  // The clock of every "did not fire" check: it fires every emulated minute from now on.
  await createTask(client, registry, "metronome", { step: echoStep("tock"), trigger: everyMinute("tick") });
});
afterAll(() => emulator.close());

/** Waits until the metronome has fired `count` more times: at least that many emulated minutes went by. */
async function minutesPass(count: number): Promise<void> {
  const before = (await runsOf(client, registry, "metronome")).length;
  await waitFor(async () => (await runsOf(client, registry, "metronome")).length >= before + count);
}

describe("an enabled timer trigger", () => {
  test("fires every occurrence: AutoRun with timerTrigger, the task's step, followed with waitForCompletion and streamLogs", async () => {
    await createTask(client, registry, "ticker", { step: echoStep("tick-from-timer"), trigger: everyMinute("each") });
    const first = await waitForRunOf(client, registry, "ticker", byTimer);
    expect(first.properties).toMatchObject({
      runType: "AutoRun",
      task: "ticker",
      timerTrigger: {
        timerTriggerName: "each",
        scheduleOccurrence: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/),
      },
    });
    expect(first.properties).not.toHaveProperty("sourceTrigger");
    expect(first.properties).not.toHaveProperty("imageUpdateTrigger");
    const runId = first.properties!.runId!;
    const done = await client.runs.waitForCompletion(rg, registry, runId, { pollIntervalMs: 5 });
    expect(done.properties?.status).toBe("Succeeded");
    const lines: string[] = [];
    for await (const line of client.runs.streamLogs(rg, registry, runId, { pollIntervalMs: 5 })) lines.push(line);
    expect(lines).toContain("tick-from-timer");
    // The next occurrence is the next minute of emulated time. On a loaded machine later ones may have fired
    // too by now (runs.list answers newest first), so the earliest after the first is the one to compare.
    const afterFirst = (run: Run) => byTimer(run) && occurrenceOf(run) > occurrenceOf(first);
    await waitForRunOf(client, registry, "ticker", afterFirst);
    const later = (await runsOf(client, registry, "ticker")).filter(afterFirst).map(occurrenceOf);
    expect(Math.min(...later) - occurrenceOf(first)).toBe(60_000);
    await client.tasks.delete(rg, registry, "ticker", lro).pollUntilDone();
  });

  test("of a Docker step runs an AutoBuild of it", async () => {
    const context = await uploadContext(emulator, registry, { Dockerfile: "FROM alpine\n" });
    await createTask(client, registry, "nightlybuild", {
      step: { type: "Docker", contextPath: context, dockerFilePath: "Dockerfile", imageNames: ["nightly:{{.Run.ID}}"] },
      trigger: { timerTriggers: [{ name: "evenMinutes", schedule: "*/2 * * * *" }] },
    });
    const run = await waitForRunOf(client, registry, "nightlybuild", byTimer);
    expect(run.properties).toMatchObject({ runType: "AutoBuild", timerTrigger: { timerTriggerName: "evenMinutes" } });
    expect(new Date(occurrenceOf(run)).getUTCMinutes() % 2).toBe(0);
    const done = await client.runs.waitForCompletion(rg, registry, run.properties!.runId!, { pollIntervalMs: 5 });
    expect(done.properties?.outputImages?.[0]?.repository).toBe("nightly");
    await client.tasks.delete(rg, registry, "nightlybuild", lro).pollUntilDone();
  });

  test("each of several triggers fires, each under its own name", async () => {
    await createTask(client, registry, "twotimers", {
      step: echoStep("two"),
      trigger: {
        timerTriggers: [
          { name: "odd", schedule: "1-59/2 * * * *" },
          { name: "even", schedule: "*/2 * * * *" },
        ],
      },
    });
    await waitFor(async () => {
      const names = new Set(
        (await runsOf(client, registry, "twotimers")).map((r) => r.properties?.timerTrigger?.timerTriggerName),
      );
      return names.has("odd") && names.has("even");
    });
    for (const run of await runsOf(client, registry, "twotimers")) {
      const minute = new Date(occurrenceOf(run)).getUTCMinutes();
      expect(run.properties!.timerTrigger!.timerTriggerName).toBe(minute % 2 === 1 ? "odd" : "even");
    }
    await client.tasks.delete(rg, registry, "twotimers", lro).pollUntilDone();
  });
});

describe("what does not fire", () => {
  test("a disabled trigger, a trigger of a disabled task, a deleted task's trigger", async () => {
    await createTask(client, registry, "sleeper", { step: echoStep("no"), trigger: everyMinute("off", "Disabled") });
    await createTask(client, registry, "parked", {
      status: "Disabled",
      step: echoStep("no"),
      trigger: everyMinute("on"),
    });
    await createTask(client, registry, "doomed", { step: echoStep("once"), trigger: everyMinute("on") });
    await waitForRunOf(client, registry, "doomed", byTimer);
    await client.tasks.delete(rg, registry, "doomed", lro).pollUntilDone();
    const doomedRuns = (await runsOf(client, registry, "doomed")).length;
    await minutesPass(3);
    expect(await runsOf(client, registry, "sleeper")).toEqual([]);
    expect(await runsOf(client, registry, "parked")).toEqual([]);
    expect((await runsOf(client, registry, "doomed")).length).toBe(doomedRuns);
  });

  test("a trigger disabled by an update stops; enabled again, it goes on from then, not from where it stopped", async () => {
    await createTask(client, registry, "toggled", { step: echoStep("toggle"), trigger: everyMinute("t") });
    await waitForRunOf(client, registry, "toggled", byTimer);
    await client.tasks
      .update(
        rg,
        registry,
        "toggled",
        { properties: { trigger: { timerTriggers: [{ name: "t", status: "Disabled" }] } } },
        lro,
      )
      .pollUntilDone();
    const stopped = await runsOf(client, registry, "toggled");
    await minutesPass(3);
    expect(await runsOf(client, registry, "toggled")).toHaveLength(stopped.length);
    const lastBefore = Math.max(...stopped.map(occurrenceOf));
    await client.tasks
      .update(
        rg,
        registry,
        "toggled",
        { properties: { trigger: { timerTriggers: [{ name: "t", status: "Enabled" }] } } },
        lro,
      )
      .pollUntilDone();
    const resumed = await waitForRunOf(client, registry, "toggled", (run) => !stopped.some((s) => s.name === run.name));
    // The minutes it was disabled for are not made up for.
    expect(occurrenceOf(resumed) - lastBefore).toBeGreaterThanOrEqual(3 * 60_000);
    await client.tasks.delete(rg, registry, "toggled", lro).pollUntilDone();
  });
});

describe("a schedule ACR cannot read", () => {
  const taskUrl = (name: string) => `${registryPath(registry)}/tasks/${name}?api-version=${build}`;
  const withSchedule = (schedule: string) => ({
    location: "westus",
    properties: {
      platform: { os: "Linux" },
      step: { type: "EncodedTask", encodedTaskContent: Buffer.from("steps:\n  - cmd: bash\n").toString("base64") },
      trigger: {
        timerTriggers: [
          { name: "fine", schedule: "0 3 * * *" },
          { name: "broken", schedule },
        ],
      },
    },
  });

  test("is a 400 at create time that names the trigger, and the task is not created", async () => {
    const created = await send(emulator, "PUT", taskUrl("badtimer"), { body: withSchedule("0 25 * * *") });
    expect(created.status).toBe(400);
    expect(created.body).toEqual({
      error: {
        code: "InvalidParameter",
        message:
          "The schedule '0 25 * * *' of timer trigger 'broken' is not a valid cron expression: 25 is out of range for the hour (0 to 23).",
        target: "taskCreateParameters.properties.trigger.timerTriggers[1].schedule",
      },
    });
    expect((await send(emulator, "GET", taskUrl("badtimer"))).status).toBe(404);
    await expect(
      createTask(client, registry, "badtimer", {
        step: echoStep("never"),
        trigger: { timerTriggers: [{ name: "broken", schedule: "* * * Smarch *" }] },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "InvalidParameter",
      message: expect.stringContaining("timer trigger 'broken'"),
    });
  });

  test("is a 400 at update time that names the trigger, and the task keeps its schedule", async () => {
    expect((await send(emulator, "PUT", taskUrl("goodtimer"), { body: withSchedule("0 4 * * *") })).status).toBe(200);
    const patched = await send(emulator, "PATCH", taskUrl("goodtimer"), {
      body: { properties: { trigger: { timerTriggers: [{ name: "broken", schedule: "* * * *" }] } } },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatchObject({
      code: "InvalidParameter",
      message: expect.stringMatching(
        /^The schedule '\* \* \* \*' of timer trigger 'broken' is not a valid cron expression: it has 4 fields/,
      ),
      target: "taskUpdateParameters.properties.trigger.timerTriggers[0].schedule",
    });
    const task = (await send(emulator, "GET", taskUrl("goodtimer"))).body;
    expect(task.properties.trigger.timerTriggers[1]).toMatchObject({ name: "broken", schedule: "0 4 * * *" });
  });
});

describe("after a restart on the same dataDir", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "acr-emulator-timers-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test("the schedule goes on where it stopped: every occurrence once, none skipped, none twice", async () => {
    const first = await startEmulator({ timeScale: 0.002, dataDir });
    const firstClient = clientOf(first);
    await createRegistry(firstClient, "keepreg01");
    await createTask(firstClient, "keepreg01", "keeper", { step: echoStep("kept"), trigger: everyMinute("m") });
    await waitFor(async () => (await runsOf(firstClient, "keepreg01", "keeper")).length >= 2);
    await first.close();
    const again = await startEmulator({ timeScale: 0.002, dataDir });
    const againClient = clientOf(again);
    let runs: Run[];
    try {
      const seen = (await runsOf(againClient, "keepreg01", "keeper")).length;
      await waitFor(async () => (await runsOf(againClient, "keepreg01", "keeper")).length >= seen + 2);
      runs = await runsOf(againClient, "keepreg01", "keeper");
    } finally {
      await again.close();
    }
    const occurrences = runs.map(occurrenceOf).sort((a, b) => a - b);
    expect(occurrences.length).toBeGreaterThanOrEqual(4);
    expect(new Set(occurrences).size).toBe(occurrences.length);
    for (let i = 1; i < occurrences.length; i++) expect(occurrences[i]! - occurrences[i - 1]!).toBe(60_000);
  });
});
