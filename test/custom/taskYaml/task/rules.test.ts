// Each rule of acb's graph/task.go, step.go, dag.go, secrets, volumes and networks, both ways: what acb
// accepts (and how it defaults it) and what it refuses, with its message.
import { describe, expect, it } from "vitest";
import { refused, runs } from "../support/acrBuilder.js";

const unmarshal = "failed to unmarshal task before running: ";
const validate = `${unmarshal}failed to deserialize task and validate: `;
const task = (steps: string, top = "") => `${top}steps:\n${steps}`;

describe("acb's task rules", () => {
  describe("version", () => {
    it.each([
      "",
      "version: v1.0.0\n",
      "version: V1.0.0\n",
      "version: 1.0-preview-1\n",
      "version: v1.1.0\n",
      "version: V1.1.0\n",
    ])("accepts %j", (line) => {
      expect(runs(`${line}steps:\n  - cmd: c\n`).task.version).toBe(line ? line.slice(9, -1) : "v1.0.0");
    });
    it.each(["v1.2.0", "1.0.0", "v1", "v1.0.0-alpha", "foo"])("refuses %s", (version) => {
      expect(refused(`version: ${version}\nsteps:\n  - cmd: c\n`)).toEqual({
        message: `${unmarshal}invalid version specified: "${version}", the current version is "v1.0.0"`,
        rule: "version",
        line: 1,
      });
    });
  });

  it("accepts a task with no steps (empty, steps: [], or no steps key)", () => {
    for (const text of ["", "steps: []\n", "version: v1.0.0\n", "# just a comment\n"])
      expect(runs(text).task.steps).toEqual([]);
  });

  describe("step kind", () => {
    it("accepts exactly one of cmd, build and push", () => {
      const { task: read } = runs(task("  - cmd: c\n  - build: -t a .\n  - push: [a]\n"));
      expect(read.steps.map((step) => step.kind)).toEqual(["cmd", "build", "push"]);
    });
    it("refuses none, and two", () => {
      expect(refused(task("  - id: a\n")).message).toBe(`${unmarshal}step is missing a cmd, build, or push property`);
      expect(refused(task("  - cmd: c\n    build: .\n")).message).toBe(
        `${unmarshal}step must only contain a single build, cmd, or push property`,
      );
      expect(refused(task("  - build: .\n    push: [a]\n")).rule).toBe("step-kind");
    });
  });

  describe("step id", () => {
    it("defaults to acb_step_<index> and accepts any id without whitespace", () => {
      expect(runs(task("  - cmd: a\n  - id: my-step.1\n    cmd: b\n  - cmd: c\n")).task.steps.map((s) => s.id)).toEqual(
        ["acb_step_0", "my-step.1", "acb_step_2"],
      );
    });
    it("refuses whitespace, the reserved acb_root, and an id used twice (also a default one)", () => {
      expect(refused(task("  - id: my step\n    cmd: c\n"))).toMatchObject({
        message: `${unmarshal}step ID cannot contain spaces`,
        line: 2,
      });
      expect(refused(task('  - id: "a\\tb"\n    cmd: c\n')).rule).toBe("step-id");
      expect(refused(task("  - id: acb_root\n    cmd: c\n")).message).toBe(
        `${unmarshal}acb_root is a reserved ID, it can't be used`,
      );
      expect(refused(task("  - id: a\n    cmd: c\n  - id: a\n    cmd: d\n")).message).toBe(
        `${unmarshal}a already exists as a vertex`,
      );
      expect(refused(task("  - cmd: c\n  - id: acb_step_0\n    cmd: d\n")).message).toBe(
        `${unmarshal}acb_step_0 already exists as a vertex`,
      );
    });
  });

  describe("retries and repeat", () => {
    it("accept zero and more", () => {
      expect(runs(task("  - cmd: c\n    retries: 0\n    repeat: 3\n")).task.steps[0]).toMatchObject({
        retries: 0,
        repeat: 3,
      });
    });
    it("refuse negative numbers", () => {
      expect(refused(task("  - cmd: c\n    retries: -1\n"))).toEqual({
        message: `${unmarshal}step must specify retries >= 0`,
        rule: "retries",
        line: 3,
        stepId: "acb_step_0",
        stepIndex: 0,
      });
      expect(refused(task("  - cmd: c\n    repeat: -2\n")).message).toBe(`${unmarshal}step must specify repeat >= 0`);
    });
  });

  describe("when", () => {
    it('accepts ["-"], earlier steps, and nothing (after the previous step)', () => {
      const { graph } = runs(
        task(
          "  - id: a\n    cmd: c\n  - id: b\n    cmd: c\n    when: ['-']\n  - id: c\n    cmd: c\n    when: [a, b]\n  - id: d\n    cmd: c\n",
        ),
      );
      expect(graph.dependsOn).toEqual({ a: [], b: [], c: ["a", "b"], d: ["c"] });
      expect(graph.waves).toEqual([["a", "b"], ["c"], ["d"]]);
    });
    it("refuses a later step, an unknown id, the step itself, an empty id, and '-' with ids", () => {
      expect(refused(task("  - id: a\n    cmd: c\n    when: [b]\n  - id: b\n    cmd: c\n"))).toMatchObject({
        message: `${unmarshal}b does not exist as a vertex [from: b, to: a]`,
        rule: "when",
        line: 4,
        stepId: "a",
      });
      expect(refused(task("  - id: a\n    cmd: c\n    when: [nope]\n")).message).toBe(
        `${unmarshal}nope does not exist as a vertex [from: nope, to: a]`,
      );
      expect(refused(task("  - id: a\n    cmd: c\n    when: [a]\n")).message).toBe(
        `${unmarshal}Step ID: a is self-referenced`,
      );
      expect(refused(task("  - id: a\n    cmd: c\n    when: ['']\n")).message).toBe(`${unmarshal}from cannot be empty`);
      expect(refused(task("  - id: a\n    cmd: c\n  - id: b\n    cmd: c\n    when: ['-', a]\n")).message).toBe(
        `${unmarshal}step cannot contain other IDs in when if the immediate execution token is specified`,
      );
    });
    it("refuses a cycle: one of its steps names a later one", () => {
      expect(refused(task("  - id: a\n    cmd: c\n    when: [b]\n  - id: b\n    cmd: c\n    when: [a]\n")).rule).toBe(
        "when",
      );
    });
    it("accepts a step named twice in when, which acb then never starts", () => {
      const { graph } = runs(task("  - id: a\n    cmd: c\n  - id: b\n    cmd: c\n    when: [a, a]\n"));
      expect(graph.neverStarts).toEqual(["b"]);
    });
  });

  describe("cache", () => {
    it.each(["enabled", "Enabled", "disabled", "DISABLED"])("accepts %s", (value) => {
      expect(runs(task(`  - build: -t a .\n    cache: ${value}\n`)).task.steps[0]!.cache).toBe(value);
    });
    it("refuses anything else", () => {
      expect(refused(task("  - build: -t a .\n    cache: sometimes\n")).message).toBe(
        `${unmarshal}invalid value for cache property. Valid values are 'enabled', 'disabled'`,
      );
    });
  });

  describe("env", () => {
    it("merges task env (split on commas) after a step's own, which wins", () => {
      const { task: read } = runs(task("  - cmd: c\n    env: [A=step]\n", "env: ['A=task,B=2', C=3]\n"));
      expect(read.steps[0]!.env).toEqual(["A=step", "B=2", "C=3"]);
    });
    it("refuses a task entry without =, and a step entry without = when the task has env", () => {
      expect(refused(task("  - cmd: c\n", "env: [A]\n")).message).toBe(
        `${unmarshal}failed to merge task and step environment variables: cannot parse task environment variable A correctly`,
      );
      expect(refused(task("  - cmd: c\n", "env: ['A=1,B']\n")).message).toContain(
        "cannot parse task environment variable B correctly",
      );
      expect(refused(task("  - cmd: c\n    env: [X]\n", "env: [A=1]\n")).message).toBe(
        `${unmarshal}failed to merge task and step environment variables: cannot parse step environment variable X correctly`,
      );
    });
    it("accepts a step entry without = when the task has no env (acb does not look at it)", () => {
      expect(runs(task("  - cmd: c\n    env: [X]\n")).task.steps[0]!.env).toEqual(["X"]);
    });
  });

  describe("timeouts and retry delay", () => {
    it("replace zero and negative values by acb's defaults", () => {
      const { task: read, notes } = runs(
        task("  - cmd: c\n    timeout: 0\n    retryDelay: -1\n  - cmd: c\n    timeout: -5\n", "stepTimeout: 0\n"),
      );
      expect(read.stepTimeout).toBe(600);
      expect(read.steps.map((s) => [s.timeout, s.retryDelay])).toEqual([
        [600, 5],
        [600, 5],
      ]);
      expect(notes.replacedDefaults.map((r) => [r.key, r.given, r.used, r.line])).toEqual([
        ["stepTimeout", 0, 600, 1],
        ["timeout", 0, 600, 4],
        ["retryDelay", -1, 5, 5],
        ["timeout", -5, 600, 7],
      ]);
    });
    it("give steps the task's stepTimeout when they have none", () => {
      expect(
        runs(task("  - cmd: c\n  - cmd: d\n    timeout: 5\n", "stepTimeout: 90\n")).task.steps.map((s) => s.timeout),
      ).toEqual([90, 5]);
    });
  });

  describe("secrets", () => {
    const secrets = (entries: string) => `secrets:\n${entries}steps:\n  - cmd: c\n`;
    const render =
      "unable to render task: failed to resolve secrets in the task with error: failed to parse template to create task: ";
    it("accept a key vault secret, with a GUID client id or without", () => {
      const { task: read } = runs(
        secrets(
          "  - id: a\n    keyvault: https://v.vault.azure.net/secrets/a\n  - id: b\n    keyvault: https://v.vault.azure.net/secrets/b\n    clientID: c72b2df0-b9d8-4ac6-9363-7c1eb06c1c86\n",
        ),
      );
      expect(read.secrets.map((secret) => secret.id)).toEqual(["a", "b"]);
    });
    it("refuse a secret without keyvault (clientID alone is not enough), a bad GUID, no id, spaces, a repeated id", () => {
      expect(refused(secrets("  - id: a\n    clientID: c72b2df0-b9d8-4ac6-9363-7c1eb06c1c86\n"))).toMatchObject({
        message: `${render}failed to validate secret with ID: a: secret should contain either keyvault property for vault secret, or msi clientID/aadResourceId for msi authentication`,
        rule: "secret",
        line: 2,
      });
      expect(refused(secrets("  - id: a\n    keyvault: k\n    clientID: nope\n")).message).toBe(
        `${render}failed to validate secret with ID: a: msi client ID is not a valid guid`,
      );
      expect(refused(secrets("  - keyvault: k\n")).message).toBe(
        `${render}secret is missing an ID as well as auto-generated ID`,
      );
      expect(refused(secrets("  - id: a b\n    keyvault: k\n")).message).toBe(
        `${render}failed to validate secret with ID: a b: secret ID cannot contain spaces`,
      );
      expect(refused(secrets("  - id: a\n    keyvault: k\n  - id: a\n    keyvault: l\n")).message).toBe(
        `${render}duplicate secret found with ID: a`,
      );
    });
  });

  describe("volumes and volume mounts", () => {
    const volumes = (
      entries: string,
      steps = "  - cmd: c\n    volumeMounts:\n      - name: v\n        mountPath: /run/v\n",
    ) => `volumes:\n${entries}steps:\n${steps}`;
    it("accept a secret volume mounted by a cmd step", () => {
      expect(runs(volumes("  - name: v\n    secret:\n      file.txt: aGk=\n")).task.volumes).toEqual([
        { name: "v", secret: { "file.txt": "aGk=" } },
      ]);
    });
    it.each([
      ["  - name: ''\n    secret: {a: b}\n", "volume name is empty"],
      ["  - name: v\n", "only type Source type Secret supported"],
      ["  - name: 'v w'\n    secret: {a: b}\n", "volume name is not well formed. Only use alphanumeric and - _"],
      ["  - name: v\n    secret: {}\n", "secret is empty"],
      ["  - name: v\n    secret: {'a/b': c}\n", "file name, a/b, is not well formed. Only use alphanumeric and - _ ."],
      ["  - name: v\n    secret: {a: b}\n  - name: v\n    secret: {c: d}\n", "volume with duplicate name found"],
    ])("refuse %j: %s", (entries, problem) => {
      expect(refused(volumes(entries)).message).toBe(`${validate}${problem}`);
    });
    it("refuse a mount of an undeclared volume, on a build step, without a path, or twice on one path", () => {
      const v = "  - name: v\n    secret: {a: b}\n";
      expect(
        refused(volumes(v, "  - cmd: c\n    volumeMounts:\n      - name: w\n        mountPath: /x\n")).message,
      ).toBe(`${validate}provided mount name does not correspond to a volume`);
      expect(
        refused(volumes(v, "  - build: .\n    volumeMounts:\n      - name: v\n        mountPath: /x\n")).message,
      ).toBe(`${unmarshal}invalid use of Mounts. Mounts must have unique container paths and used for CMD steps`);
      expect(refused(volumes(v, "  - cmd: c\n    volumeMounts:\n      - name: v\n")).message).toBe(
        `${unmarshal}mount name or container file path is empty`,
      );
      expect(
        refused(
          volumes(
            v,
            "  - cmd: c\n    volumeMounts:\n      - {name: v, mountPath: /x}\n      - {name: v, mountPath: /x}\n",
          ),
        ).message,
      ).toBe(`${unmarshal}mount with duplicate container file path found`);
    });
  });

  describe("networks", () => {
    it("add acb_default_network (bridge) when the task declares none, and put every step on it", () => {
      const { task: read } = runs(task("  - cmd: c\n  - cmd: d\n    network: host\n"));
      expect(read.networks).toEqual([
        { name: "acb_default_network", driver: "bridge", ipv6: false, skipCreation: false, isDefault: true },
      ]);
      expect(read.steps.map((step) => step.network)).toEqual(["acb_default_network", "host"]);
    });
    it("use the last declared default network, and no default when none is marked", () => {
      const marked = runs(
        task(
          "  - cmd: c\n",
          "networks:\n  - name: a\n    isDefault: true\n  - name: b\n    isDefault: true\n  - name: c\n",
        ),
      );
      expect(marked.task.steps[0]!.network).toBe("b");
      const unmarked = runs(task("  - cmd: c\n", "networks:\n  - name: a\n"));
      expect(unmarked.task.steps[0]!.network).toBe("");
    });
    it("crash on a null network, as acb does", () => {
      expect(refused(task("  - cmd: c\n", "networks:\n  - ~\n")).rule).toBe("crash");
    });
  });

  describe("push and build", () => {
    it("normalise pushed images (:latest added, duplicates dropped) and read a build's tags and build args", () => {
      const { task: read } = runs(
        task("  - push: [a, 'a:latest', b@sha256:abc, 'r:5000/c:1']\n  - build: -t x:1 --tag y --build-arg K=V .\n"),
      );
      expect(read.steps[0]!.push).toEqual(["a:latest", "b@sha256:abc", "r:5000/c:1"]);
      expect(read.steps[1]).toMatchObject({ tags: ["x:1", "y"], buildArgs: ["K=V"] });
    });
  });
});
