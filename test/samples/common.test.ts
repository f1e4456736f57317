// How the samples select the tasks api-version: `--tasks-api-version` (npm start's flag) before
// ACR_TASKS_API_VERSION, the rest of the arguments being sample names; a bad value is the client's
// ValidationError, raised before an emulator is started.
import { describe, expect, test } from "vitest";
import { ValidationError, type TasksApiVersion } from "../../src/index.js";
import { openSampleContext, sampleNames, selectedTasksApiVersion } from "../../samples/common.js";

describe("selectedTasksApiVersion", () => {
  test("reads --tasks-api-version=<v> and --tasks-api-version <v>, then ACR_TASKS_API_VERSION, else nothing", () => {
    expect(selectedTasksApiVersion(["--tasks-api-version=2025-03-01-preview"], {})).toBe("2025-03-01-preview");
    expect(selectedTasksApiVersion(["list-runs", "--tasks-api-version", "2025-03-01-preview"], {})).toBe(
      "2025-03-01-preview",
    );
    expect(selectedTasksApiVersion([], { ACR_TASKS_API_VERSION: "2025-03-01-preview" })).toBe("2025-03-01-preview");
    expect(
      selectedTasksApiVersion(["--tasks-api-version=2019-06-01-preview"], {
        ACR_TASKS_API_VERSION: "2025-03-01-preview",
      }),
    ).toBe("2019-06-01-preview");
    expect(selectedTasksApiVersion(["list-runs"], {})).toBeUndefined();
  });

  test("the sample names are the other arguments", () => {
    expect(sampleNames(["list-runs", "--tasks-api-version", "2025-03-01-preview", "cancel-run"])).toEqual([
      "list-runs",
      "cancel-run",
    ]);
    expect(sampleNames(["--tasks-api-version=2025-03-01-preview", "quick-run"])).toEqual(["quick-run"]);
  });
});

test("a tasksApiVersion the client does not know fails openSampleContext with the client's ValidationError", async () => {
  const subscription = process.env.AZURE_SUBSCRIPTION_ID;
  delete process.env.AZURE_SUBSCRIPTION_ID; // the emulator path, not Azure
  try {
    await expect(openSampleContext("test", "2030-01-01" as TasksApiVersion)).rejects.toSatisfy(
      (error: unknown) => error instanceof ValidationError && error.parameter === "tasksApiVersion",
    );
  } finally {
    if (subscription !== undefined) process.env.AZURE_SUBSCRIPTION_ID = subscription;
  }
});
