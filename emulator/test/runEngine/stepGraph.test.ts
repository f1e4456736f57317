// How the emulator schedules a task's steps, checked on the planned timeline (emulated ms at timeScale 1):
// as acb's builder does (builder/builder.go RunTask and processVertex, graph/dag.go), steps whose
// dependencies are done start at that moment, in parallel; the first failure without ignoreErrors ends the
// run on every branch; a step whose `when` names a step twice never starts.
import { describe, expect, test } from "vitest";
import { ACB_FAILED } from "../../src/runEngine/runTimeline.js";
import { plan } from "./planned.js";

const header = (id: string, timeout = 600, workingDirectory = "", network = "acb_default_network") =>
  `Executing step ID: ${id}. Timeout(sec): ${timeout}, Working directory: '${workingDirectory}', Network: '${network}'`;

describe("the step graph", () => {
  test('when: ["-"] steps start together; a step waits for every step its `when` names; no `when` waits for the step before', () => {
    const run = plan(`steps:
  - id: a
    cmd: bash sleep 30
    when: ["-"]
  - id: b
    cmd: bash sleep 10
    when: ["-"]
  - id: c
    cmd: bash echo c
    when: [a, b]
  - id: d
    cmd: bash echo d
`);
    const t0 = run.at(header("a"));
    expect(run.at(header("b"))).toBe(t0);
    // A cmd container: 0.2 s to start, its sleeps, 0.2 s to stop and be removed.
    expect(run.at("Successfully executed container: b")).toBe(t0 + 10_400);
    expect(run.at("Successfully executed container: a")).toBe(t0 + 30_400);
    expect(run.at(header("c"))).toBe(t0 + 30_400);
    expect(run.at(header("d"))).toBe(t0 + 30_400 + 405);
    expect(run.texts.indexOf(header("b"))).toBeLessThan(run.texts.indexOf("Successfully executed container: b"));
    expect(run.texts.filter((text) => text.includes("marked as"))).toEqual([
      "Step ID: a marked as successful (elapsed time in seconds: 30.400000)",
      "Step ID: b marked as successful (elapsed time in seconds: 10.400000)",
      "Step ID: c marked as successful (elapsed time in seconds: 0.405000)",
      "Step ID: d marked as successful (elapsed time in seconds: 0.405000)",
    ]);
    expect(run.end).toEqual({ status: "Succeeded" });
  });

  test("a failed step ends the run at once: a parallel branch is cut short and nothing else starts", () => {
    const run = plan(`steps:
  - id: long
    cmd: bash echo begun && sleep 60 && echo finished
    when: ["-"]
  - id: after-long
    cmd: bash echo after-long
    when: [long]
  - id: bad
    cmd: bash sleep 5 && exit 2
    when: ["-"]
  - id: after-bad
    cmd: bash echo after-bad
    when: [bad]
`);
    const t0 = run.at(header("long"));
    expect(run.texts).toContain("begun");
    expect(run.texts).not.toContain("finished");
    expect(run.texts.some((text) => text.startsWith("Executing step ID: after-"))).toBe(false);
    expect(run.texts.some((text) => text.includes("marked as"))).toBe(false);
    expect(run.lines.slice(-2)).toEqual([
      { at: t0 + 5_400, text: "Container failed during run: bad. No retries remaining.", raw: false },
      { at: t0 + 5_400, text: "failed to run step ID: bad: exit status 2", raw: true },
    ]);
    expect(run.end).toEqual({ status: "Failed", errorMessage: ACB_FAILED });
    expect(ACB_FAILED).toBe("failed during run, err: exit status 1");
  });

  test("ignoreErrors (a YAML 1.1 boolean): acb logs the error, marks the step successful and starts its dependents", () => {
    const run = plan(`steps:
  - id: bad
    cmd: bash exit 2
    ignoreErrors: yes
  - id: next
    cmd: bash echo next
`);
    const failedAt = run.at("Container failed during run: bad. No retries remaining.");
    expect(run.at("Step ID: bad encountered an error: exit status 2, but is set to ignore errors. Continuing...")).toBe(
      failedAt,
    );
    expect(run.at(header("next"))).toBe(failedAt);
    expect(run.texts).toContain("Step ID: bad marked as successful (elapsed time in seconds: 0.400000)");
    expect(run.end).toEqual({ status: "Succeeded" });
  });

  test("a step whose `when` names a step twice never starts: the run has no end (it waits for its timeout)", () => {
    const run = plan(`steps:
  - id: a
    cmd: bash echo a
  - id: b
    cmd: bash echo b
    when: [a, a]
`);
    expect(run.texts.at(-1)).toBe("Successfully executed container: a");
    expect(run.texts).not.toContain(header("b"));
    expect(run.end).toBeUndefined();
  });

  test("a task with no steps succeeds at once, after the setup", () => {
    const run = plan("version: v1.0.0\n");
    expect(run.texts.at(-1)).toBe("Successfully logged into myreg.azurecr.io");
    expect(run.end).toEqual({ status: "Succeeded" });
  });
});

describe("a step's own properties", () => {
  test("retries and retryDelay: acb relaunches the container after the delay, then gives up", () => {
    const run = plan(`steps:
  - id: flaky
    cmd: bash exit 1
    retries: 2
    retryDelay: 3
`);
    const t0 = run.at(header("flaky"));
    expect(run.lines.slice(run.texts.indexOf(header("flaky")))).toEqual([
      { at: t0, text: header("flaky"), raw: false },
      { at: t0, text: "Launching container with name: flaky", raw: false },
      { at: t0 + 400, text: "Container failed during run: flaky, waiting 3 seconds before retrying...", raw: false },
      { at: t0 + 3_400, text: "Launching container with name: flaky", raw: false },
      { at: t0 + 3_800, text: "Container failed during run: flaky, waiting 3 seconds before retrying...", raw: false },
      { at: t0 + 6_800, text: "Launching container with name: flaky", raw: false },
      { at: t0 + 7_200, text: "Container failed during run: flaky. No retries remaining.", raw: false },
      { at: t0 + 7_200, text: "failed to run step ID: flaky: exit status 1", raw: true },
    ]);
  });

  test("retryDelay of zero or less is acb's 5 seconds; retryOnErrors limits retries to failures that name one", () => {
    const waited = plan("steps:\n  - id: w\n    cmd: bash exit 1\n    retries: 1\n    retryDelay: 0\n");
    expect(waited.texts).toContain("Container failed during run: w, waiting 5 seconds before retrying...");
    const named = plan(
      "steps:\n  - id: n\n    cmd: bash echo transient && exit 1\n    retries: 1\n    retryOnErrors: [transient]\n",
    );
    expect(named.texts.filter((text) => text === "Launching container with name: n")).toHaveLength(2);
    const other = plan(
      "steps:\n  - id: o\n    cmd: bash echo fatal && exit 1\n    retries: 3\n    retryOnErrors: [transient]\n",
    );
    expect(other.texts.filter((text) => text === "Launching container with name: o")).toHaveLength(1);
    expect(other.texts).toContain("Container failed during run: o. No retries remaining.");
  });

  test("repeat runs the container again after it succeeds; the failures of every run are joined", () => {
    const ok = plan("steps:\n  - id: r\n    cmd: bash echo hi\n    repeat: 2\n");
    expect(ok.texts.filter((text) => text === "Launching container with name: r")).toHaveLength(3);
    expect(ok.texts.filter((text) => text === "Successfully executed container: r")).toHaveLength(3);
    expect(ok.texts.filter((text) => text === "hi")).toHaveLength(3);
    const failing = plan("steps:\n  - id: f\n    cmd: bash exit 4\n    repeat: 1\n");
    expect(failing.texts.at(-1)).toBe("failed to run step ID: f: exit status 4, exit status 4");
  });

  test("startDelay: acb logs the wait after the header; the step's elapsed time starts after it", () => {
    const run = plan("steps:\n  - id: s\n    cmd: bash echo s\n    startDelay: 5\n");
    const t0 = run.at(header("s"));
    expect(run.at("Waiting 5 seconds before executing step ID: s")).toBe(t0);
    expect(run.at("Launching container with name: s")).toBe(t0 + 5_000);
    expect(run.texts).toContain("Step ID: s marked as successful (elapsed time in seconds: 0.405000)");
  });

  test("a step's timeout kills its container; a relaunch after it fails at once", () => {
    const run = plan(
      "steps:\n  - id: slow\n    cmd: bash sleep 100\n    timeout: 10\n    retries: 1\n    retryDelay: 2\n",
    );
    const t0 = run.at(header("slow", 10));
    expect(run.at("Container failed during run: slow, waiting 2 seconds before retrying...")).toBe(t0 + 10_000);
    expect(run.lines.slice(-3)).toEqual([
      { at: t0 + 12_000, text: "Launching container with name: slow", raw: false },
      { at: t0 + 12_000, text: "Container failed during run: slow. No retries remaining.", raw: false },
      { at: t0 + 12_000, text: "failed to run step ID: slow: context deadline exceeded", raw: true },
    ]);
  });

  test("detach: the step is done once the container started (docker run -d prints its id)", () => {
    const run = plan("steps:\n  - id: server\n    cmd: bash sleep 1000\n    detach: true\n  - cmd: bash echo next\n");
    const t0 = run.at("Launching container with name: server");
    const id = run.lines.find((line) => line.raw && /^[0-9a-f]{64}$/.test(line.text));
    expect(id?.at).toBeLessThan(t0 + 600);
    expect(run.at("Successfully executed container: server")).toBe(t0 + 600);
    expect(run.texts).toContain("Step ID: server marked as successful (elapsed time in seconds: 0.600000)");
  });

  test("pull: acb pulls a cmd step's image first (before the step's start time)", () => {
    const run = plan("steps:\n  - id: p\n    cmd: alpine echo pulled\n    pull: true\n");
    const t0 = run.at(header("p"));
    expect(run.at("Step specified pull. Performing an explicit pull...")).toBe(t0);
    expect(run.texts).toEqual(
      expect.arrayContaining([
        "Using default tag: latest",
        "latest: Pulling from alpine",
        "Status: Downloaded newer image for alpine:latest",
      ]),
    );
    expect(run.at("Launching container with name: p")).toBe(t0 + 1_500);
    expect(run.texts).toContain("Step ID: p marked as successful (elapsed time in seconds: 0.405000)");
  });

  test("echo prints the step's env; the header shows the step's working directory and network", () => {
    const run = plan(`env: [GREETING=hello]
networks:
  - name: mynet
steps:
  - cmd: bash echo $GREETING \${WHO}
    env: [WHO=world]
    workingDirectory: /src
    network: mynet
`);
    expect(run.texts).toContain("Creating Docker network: mynet, driver: ''");
    expect(run.texts).toContain(header("acb_step_0", 600, "/src", "mynet"));
    expect(run.lines).toContainEqual(expect.objectContaining({ text: "hello world", raw: true }));
  });
});
