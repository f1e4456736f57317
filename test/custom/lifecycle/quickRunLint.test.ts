// client.registries.quickRun lints the task before anything is sent: a task ACR's runner refuses is a
// ValidationError naming the line and the rule (no request made), warnings go to the SDK's logger, and
// lint: "off" sends the task as it is.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError } from "acr-tasks";
import { ARM, makeClient, REGISTRY, RG, scripted, setupNock, teardownNock } from "../_support/client.js";
import { capturedLogs } from "../_support/logCapture.js";

const linux = { os: "Linux" };
const runBody = { name: "cb1", properties: { runId: "cb1", status: "Queued" } };
const logged = capturedLogs("warning");
beforeEach(setupNock);
afterEach(teardownNock);

describe("quickRun's task YAML lint", () => {
  it("refuses what ACR's runner refuses, naming the line and the rule, before any request", async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: runBody }]);
    const taskYaml = "steps:\n  - id: build\n    cmd: bash echo hi\n    retries: -1\n";
    const error = await makeClient()
      .registries.quickRun(RG, REGISTRY, { taskYaml, platform: linux })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).parameter).toBe("taskYaml");
    expect((error as Error).message).toBe(
      "taskYaml line 4, step 'build': ACR's runner refuses this task: failed to unmarshal task before running: " +
        'step must specify retries >= 0 (lint: "off" skips this check)',
    );
    expect(requests).toEqual([]);
  });

  it("renders the run's values before checking, and lints a cmd's one-step task too", async () => {
    const { requests } = scripted(ARM, []);
    const values = { stepId: "two words" };
    await expect(
      makeClient().registries.quickRun(RG, REGISTRY, {
        taskYaml: "steps:\n  - id: {{.Values.stepId}}\n    cmd: c\n",
        values,
        platform: linux,
      }),
    ).rejects.toThrow(
      /^taskYaml line 2, step 'two words': ACR's runner refuses this task: .*step ID cannot contain spaces/,
    );
    await expect(
      makeClient().registries.quickRun(RG, REGISTRY, { cmd: "echo {{ .Run.ID", platform: linux }),
    ).rejects.toThrow(
      /^cmd line 2: ACR's runner refuses this task: unable to render task: error while rendering templates: failed to parse template: decoded\. Err: template: decoded:2: bad character U\+0022 '"' \(lint: "off" skips this check\)$/,
    );
    expect(requests).toEqual([]);
  });

  it("sends a task ACR runs, its warnings on the SDK's logger, secret values never rendered into them", async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: runBody }]);
    const run = await makeClient()
      .registries.quickRun(RG, REGISTRY, {
        taskYaml:
          "steps:\n  - cmd: echo {{.Values.token}}\n    timout: 5\n  - cmd: x\n    retries: {{.Values.token}}\n",
        values: [{ name: "token", value: "12345", isSecret: true }],
        platform: linux,
        lint: "error",
      })
      .catch((e: unknown) => e);
    // The secret renders as a placeholder for the lint: "retries: secret" is refused, with no secret in the text.
    expect((run as Error).message).toContain("cannot unmarshal !!str `secret` into int");
    expect((run as Error).message).not.toContain("12345");
    expect(requests).toEqual([]);

    const queued = await makeClient().registries.quickRun(RG, REGISTRY, {
      taskYaml: "steps:\n  - cmd: echo {{.Values.token}}\n    timout: 5\n",
      values: [{ name: "token", value: "12345", isSecret: true }],
      platform: linux,
    });
    expect(queued.name).toBe("cb1");
    expect(requests.map((r) => r.method)).toEqual(["POST"]);
    expect(logged.join("\n")).toContain(
      "taskYaml line 3, step 'acb_step_0': acb ignores the unknown key 'timout' on a step: did you mean 'timeout'?",
    );
    expect(logged.join("\n")).not.toContain("12345");
  });

  it("renders valuesYaml as ACR does, values given one by one over it; a nested map is refused as acb refuses it", async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: runBody }]);
    const taskYaml = "steps:\n  - id: {{.Values.stepId}}\n    cmd: c\n";
    // The file's id has a space, the value given over it has none: the task is sent.
    await makeClient().registries.quickRun(RG, REGISTRY, {
      taskYaml,
      valuesYaml: "stepId: two words\n",
      values: { stepId: "one" },
      platform: linux,
    });
    expect(requests).toHaveLength(1);
    await expect(
      makeClient().registries.quickRun(RG, REGISTRY, {
        taskYaml,
        valuesYaml: "stepId: two words\n",
        platform: linux,
      }),
    ).rejects.toThrow(/^taskYaml line 2, step 'two words': .*step ID cannot contain spaces/);
    await expect(
      makeClient().registries.quickRun(RG, REGISTRY, {
        taskYaml: "steps:\n  - cmd: echo {{.Values.image.name}}\n",
        valuesYaml: "image:\n  name: app\n",
        platform: linux,
      }),
    ).rejects.toMatchObject({
      parameter: "valuesYaml",
      message: expect.stringMatching(/^valuesYaml ACR's runner refuses this task: .*json: unsupported type/),
    });
    expect(requests).toHaveLength(1);
  });

  it('sends the task unchecked with lint: "off", and refuses any other lint mode', async () => {
    const { requests } = scripted(ARM, [{ status: 200, body: runBody }]);
    const taskYaml = "version: v9\nsteps:\n  - cmd: c\n";
    await makeClient().registries.quickRun(RG, REGISTRY, { taskYaml, platform: linux, lint: "off" });
    expect(requests).toHaveLength(1);
    await expect(
      makeClient().registries.quickRun(RG, REGISTRY, { taskYaml, platform: linux, lint: "warn" as "off" }),
    ).rejects.toThrow(new ValidationError("lint", 'must be "error" (refuse what ACR\'s runner refuses) or "off"'));
  });
});
