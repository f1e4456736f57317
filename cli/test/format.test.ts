// Runs as text: the summary, `show`'s fields, `runs`'s table with az's columns.
import type { Run } from "acr-tasks";
import { describe, expect, test } from "vitest";
import { duration, runDetails, runEnding, runSummary, runsTable } from "../src/format.js";

const run: Run = {
  name: "cb12",
  properties: {
    runId: "cb12",
    status: "Succeeded",
    runType: "QuickBuild",
    createTime: new Date("2024-05-01T10:00:00Z"),
    startTime: new Date("2024-05-01T10:00:02Z"),
    finishTime: new Date("2024-05-01T11:02:05Z"),
    platform: { os: "Linux", architecture: "amd64" },
    outputImages: [{ registry: "myreg.azurecr.io", repository: "app", tag: "v1", digest: "sha256:abc" }],
  },
};

describe("format", () => {
  test("hh:mm:ss durations; none without both times", () => {
    expect(duration(run.properties!.startTime, run.properties!.finishTime)).toBe("01:02:03");
    expect(duration(undefined, new Date())).toBe("");
  });

  test("the summary names the status, the duration and each image with its digest", () => {
    expect(runSummary(run)).toEqual([
      "Run cb12: Succeeded after 01:02:03",
      "  image: myreg.azurecr.io/app:v1@sha256:abc",
    ]);
    expect(runSummary({ name: "cb2", properties: { status: "Failed", runErrorMessage: "exit 1" } })).toEqual([
      "Run cb2: Failed",
      "  error: exit 1",
    ]);
  });

  test("how a run ended, on one line (wait and a followed run say it alike)", () => {
    expect(
      runEnding("cb2", { name: "cb2", properties: { status: "Failed", runErrorMessage: "exit 1\n  in step b\n" } }),
    ).toBe("run cb2 ended with status Failed: exit 1 in step b");
    expect(runEnding("cb3", { name: "cb3", properties: {} })).toBe("run cb3 ended with status (none)");
  });

  test("show: one field a line, empty fields left out", () => {
    expect(runDetails(run)).toBe(
      [
        "Run ID:   cb12",
        "Status:   Succeeded",
        "Type:     QuickBuild",
        "Platform: linux/amd64",
        "Trigger:  Manual",
        "Created:  2024-05-01T10:00:00Z",
        "Started:  2024-05-01T10:00:02Z",
        "Finished: 2024-05-01T11:02:05Z",
        "Duration: 01:02:03",
        "Image:    myreg.azurecr.io/app:v1@sha256:abc",
      ].join("\n"),
    );
  });

  test("runs: az's columns, aligned", () => {
    const timer: Run = {
      name: "cb3",
      properties: { runId: "cb3", task: "nightly", status: "Running", timerTrigger: {} },
    };
    expect(runsTable([run, timer]).split("\n")).toEqual([
      "RUN ID  TASK     PLATFORM     STATUS     TRIGGER  STARTED               DURATION",
      "------  -------  -----------  ---------  -------  --------------------  --------",
      "cb12             linux/amd64  Succeeded  Manual   2024-05-01T10:00:02Z  01:02:03",
      "cb3     nightly               Running    Timer",
    ]);
  });
});
