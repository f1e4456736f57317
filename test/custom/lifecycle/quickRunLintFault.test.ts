// A fault of the lint itself never stops quickRun: the task is sent unchecked, with a warning.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ARM, makeClient, REGISTRY, RG, scripted, setupNock, teardownNock } from "../_support/client.js";
import { capturedLogs } from "../_support/logCapture.js";

vi.mock("acr-tasks/task-yaml", () => ({
  lintTaskYaml: () => {
    throw new RangeError("Maximum call stack size exceeded");
  },
}));

const logged = capturedLogs("warning");
beforeEach(setupNock);
afterEach(teardownNock);

describe("quickRun when the lint fails", () => {
  it("sends the task unchecked and says so on the logger", async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: { name: "cb1", properties: { runId: "cb1" } } }]);
    const run = await makeClient().registries.quickRun(RG, REGISTRY, {
      cmd: "bash echo hi",
      platform: { os: "Linux" },
    });
    expect(run.name).toBe("cb1");
    expect(requests).toHaveLength(1);
    expect(logged.join("\n")).toContain(
      "cmd was not checked: the task YAML lint failed (Maximum call stack size exceeded)",
    );
  });
});
