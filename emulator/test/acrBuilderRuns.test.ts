// Every file of acr-builder's test data (../shared/acr-builder, read at test time) run on the emulator as a
// quick run with an empty context, with its folder's values file: the outcome acb reaches from the YAML
// (acb's refusal, a run with no step, or the steps run along the graph acb builds), in acb's log lines.
import { readTaskYaml, type TaskYamlReading } from "acr-tasks/task-yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { acrBuilderFile, acrBuilderFiles } from "../../test/custom/taskYaml/support/acrBuilder.js";
import { createRegistry, encoded, runLogText, scheduleRun, waitForRunEnd } from "./helpers.js";

let emulator: RunningEmulator;
const registry = "acrbuilder01";

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

/** The values file beside a task (none for a values file itself, or an empty one). */
function valuesOf(path: string): string | undefined {
  const folder = path.slice(0, path.lastIndexOf("/"));
  if (path.endsWith("/values.yaml") || !acrBuilderFiles(folder).includes(`${folder}/values.yaml`)) return undefined;
  return acrBuilderFile(`${folder}/values.yaml`) || undefined;
}

interface Ran {
  run: any;
  reading: TaskYamlReading;
  /** The log's lines without acb's stamps, ACR's summary left out. */
  lines: string[];
}

async function runFile(path: string): Promise<Ran> {
  const content = acrBuilderFile(path);
  const values = valuesOf(path);
  const queued = await scheduleRun(emulator, registry, {
    type: "EncodedTaskRunRequest",
    encodedTaskContent: encoded(content),
    ...(values ? { encodedValuesContent: encoded(values) } : {}),
    platform: { os: "Linux" },
  });
  const run = await waitForRunEnd(emulator, registry, queued.name);
  const text = await runLogText(emulator, registry, run.name);
  const lines = text
    .split("\r\n")
    .slice(0, -3)
    .map((line) => line.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, ""));
  const reading = readTaskYaml(content, {
    run: { id: run.name, registry: `${registry}.azurecr.io` },
    values: values ? { file: values } : {},
  });
  return { run, reading, lines };
}

const header = (lines: string[], id: string) =>
  lines.findIndex((line) => line.startsWith(`Executing step ID: ${id}. `));
/** Where a step is done: its container's last success, its last push, or acb ignoring its error. */
const done = (lines: string[], id: string) =>
  Math.max(
    lines.lastIndexOf(`Successfully executed container: ${id}`),
    ...lines.map((line, index) => (line.startsWith(`Step ID: ${id} encountered an error:`) ? index : -1)),
  );

describe("acr-builder's test data on the emulator", () => {
  const files = acrBuilderFiles();

  test("25 files", () => expect(files).toHaveLength(25));

  test.each(files)("%s: the outcome acb reaches, along the step graph", async (path) => {
    const { run, reading, lines } = await runFile(path);
    const { status, runErrorMessage } = run.properties;
    if (reading.outcome === "refused") {
      expect({ status, runErrorMessage }).toEqual({
        status: "Failed",
        runErrorMessage: "failed during run, err: exit status 1",
      });
      expect(lines.at(-1)).toBe(reading.refusal.message);
      return;
    }
    if (reading.outcome === "nothing-to-run") {
      expect(status).toBe("Succeeded");
      expect(lines.some((line) => line.startsWith("Executing step"))).toBe(false);
      return;
    }
    expect(reading.outcome).toBe("run");
    if (reading.outcome !== "run") return;
    const { graph, task } = reading;
    // The roots start together, before anything ends; every other step after all of its dependencies.
    const headers = lines.filter((line) => line.startsWith("Executing step ID: "));
    expect(headers.slice(0, graph.roots.length).map((line) => line.split(/[ .]/)[3])).toEqual(
      graph.roots.map((id) => id.split(".")[0]),
    );
    for (const step of task.steps) {
      const started = header(lines, step.id);
      if (started < 0) continue;
      for (const dependency of graph.dependsOn[step.id] ?? []) {
        expect(done(lines, dependency), `${step.id} after ${dependency}`).toBeGreaterThan(-1);
        expect(done(lines, dependency)).toBeLessThan(started);
      }
    }
    if (status === "Succeeded") {
      expect(lines.filter((line) => line.includes(" marked as "))).toEqual(
        task.steps.map((step) =>
          expect.stringMatching(
            new RegExp(
              `^Step ID: ${step.id.replace(/[.$]/g, "\\$&")} marked as successful \\(elapsed time in seconds: \\d+\\.\\d{6}\\)$`,
            ),
          ),
        ),
      );
    } else {
      // A step failed (what the YAML asks of an empty context): acb's error ends the log.
      expect({ status, runErrorMessage }).toEqual({
        status: "Failed",
        runErrorMessage: "failed during run, err: exit status 1",
      });
      const failed = /^failed to run step ID: (\S+): /.exec(lines.at(-1)!)?.[1];
      expect(failed && header(lines, failed)).toBeGreaterThan(-1);
      for (const dependent of graph.dependents[failed!] ?? []) expect(header(lines, dependent)).toBe(-1);
    }
  });

  test("graph/testdata/acb.yaml: explicit pull, start delay, detach, ignoreErrors, repeat, a step's network and folder", async () => {
    const { run, lines } = await runFile("graph/testdata/acb.yaml");
    expect(run.properties.status).toBe("Succeeded");
    expect(lines).toEqual(
      expect.arrayContaining([
        "Executing step ID: puller. Timeout(sec): 600, Working directory: 'pullDir', Network: 'acb_default_network'",
        "Step specified pull. Performing an explicit pull...",
        "Waiting 50 seconds before executing step ID: build-qux",
        "Executing step ID: build-qaz. Timeout(sec): 600, Working directory: '', Network: 'host'",
        "WARNING: https://github.com/ehotinger/qaz might not be valid context. Valid Git repositories should end with .git.",
      ]),
    );
    // build-qux is detached: docker run -d prints the container's id.
    const quxLaunched = lines.indexOf("Launching container with name: build-qux");
    expect(lines[quxLaunched + 1]).toMatch(/^[0-9a-f]{64}$/);
    expect(lines.filter((line) => line === "Launching container with name: build-qaz")).toHaveLength(3);
  });

  test("graph/testdata/buildx.yaml: the build cache starts buildkit first; the empty context has no Dockerfile", async () => {
    const { run, lines } = await runFile("graph/testdata/buildx.yaml");
    expect(run.properties.status).toBe("Failed");
    expect(lines).toContain("Task will use build cache, initializing buildkitd container");
    expect(lines.at(-1)).toBe("failed to run step ID: acb_step_0: failed to scan dependencies: exit status 1");
  });

  test("templating/testdata/caching/cache.yaml: the step id comes from the values; build-bar waits for it", async () => {
    const { run, lines } = await runFile("templating/testdata/caching/cache.yaml");
    expect(run.properties.status).toBe("Succeeded");
    const pullStep = lines.find((line) => line.startsWith("Executing step ID: ") && !line.includes("build-"));
    expect(pullStep).toMatch(/^Executing step ID: \S+\. Timeout\(sec\): 600/);
  });

  test("templating/testdata/mounts/mounts_secrets.yaml: acb fills the secret volume before the steps", async () => {
    const { run, lines } = await runFile("templating/testdata/mounts/mounts_secrets.yaml");
    expect(run.properties.status).toBe("Succeeded");
    expect(lines.filter((line) => line.startsWith("Created new file(s) for volume:  ")).length).toBeGreaterThan(0);
  });
});
