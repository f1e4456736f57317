// The cases issue 18 lists, each read as acb reads it: what ACR runs, what ACR refuses (with acb's message),
// and how acb schedules the steps.
import { describe, expect, it } from "vitest";
import { readTaskYaml } from "acr-tasks/task-yaml";
import { refused, runs } from "./support/acrBuilder.js";

const unmarshal = "failed to unmarshal task before running: ";

describe("issue 18: what ACR runs", () => {
  it("ignores unknown keys: a typo such as stepTimout runs with the default", () => {
    expect(runs("stepTimout: 60\nsteps:\n  - cmd: bash echo hi\n").task.steps[0]!.timeout).toBe(600);
  });

  it("applies v1.1.0 aliases: the alias section, the default aliases, and $ directives", () => {
    const { task } = runs(
      "version: v1.1.0\nalias:\n  values:\n    greet: echo hi\nsteps:\n  - cmd: bash $greet from $Registry\n  - cmd: az version\n",
      { run: { registry: "r.azurecr.io" } },
    );
    expect(task.steps.map((step) => step.cmd)).toEqual([
      "mcr.microsoft.com/acr/bash:7fcc50e echo hi from r.azurecr.io",
      "mcr.microsoft.com/acr/azure-cli:7fcc50e version",
    ]);
  });

  it.each(["1.0-preview-1", "V1.0.0"])("accepts version %s (compared in lower case)", (version) => {
    expect(runs(`version: ${version}\nsteps:\n  - cmd: c\n`).task.version).toBe(version);
  });

  it("accepts a task with no steps", () => {
    expect(runs("version: v1.0.0\nsteps: []\n").task.steps).toEqual([]);
  });

  it.each(["0", "-30"])("uses the default for timeout: %s", (timeout) => {
    expect(runs(`steps:\n  - cmd: c\n    timeout: ${timeout}\n`).task.steps[0]!.timeout).toBe(600);
  });

  it("keeps id: 1.10 as written", () => {
    expect(runs("steps:\n  - id: 1.10\n    cmd: c\n").task.steps[0]!.id).toBe("1.10");
  });

  it("renders a missing value as empty text", () => {
    expect(runs("steps:\n  - cmd: echo [{{.Values.missing}}]\n").task.steps[0]!.cmd).toBe("echo []");
  });

  it("reaches nested values (.Values.a.b) where acb can: a nested map from a values file stops acb at .ValuesJSON", () => {
    // templating/base_render_options.go serialises .Values with json.Marshal, which refuses go-yaml v2's nested
    // map[interface{}]interface{}: nested lookups work on maps acb builds (dict), not on a values file's.
    expect(runs('steps:\n  - cmd: echo {{ (dict "a" (dict "b" "deep")).a.b }}\n').task.steps[0]!.cmd).toBe("echo deep");
    expect(refused("steps:\n  - cmd: echo {{.Values.a.b}}\n", { values: { file: "a:\n  b: c\n" } }).message).toBe(
      "unable to render task: failed to override values: failed to serialize Values: json: unsupported type: map[interface {}]interface {}",
    );
  });

  it("has the sprig functions: upper, b64enc", () => {
    const { task } = runs('steps:\n  - cmd: echo {{ "a" | upper }} {{ "hi" | b64enc }}\n');
    expect(task.steps[0]!.cmd).toBe("echo A aGk=");
  });

  it("renders {{.Run.GitTag}}, {{.Run.TriggeredBy}} and {{.Build.ID}}", () => {
    const { task } = runs("steps:\n  - cmd: echo {{.Run.GitTag}} {{.Run.TriggeredBy}} {{.Build.ID}}\n", {
      run: { gitTag: "v1", triggeredBy: "Commit", id: "ca9" },
    });
    expect(task.steps[0]!.cmd).toBe("echo v1 Commit ca9");
  });

  it("drops templates on # comment lines before rendering", () => {
    expect(runs("steps:\n  # {{ .Values.nope.deeper }} {{ unclosed\n  - cmd: c\n").task.steps).toHaveLength(1);
  });

  it("reads YAML 1.1 booleans as booleans (ignoreErrors: yes)", () => {
    expect(runs("steps:\n  - cmd: c\n    ignoreErrors: yes\n").task.steps[0]!.ignoreErrors).toBe(true);
  });
});

describe("issue 18: what ACR refuses", () => {
  const step2 = (fields: string) => `steps:\n  - id: a\n    cmd: c\n${fields}`;
  it.each([
    [
      "a when naming a later step",
      step2("    when: [b]\n  - id: b\n    cmd: c\n"),
      `${unmarshal}b does not exist as a vertex [from: b, to: a]`,
    ],
    ["a when naming the step itself", step2("    when: [a]\n"), `${unmarshal}Step ID: a is self-referenced`],
    [
      "a when naming an unknown id",
      step2("    when: [zz]\n"),
      `${unmarshal}zz does not exist as a vertex [from: zz, to: a]`,
    ],
    [
      "a cycle",
      step2("    when: [b]\n  - id: b\n    cmd: c\n    when: [a]\n"),
      `${unmarshal}b does not exist as a vertex [from: b, to: a]`,
    ],
    [
      '["-", "a"]',
      step2("  - id: b\n    cmd: c\n    when: ['-', a]\n"),
      `${unmarshal}step cannot contain other IDs in when if the immediate execution token is specified`,
    ],
    ["negative retries", step2("    retries: -1\n"), `${unmarshal}step must specify retries >= 0`],
    ["negative repeat", step2("    repeat: -1\n"), `${unmarshal}step must specify repeat >= 0`],
    ["an id with a space", "steps:\n  - id: a b\n    cmd: c\n", `${unmarshal}step ID cannot contain spaces`],
    [
      "the id acb_root",
      "steps:\n  - id: acb_root\n    cmd: c\n",
      `${unmarshal}acb_root is a reserved ID, it can't be used`,
    ],
    [
      "cache: sometimes",
      "steps:\n  - build: .\n    cache: sometimes\n",
      `${unmarshal}invalid value for cache property. Valid values are 'enabled', 'disabled'`,
    ],
    [
      "when: a",
      step2("    when: a\n"),
      `${unmarshal}failed to deserialize task and validate: yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str \`a\` into []string`,
    ],
    [
      "env: X=1",
      step2("    env: X=1\n"),
      `${unmarshal}failed to deserialize task and validate: yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str \`X=1\` into []string`,
    ],
    [
      "a quoted number for timeout",
      step2("    timeout: '600'\n"),
      `${unmarshal}failed to deserialize task and validate: yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str \`600\` into int`,
    ],
    [
      "a task env entry without =",
      "env: [NOVALUE]\nsteps:\n  - cmd: c\n",
      `${unmarshal}failed to merge task and step environment variables: cannot parse task environment variable NOVALUE correctly`,
    ],
    [
      "a secret with neither keyvault nor clientID",
      "secrets:\n  - id: s\nsteps:\n  - cmd: c\n",
      "unable to render task: failed to resolve secrets in the task with error: failed to parse template to create task: failed to validate secret with ID: s: secret should contain either keyvault property for vault secret, or msi clientID/aadResourceId for msi authentication",
    ],
    [
      "version: v1.2.0",
      "version: v1.2.0\nsteps:\n  - cmd: c\n",
      `${unmarshal}invalid version specified: "v1.2.0", the current version is "v1.0.0"`,
    ],
    [
      "an unclosed {{",
      "steps:\n  - cmd: echo {{ .Run.ID\n",
      "unable to render task: error while rendering templates: failed to parse template: decoded. Err: template: decoded:3: unclosed action started at decoded:2",
    ],
  ])("%s", (_case, text, message) => {
    expect(refused(text).message).toBe(message);
  });
});

describe("issue 18: how acb schedules the steps", () => {
  it('starts when: ["-"] steps at once, in parallel; others after the step before them or their when', () => {
    const { graph } = runs(
      "steps:\n  - id: a\n    cmd: c\n  - id: b\n    cmd: c\n    when: ['-']\n  - id: c\n    cmd: c\n  - id: d\n    cmd: c\n    when: [a]\n",
    );
    expect(graph.roots).toEqual(["a", "b"]);
    expect(graph.waves).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(graph.dependsOn).toEqual({ a: [], b: [], c: ["b"], d: ["a"] });
  });

  it("says which refusal prefix acb prints: unable to render task, or failed to unmarshal task before running", () => {
    const render = readTaskYaml("steps:\n  - cmd: {{ nosuch }}\n");
    const unmarshalled = readTaskYaml("steps:\n  - cmd: c\n    retries: -1\n");
    expect(render.outcome === "refused" && render.refusal.message).toMatch(/^unable to render task: /);
    expect(unmarshalled.outcome === "refused" && unmarshalled.refusal.message).toMatch(
      /^failed to unmarshal task before running: /,
    );
  });
});
