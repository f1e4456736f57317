// lintTaskYaml through the public subpath: errors exactly where acb refuses, warnings for what it ignores or
// replaces, templated YAML linted as rendered with the given values and placeholders for the run.
import { describe, expect, it } from "vitest";
import { LINT_RUN_PLACEHOLDERS, lintTaskYaml } from "acr-tasks/task-yaml";

describe("lintTaskYaml", () => {
  it("finds nothing in a task acb runs as written", () => {
    expect(
      lintTaskYaml(
        "version: v1.1.0\nsteps:\n  - build: -t {{.Run.Registry}}/app:{{.Run.ID}} .\n  - push: ['{{.Run.Registry}}/app:{{.Run.ID}}']\n",
      ),
    ).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it("reports acb's refusal as the one error, with its line and step", () => {
    expect(lintTaskYaml("steps:\n  - id: build\n    cmd: c\n    when: [test]\n  - id: test\n    cmd: c\n")).toEqual({
      errors: [
        {
          message: "failed to unmarshal task before running: test does not exist as a vertex [from: test, to: build]",
          rule: "when",
          line: 4,
          stepId: "build",
        },
      ],
      warnings: [],
    });
  });

  it("warns about unknown keys, with a did-you-mean, and about documented keys acb does not read", () => {
    const { errors, warnings } = lintTaskYaml(
      "stepTimout: 60\nsteps:\n  - id: b\n    cmd: c\n    ignoreError: true\n    downloadRetries: 3\n    stepTimeout: 5\n    colour: red\n",
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      { message: "acb ignores the unknown key 'stepTimout' on the task: did you mean 'stepTimeout'?", line: 1 },
      {
        message: "acb ignores the unknown key 'ignoreError' on a step: did you mean 'ignoreErrors'?",
        line: 5,
        stepId: "b",
      },
      {
        message: "acb ignores 'downloadRetries' on a step: docs/task.md lists it, but acb does not read it",
        line: 6,
        stepId: "b",
      },
      { message: "acb ignores 'stepTimeout' on a step: acb reads it on the task", line: 7, stepId: "b" },
      { message: "acb ignores the unknown key 'colour' on a step", line: 8, stepId: "b" },
    ]);
  });

  it("warns about the timeouts and retry delays acb replaces, and a key given twice", () => {
    const { warnings } = lintTaskYaml(
      "stepTimeout: -1\nsteps:\n  - id: a\n    cmd: c\n    timeout: 0\n    retryDelay: 0\n    cmd: d\n",
    );
    expect(warnings).toEqual([
      { message: "'cmd' is given again (first on line 4): acb keeps only this last value", line: 7, stepId: "a" },
      { message: "stepTimeout -1 is not positive: acb uses its default of 600 seconds", line: 1 },
      { message: "timeout 0 is not positive: acb uses the step timeout of 600 seconds instead", line: 5, stepId: "a" },
      {
        message: "retryDelay 0 is not positive: acb uses its default of 5 seconds between retries",
        line: 6,
        stepId: "a",
      },
    ]);
  });

  it("lints templated YAML as rendered with the values given, as a values file's text or as a record", () => {
    const task =
      "steps:\n  - id: {{.Values.id}}\n    cmd: echo {{.Values.greeting}}\n    retries: {{.Values.retries}}\n";
    expect(lintTaskYaml(task, { values: "id: hello\ngreeting: hi\nretries: 2\n" })).toEqual({
      errors: [],
      warnings: [],
    });
    expect(lintTaskYaml(task, { values: { id: "has space", greeting: "hi", retries: 1 } }).errors).toEqual([
      {
        message: "failed to unmarshal task before running: step ID cannot contain spaces",
        rule: "step-id",
        line: 2,
        stepId: "has space",
      },
    ]);
    expect(lintTaskYaml(task, { values: { id: "a", retries: -3 } })).toEqual({
      errors: [
        {
          message: "failed to unmarshal task before running: step must specify retries >= 0",
          rule: "retries",
          line: 4,
          stepId: "a",
        },
      ],
      warnings: [{ message: "{{.Values.greeting}} has no value: acb renders it as empty text", line: 3 }],
    });
  });

  it("warns about a missing value only where acb prints nothing for it (not under default or if)", () => {
    const task = 'steps:\n  - cmd: echo {{.Values.a}} {{ .Values.b | default "x" }}{{ if .Values.c }}c{{ end }}\n';
    expect(lintTaskYaml(task).warnings).toEqual([
      { message: "{{.Values.a}} has no value: acb renders it as empty text", line: 2 },
    ]);
  });

  it("renders what only the run knows with placeholders", () => {
    expect(LINT_RUN_PLACEHOLDERS).toMatchObject({ id: "run-id", registry: "registry.azurecr.io", os: "linux" });
    expect(lintTaskYaml("steps:\n  - id: {{.Run.ID}}\n    cmd: c\n  - cmd: c\n    when: [run-id]\n").errors).toEqual(
      [],
    );
  });

  it("points at the line written even when comment lines and templates move the rendered text", () => {
    const task =
      "# header {{ ignored }}\n# more\nsteps:\n{{- range .Values.names }}\n  - cmd: echo {{ . }}\n{{- end }}\n  - cmd: c\n    retries: -1\n";
    expect(lintTaskYaml(task, { values: { names: ["a", "b"] } }).errors).toEqual([
      {
        message: "failed to unmarshal task before running: step must specify retries >= 0",
        rule: "retries",
        line: 8,
        stepId: "acb_step_2",
      },
    ]);
  });

  it("warns where acb runs nothing, cannot be checked, or never starts a step", () => {
    expect(lintTaskYaml("version: v1.1.0\nalias:\n  directive: ab\nsteps:\n  - cmd: c\n").warnings).toEqual([
      {
        message:
          "acb ends this run successfully without running any step: unable to search/replace aliases in task: $ directive can only be overwritten by a single character",
      },
    ]);
    expect(lintTaskYaml("steps:\n  - cmd: echo {{ now }}\n").warnings).toEqual([
      { message: "the task is not checked: the template calls now, which only ACR can evaluate" },
    ]);
    expect(lintTaskYaml("steps:\n  - cmd: c\n    when: [a,\n  b]\n")).toEqual({
      errors: [],
      warnings: [
        {
          message:
            "the task is not checked: line 4: a flow collection ([...] or {...}) continues on a line indented less than its key; " +
            "acb's YAML parser reads it, this module's cannot (indent that line further to have it checked)",
        },
      ],
    });
    expect(lintTaskYaml("steps:\n  - id: a\n    cmd: c\n  - id: b\n    cmd: c\n    when: [a, a]\n").warnings).toEqual([
      {
        message:
          "step 'b' never starts: its when names 'a' twice, which acb counts as two dependencies but clears once; acb waits until the run times out",
        line: 4,
        stepId: "b",
      },
    ]);
    expect(
      lintTaskYaml("version: v1.1.0\nalias:\n  src: [https://example.com/a.yaml]\nsteps:\n  - cmd: $x\n").warnings,
    ).toEqual([
      {
        message: "the alias source https://example.com/a.yaml was not read: the aliases it defines are left as written",
      },
    ]);
    expect(
      lintTaskYaml(
        "volumes:\n  - name: v\n    secret:\n      f: not base64!\nsteps:\n  - cmd: c\n    volumeMounts: [{name: v, mountPath: /v}]\n",
      ).warnings,
    ).toEqual([{ message: "volume 'v' file 'f' is not base64: acb fails the run when it writes the volume" }]);
  });

  it("refuses what is not task YAML text", () => {
    expect(() => lintTaskYaml(42 as unknown as string)).toThrow(
      new TypeError("content must be a string: the task YAML"),
    );
    expect(() => lintTaskYaml("steps: []", { values: 3 as unknown as string })).toThrow(TypeError);
  });
});
