// Task YAML runs as acb runs them, read from the run's log blob: acb's lines stamped by its logger with the
// emulator's clock, the containers' output and acb's errors as they are, ACR's summary after an empty line;
// parallel steps interleaved, and what each request type (quick runs as `az acr run --cmd` sends them, file
// tasks, task runs) runs.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import {
  build,
  createRegistry,
  encoded,
  registryPath,
  runLogText,
  runToEnd,
  scheduleRun,
  send,
  uploadContext,
  waitForRunEnd,
} from "./helpers.js";

let emulator: RunningEmulator;
const registry = "taskruns01";
const linux = { os: "Linux" };

// 0.01: a step sleeping 300 s takes 3 s, which the log's one-second stamps can see.
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.01 });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

interface LogLine {
  /** Seconds since the epoch, for acb's stamped lines. */
  stamp?: number;
  text: string;
}

async function logOf(runId: string): Promise<{ text: string; lines: LogLine[] }> {
  const text = await runLogText(emulator, registry, runId);
  expect(text.endsWith("\r\n")).toBe(true);
  const lines = text
    .slice(0, -2)
    .split("\r\n")
    .map((line) => {
      const stamped = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) (.*)$/.exec(line);
      if (!stamped) return { text: line };
      const [, y, mo, d, h, mi, s, rest] = stamped as unknown as string[];
      return { stamp: Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) / 1000, text: rest! };
    });
  return { text, lines };
}

const quickRun = (yaml: string, extra: Record<string, unknown> = {}) => runToEnd(emulator, registry, yaml, extra);

const line = (lines: LogLine[], text: string) => {
  const found = lines.find((candidate) => candidate.text === text);
  if (!found) throw new Error(`no line ${JSON.stringify(text)} in:\n${lines.map((l) => l.text).join("\n")}`);
  return found;
};

describe("acb's log, on the emulator's clock", () => {
  test('when: ["-"] steps run in parallel: they start in the same second and end together, 3 s later', async () => {
    const run = await quickRun(`steps:
  - id: left
    cmd: bash sleep 300
    when: ["-"]
  - id: right
    cmd: bash sleep 300
    when: ["-"]
  - id: join
    cmd: bash echo joined
    when: [left, right]
`);
    expect(run.properties.status).toBe("Succeeded");
    const { lines } = await logOf(run.name);
    const started = line(lines, "Launching container with name: left").stamp!;
    expect(line(lines, "Launching container with name: right").stamp).toBe(started);
    for (const id of ["left", "right"]) {
      const ended = line(lines, `Successfully executed container: ${id}`).stamp! - started;
      expect(ended).toBeGreaterThanOrEqual(2);
      expect(ended).toBeLessThanOrEqual(4);
    }
    const texts = lines.map((l) => l.text);
    expect(texts.indexOf("Launching container with name: right")).toBeLessThan(
      texts.indexOf("Successfully executed container: left"),
    );
    expect(
      texts.indexOf(
        "Executing step ID: join. Timeout(sec): 600, Working directory: '', Network: 'acb_default_network'",
      ),
    ).toBeGreaterThan(texts.indexOf("Successfully executed container: right"));
    expect(texts).toContain("Step ID: left marked as successful (elapsed time in seconds: 300.400000)");
    // The containers' output is not stamped; ACR's summary follows an empty line.
    expect(lines).toContainEqual({ text: "joined" });
    expect(lines.slice(-2)).toEqual([
      { text: "" },
      { text: expect.stringMatching(new RegExp(`^Run ID: ${run.name} was successful after \\ds$`)) },
    ]);
  }, 30_000);

  test("a failure: the retries, acb's error unstamped, nothing more from any branch; ACR's error message", async () => {
    const run = await quickRun(`steps:
  - id: slow
    cmd: bash echo started && sleep 100 && echo finished
    when: ["-"]
  - id: flaky
    cmd: bash exit 3
    when: ["-"]
    retries: 1
    retryDelay: 1
`);
    expect(run.properties).toMatchObject({
      status: "Failed",
      runErrorMessage: "failed during run, err: exit status 1",
    });
    const { lines } = await logOf(run.name);
    expect(lines.filter((l) => l.text.startsWith("Container failed during run: flaky"))).toEqual([
      { stamp: expect.any(Number), text: "Container failed during run: flaky, waiting 1 seconds before retrying..." },
      { stamp: expect.any(Number), text: "Container failed during run: flaky. No retries remaining." },
    ]);
    expect(lines.slice(-3)).toEqual([
      { text: "failed to run step ID: flaky: exit status 3" },
      { text: "" },
      {
        text: expect.stringMatching(/^Run ID: cb\d+ failed after \ds\. Error: failed during run, err: exit status 1$/),
      },
    ]);
    expect(lines.map((l) => l.text)).not.toContain("finished");
  }, 30_000);

  test("a refused task fails with acb's message; a step that never starts ends in Timeout", async () => {
    const refused = await quickRun("steps:\n  - id: a\n    cmd: x\n    when: [a]\n");
    expect(refused.properties.status).toBe("Failed");
    const { lines } = await logOf(refused.name);
    expect(lines.at(-3)!.text).toMatch(/^failed to unmarshal task before running: /);
    const stuck = await quickRun(
      "steps:\n  - id: a\n    cmd: bash echo a\n  - id: b\n    cmd: bash echo b\n    when: [a, a]\n",
      { timeout: 300 },
    );
    expect(stuck.properties).toMatchObject({
      status: "Timeout",
      runErrorMessage: "failed during run, err: context deadline exceeded",
    });
    expect((await logOf(stuck.name)).text).not.toContain("Executing step ID: b.");
  }, 30_000);
});

describe("what each request runs", () => {
  test("`az acr run --cmd` (v1.1.0, so aliases apply): the alias line, then the command with bash's alias image", async () => {
    // The YAML az builds for --cmd (azure/cli/command_modules/acr/_utils.py get_yaml_template).
    const run = await quickRun(
      "version: v1.1.0\nsteps: \n  - cmd: bash echo from-cmd\n    disableWorkingDirectoryOverride: true\n    timeout: 3600\n",
      { timeout: 3600 },
    );
    expect(run.properties.status).toBe("Succeeded");
    const { lines } = await logOf(run.name);
    expect(lines[1]!.text).toBe(
      "Alias support enabled for version >= 1.1.0, please see https://aka.ms/acr/tasks/task-aliases for more information.",
    );
    expect(
      line(
        lines,
        "Executing step ID: acb_step_0. Timeout(sec): 3600, Working directory: '', Network: 'acb_default_network'",
      ),
    );
    expect(lines).toContainEqual({ text: "from-cmd" });
  }, 30_000);

  test("a file task with a build and a push: outputImages, one push line per image, the dependencies", async () => {
    const context = await uploadContext(emulator, registry, {
      "ci/acb.yaml":
        "steps:\n  - build: -t {{.Run.Registry}}/web:{{.Run.ID}} -t {{.Run.Registry}}/web:latest .\n  - push:\n    - {{.Run.Registry}}/web:{{.Run.ID}}\n    - {{.Run.Registry}}/web:latest\n",
      Dockerfile: "FROM node:20-alpine\nCOPY . /app\n",
    });
    const run = await waitForRunEnd(
      emulator,
      registry,
      (
        await scheduleRun(emulator, registry, {
          type: "FileTaskRunRequest",
          taskFilePath: "ci/acb.yaml",
          sourceLocation: context,
          platform: linux,
        })
      ).name,
    );
    expect(run.properties.status).toBe("Succeeded");
    expect(run.properties.outputImages.map((image: { tag: string }) => image.tag)).toEqual([run.name, "latest"]);
    const { lines } = await logOf(run.name);
    const texts = lines.map((l) => l.text);
    expect(texts.filter((text) => text.startsWith("Successfully pushed image: "))).toEqual([
      `Successfully pushed image: ${registry}.azurecr.io/web:${run.name}`,
      `Successfully pushed image: ${registry}.azurecr.io/web:latest`,
    ]);
    const found = texts.indexOf("The following dependencies were found:");
    expect(lines[found + 1]).toEqual({ stamp: expect.any(Number), text: "" });
    const [first] = JSON.parse(lines[found + 2]!.text);
    expect(first.image).toEqual({
      registry: `${registry}.azurecr.io`,
      repository: "web",
      tag: run.name,
      digest: run.properties.outputImages[0].digest,
      reference: `${registry}.azurecr.io/web:${run.name}`,
    });
    expect(first["runtime-dependency"]).toMatchObject({ repository: "library/node", tag: "20-alpine" });
  }, 30_000);

  test("a task's EncodedTask step runs with the task's name (.Run.TaskName) and its values", async () => {
    const taskUrl = `${registryPath(registry)}/tasks/greeter?api-version=${build}`;
    await send(emulator, "PUT", taskUrl, {
      body: {
        location: "westus",
        properties: {
          platform: linux,
          step: {
            type: "EncodedTask",
            encodedTaskContent: encoded(
              "steps:\n  - cmd: bash echo {{.Run.TaskName}} says {{.Values.word}}\n    ignoreErrors: on\n",
            ),
            values: [{ name: "word", value: "hello" }],
          },
        },
      },
    });
    const run = await waitForRunEnd(
      emulator,
      registry,
      (await scheduleRun(emulator, registry, { type: "TaskRunRequest", taskId: "greeter" })).name,
    );
    expect(run.properties).toMatchObject({ status: "Succeeded", task: "greeter" });
    expect((await logOf(run.name)).lines).toContainEqual({ text: "greeter says hello" });
  }, 30_000);
});
