// go-yaml v2's non-strict Unmarshal as acb uses it: unknown keys ignored, YAML 1.1 typing, text kept as
// written for string fields, the last of a repeated key, and type mismatches refused as go-yaml words them.
import { describe, expect, it } from "vitest";
import { refused, runs } from "../support/acrBuilder.js";

const prefix = "failed to unmarshal task before running: failed to deserialize task and validate: ";
const step = (fields: string) => runs(`steps:\n  - cmd: c\n${fields}`).task.steps[0]!;

describe("go-yaml v2 typing of task YAML", () => {
  it("ignores unknown keys (and records them), so a typo runs with the default", () => {
    const reading = runs("stepTimout: 5\nsteps:\n  - cmd: c\n    timout: 3\n");
    expect(reading.task.stepTimeout).toBe(600);
    expect(reading.task.steps[0]!.timeout).toBe(600);
    expect(reading.notes.unknownKeys).toMatchObject([
      { key: "stepTimout", line: 1, typeName: "graph.Task", path: "" },
      { key: "timout", line: 4, typeName: "graph.Step", path: "steps[0]" },
    ]);
  });

  it.each([
    ["yes", true],
    ["Yes", true],
    ["on", true],
    ["y", true],
    ["TRUE", true],
    ["no", false],
    ["Off", false],
    ["n", false],
  ])("reads %s as the YAML 1.1 boolean %s", (text, value) => {
    expect(step(`    ignoreErrors: ${text}\n`).ignoreErrors).toBe(value);
  });

  it.each([
    ["1.10", "1.10"],
    ["010", "010"],
    ["0x1F", "0x1F"],
    ["yes", "yes"],
    ["1e3", "1e3"],
    ["~", "acb_step_0"],
  ])("keeps id: %s as written (%s)", (text, id) => {
    expect(step(`    id: ${text}\n`).id).toBe(id);
  });

  it.each([
    ["0x10", 16],
    ["010", 8],
    ["0o10", 8],
    ["1_000", 1000],
    ["1.9", 1],
    ['!!int "42"', 42],
  ])("reads timeout: %s as the int %s", (text, value) => {
    expect(step(`    timeout: ${text}\n`).timeout).toBe(value);
  });

  it("keeps the last of a repeated key, and records the repeat", () => {
    const reading = runs("version: v1.0.0\nsteps:\n  - cmd: first\n    cmd: second\nversion: 1.0-preview-1\n");
    expect(reading.task.steps[0]!.cmd).toBe("second");
    expect(reading.task.version).toBe("1.0-preview-1");
    expect(reading.notes.repeatedKeys.map(({ key, line, firstLine }) => [key, line, firstLine])).toEqual([
      ["cmd", 4, 3],
      ["version", 5, 1],
    ]);
  });

  it("applies anchors, aliases and merge keys", () => {
    const { task } = runs(
      "x-defaults: &defaults\n  timeout: 30\n  retries: 2\nsteps:\n  - <<: *defaults\n    cmd: c\n    retries: 1\n",
    );
    expect(task.steps[0]).toMatchObject({ timeout: 30, retries: 1 });
  });

  it("refuses a scalar where a list is expected, a quoted number for an int, listing every mismatch", () => {
    expect(
      refused('steps:\n  - cmd: c\n    when: a\n    env: X=1\n    timeout: "600"\n    ignoreErrors: maybe\n'),
    ).toEqual({
      message:
        `${prefix}yaml: unmarshal errors:\n` +
        "  line 3: cannot unmarshal !!str `a` into []string\n" +
        "  line 4: cannot unmarshal !!str `X=1` into []string\n" +
        "  line 5: cannot unmarshal !!str `600` into int\n" +
        "  line 6: cannot unmarshal !!str `maybe` into bool",
      rule: "yaml-type",
      line: 3,
    });
  });

  it("words other mismatches as go-yaml does: maps, lists, long values, the task itself", () => {
    expect(refused("steps:\n  - cmd: {a: b}\n").message).toBe(
      `${prefix}yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into string`,
    );
    expect(refused("steps:\n  - cmd: [a]\n").message).toBe(
      `${prefix}yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string`,
    );
    expect(refused("steps:\n  - timeout: abcdefghijk\n").message).toContain(
      "cannot unmarshal !!str `abcdefg...` into int",
    );
    expect(refused("steps: build it\n").message).toContain(
      "line 1: cannot unmarshal !!str `build it` into []*graph.Step",
    );
    expect(refused("steps:\n  - just a string\n").message).toContain(
      "line 2: cannot unmarshal !!str `just a ...` into graph.Step",
    );
    expect(refused("- a\n- b\n").message).toBe(
      `${prefix}yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into graph.Task`,
    );
    expect(refused("steps:\n  - timeout: true\n").message).toContain("cannot unmarshal !!bool `true` into int");
  });

  it("refuses what stops go-yaml as a whole: a wrong explicit tag, a bad merge, invalid YAML", () => {
    expect(refused("steps:\n  - timeout: !!int abc\n").message).toBe(
      `${prefix}yaml: cannot decode !!str \`abc\` as a !!int`,
    );
    expect(refused("steps:\n  - <<: 5\n    cmd: c\n").message).toBe(
      `${prefix}yaml: map merge requires map or sequence of maps as the value`,
    );
    expect(refused("steps:\n  - cmd: a: b\n")).toMatchObject({ rule: "yaml-syntax", line: 2 });
    expect(refused("steps:\n  - cmd: a: b\n").message).toMatch(new RegExp(`^${prefix}yaml: line 2: `));
  });

  it("refuses a flow collection never closed, as libyaml does at the end of the text", () => {
    expect(refused("steps:\n  - cmd: [unclosed\n")).toMatchObject({
      message: `${prefix}yaml: line 3: did not find expected ',' or ']'`,
      rule: "yaml-syntax",
    });
    expect(refused("env: {A: 1\nsteps: []\n").message).toBe(`${prefix}yaml: line 3: did not find expected ',' or '}'`);
  });

  it("leaves `- ~` a nil step, on which acb crashes; `- Null` is an empty step", () => {
    expect(refused("steps:\n  - ~\n")).toMatchObject({ rule: "crash", stepIndex: 0 });
    expect(refused("steps:\n  - Null\n").message).toBe(
      "failed to unmarshal task before running: step is missing a cmd, build, or push property",
    );
  });

  it("reads only the first document", () => {
    expect(runs("steps:\n  - cmd: a\n---\nsteps: [\n").task.steps).toHaveLength(1);
  });
});
