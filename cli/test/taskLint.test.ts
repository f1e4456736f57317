// The lint as the CLI shows it: one line a finding, naming the file (the values file for its own problems),
// the line and the step; and --cmd's task, which must be the one the SDK's quickRun makes of `cmd`.
import { describe, expect, test } from "vitest";
import { singleCommandTaskYaml } from "../../src/custom/lifecycle/quickRun.js";
import { commandTaskYaml, issueLine, lintTask } from "../src/taskLint.js";

describe("lintTask", () => {
  test("renders --set over the values file, and secret values as a placeholder that never shows", () => {
    const taskYaml = "steps:\n  - id: {{.Values.id}}\n    cmd: c\n    retries: {{.Values.token}}\n";
    const values = { text: "id: two words\ntoken: 1\n", file: "values.yaml" };
    expect(lintTask({ taskYaml, taskFile: "acb.yaml", values, setValues: [] }).errors).toEqual([
      "acb.yaml:2: error: failed to unmarshal task before running: step ID cannot contain spaces (step 'two words')",
    ]);
    expect(
      lintTask({ taskYaml, taskFile: "acb.yaml", values, setValues: [{ name: "id", value: "one" }] }),
    ).toMatchObject({ errors: [], warnings: [] });
    const secret = lintTask({
      taskYaml,
      taskFile: "acb.yaml",
      values,
      setValues: [
        { name: "id", value: "one" },
        { name: "token", value: "12345", isSecret: true },
      ],
      registry: "MyRegistry",
      platform: { os: "linux", architecture: "arm64" },
    });
    expect(secret.errors).toEqual([
      "acb.yaml:4: error: failed to unmarshal task before running: failed to deserialize task and validate: yaml: unmarshal errors: line 4: cannot unmarshal !!str `secret` into int",
    ]);
    expect(JSON.stringify(secret)).not.toContain("12345");
  });

  test("a values file acb cannot use is named as the file at fault", () => {
    const findings = lintTask({
      taskYaml: "steps:\n  - cmd: c\n",
      taskFile: "-",
      values: { text: "a:\n  b: c\n", file: "v.yaml" },
      setValues: [],
    });
    expect(findings.errors).toEqual([
      "v.yaml: error: unable to render task: failed to override values: failed to serialize Values: json: unsupported type: map[interface {}]interface {}",
    ]);
  });

  test("issueLine: FILE[:LINE]: severity: message (step 'id'), on one line", () => {
    expect(issueLine("a.yaml", { message: "two\nlines", line: 3, stepId: "s" }, "warning")).toBe(
      "a.yaml:3: warning: two lines (step 's')",
    );
    expect(issueLine("a.yaml", { message: "m" }, "error")).toBe("a.yaml: error: m");
  });
});

describe("commandTaskYaml", () => {
  test.each(["bash echo hi", `$Registry/x --msg "a: b # c" - {{.Run.ID}}`, "line\u2028separator", "'quoted'\ttab"])(
    "%j makes the task the SDK's quickRun makes of cmd",
    (cmd) => {
      expect(commandTaskYaml(cmd)).toBe(singleCommandTaskYaml(cmd));
    },
  );
});
