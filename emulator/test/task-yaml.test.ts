// ACR task YAML: templating, parsing and the errors a run reports for a bad definition.
import { describe, expect, test } from "vitest";
import { parseTaskDefinition, parseValues, renderTemplate, TaskDefinitionError } from "../src/runEngine/taskYaml.js";

describe("renderTemplate", () => {
  test("{{.Run.X}} and {{.Values.x}}, with or without spaces", () => {
    expect(
      renderTemplate(
        "{{.Run.Registry}}/app:{{ .Run.ID }}-{{.Values.tag}}",
        { Registry: "r.azurecr.io", ID: "cb7" },
        { tag: "x" },
      ),
    ).toBe("r.azurecr.io/app:cb7-x");
  });

  test("an undefined value or an unsupported expression is an error", () => {
    expect(() => renderTemplate("{{.Values.missing}}", {}, {})).toThrow(
      /\{\{\.Values\.missing\}\}, which is not defined/,
    );
    expect(() => renderTemplate("{{range .Values}}", {}, {})).toThrow(/unsupported template expression/);
  });
});

describe("parseTaskDefinition", () => {
  test("a duplicated key takes its last value, as ACR's runner reads YAML (az acr run -f prepends a version line)", () => {
    const definition = parseTaskDefinition(
      "version: v1.1.0\nversion: v1.0.0\nsteps:\n  - cmd: bash echo a\n    cmd: bash echo b\n",
    );
    expect(definition.version).toBe("v1.0.0");
    expect(definition.steps[0]).toMatchObject({ kind: "cmd", cmd: "bash echo b" });
    expect(parseValues("tag: one\ntag: two\n")).toEqual({ tag: "two" });
  });

  test("build, push and cmd steps with ids, when, env and timeouts", () => {
    const definition = parseTaskDefinition(`
version: v1.1.0
stepTimeout: 900
env: ["A=1"]
steps:
  - id: build
    build: -t app:1 .
  - id: push
    push: [app:1]
    when: [build]
  - cmd: bash echo hi
    env: ["B=2"]
    timeout: 30
    ignoreErrors: true
`);
    expect(definition.version).toBe("v1.1.0");
    expect(definition.steps.map((s) => [s.id, s.kind])).toEqual([
      ["build", "build"],
      ["push", "push"],
      ["acb_step_2", "cmd"],
    ]);
    expect(definition.steps[0]).toMatchObject({ build: "-t app:1 .", timeout: 900, env: ["A=1"] });
    expect(definition.steps[1]).toMatchObject({ push: ["app:1"], when: ["build"] });
    expect(definition.steps[2]).toMatchObject({
      cmd: "bash echo hi",
      timeout: 30,
      env: ["A=1", "B=2"],
      ignoreErrors: true,
    });
  });

  test.each([
    ["steps: [\n", /invalid YAML/],
    ["- just\n- a list\n", /expected a map/],
    ["steps: []\n", /has no steps/],
    ["steps:\n  - run: x\n", /unknown step kind or property 'run'/],
    ["steps:\n  - id: a\n", /exactly one of build, push or cmd \(found none\)/],
    ["steps:\n  - build: .\n    cmd: x\n", /exactly one of build, push or cmd \(found build, cmd\)/],
    ["steps:\n  - cmd: x\n    when: [nope]\n", /'when: nope', but no step has that id/],
    ["steps:\n  - id: a\n    cmd: x\n  - id: a\n    cmd: y\n", /used by more than one step/],
    ["version: v2.0.0\nsteps:\n  - cmd: x\n", /unsupported task version/],
    ["steps:\n  - push: []\n", /push needs a list of images/],
    ["stages: []\nsteps:\n  - cmd: x\n", /unknown property 'stages'/],
  ])("%j is refused", (yaml, message) => {
    expect(() => parseTaskDefinition(yaml)).toThrow(TaskDefinitionError);
    expect(() => parseTaskDefinition(yaml)).toThrow(message);
  });
});

test("values files are maps of strings", () => {
  expect(parseValues("a: 1\nb: text\n")).toEqual({ a: "1", b: "text" });
  expect(() => parseValues("- a\n")).toThrow(/map of names to values/);
});
