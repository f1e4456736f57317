// readTaskYaml, what a runner executes: the resolved task, its graph, acb's log lines, and the outcomes other
// than running (refused, nothing to run, not evaluated), with the run data and sources supplied.
import { describe, expect, it } from "vitest";
import { ALIAS_SUPPORT_LOG_LINE, DEFAULT_NETWORK_NAME, readTaskYaml } from "acr-tasks/task-yaml";
import { runs } from "./support/acrBuilder.js";

describe("readTaskYaml", () => {
  it("resolves every step field as acb types and defaults it", () => {
    const { task } = runs(
      "stepTimeout: 90\nenv: [A=1]\nsteps:\n  - id: s\n    cmd: bash echo\n    entryPoint: sh\n    user: root\n    cpus: '2'\n    ports: ['80:80']\n    expose: ['80']\n    exitedWith: [0, 1]\n    startDelay: 3\n    retries: 2\n    retryOnErrors: [timeout]\n    repeat: 1\n    keep: true\n    detach: on\n    privileged: true\n    pull: yes\n",
    );
    expect(task.steps[0]).toEqual({
      id: "s",
      index: 0,
      line: 4,
      kind: "cmd",
      cmd: "bash echo",
      build: "",
      push: [],
      tags: [],
      buildArgs: [],
      cache: "",
      usesBuildCache: false,
      buildCacheTag: undefined,
      workingDirectory: "",
      entryPoint: "sh",
      user: "root",
      network: DEFAULT_NETWORK_NAME,
      isolation: "",
      cpus: "2",
      env: ["A=1"],
      expose: ["80"],
      ports: ["80:80"],
      when: [],
      exitedWith: [0, 1],
      exitedWithout: [],
      timeout: 90,
      startDelay: 3,
      retryDelay: 5,
      retries: 2,
      retryOnErrors: ["timeout"],
      repeat: 1,
      keep: true,
      detach: true,
      privileged: true,
      ignoreErrors: false,
      disableWorkingDirectoryOverride: false,
      pull: true,
      volumeMounts: [],
    });
    expect(task).toMatchObject({
      version: "v1.0.0",
      stepTimeout: 90,
      env: ["A=1"],
      taskName: "quickrun",
      aliases: false,
    });
  });

  it("takes the run's task name, registry and OS, and acb's --network, --env and --working-directory defaults", () => {
    const { task } = runs("steps:\n  - build: -t app .\n    cache: enabled\n  - cmd: c\n    env: [B=2]\n", {
      run: { taskName: "nightly", registry: "r.azurecr.io", os: "linux" },
      defaults: { network: "ext", env: ["A=1,B=1"], workingDirectory: "/w" },
    });
    expect(task.networks).toEqual([
      { name: "ext", driver: "external", ipv6: false, skipCreation: true, isDefault: true },
    ]);
    expect(task.steps.map((step) => [step.network, step.env, step.workingDirectory])).toEqual([
      ["ext", ["A=1", "B=1"], "/w"],
      ["ext", ["B=2", "A=1"], "/w"],
    ]);
    expect(task.steps[0]!.build).toBe(
      "--load --cache-to=type=registry,ref=r.azurecr.io/app:cache_nightly_acb_step_0,mode=max --cache-from=type=registry,ref=r.azurecr.io/app:cache_nightly_acb_step_0 -t app .",
    );
  });

  it("on Windows: the default network's driver is nat and acb logs that it builds without the cache", () => {
    const reading = runs("steps:\n  - build: -t app .\n    cache: enabled\n", { run: { os: "windows" } });
    expect(reading.task.networks[0]!.driver).toBe("nat");
    expect(reading.task.steps[0]!.build).toBe("-t app .");
    expect(reading.log).toEqual(["build cache is not supported on windows. Will use standard docker build"]);
  });

  it("logs acb's alias line for v1.1.0, reads alias sources through the reader, and names the template in errors", () => {
    const task = "version: v1.1.0\nalias:\n  src: [./aliases.yaml]\nsteps:\n  - cmd: $tool run\n";
    const reading = runs(task, {
      readAliasSource: (source) => (source === "./aliases.yaml" ? "tool: mcr.microsoft.com/x:1\n" : undefined),
    });
    expect(reading.log).toEqual([ALIAS_SUPPORT_LOG_LINE]);
    expect(reading.task.steps[0]!.cmd).toBe("mcr.microsoft.com/x:1 run");

    const failing = readTaskYaml(task, {
      readAliasSource: () => {
        throw new Error("open ./aliases.yaml: no such file or directory");
      },
    });
    expect(failing).toMatchObject({
      outcome: "nothing-to-run",
      reason: "unable to search/replace aliases in task: open ./aliases.yaml: no such file or directory",
      log: [ALIAS_SUPPORT_LOG_LINE],
    });

    const named = readTaskYaml("steps:\n  - cmd: {{ bad }}\n", { templateName: "acb.yaml" });
    expect(named.outcome === "refused" && named.refusal.message).toContain(
      'template: acb.yaml:2: function "bad" not defined',
    );
  });

  it("refuses with acb's message and points at the line given; an alias section's template error names aliasData", () => {
    const reading = readTaskYaml("version: v1.1.0\nalias:\n  values:\n    a: '{{ .Run.ID'\nsteps:\n  - cmd: c\n");
    expect(reading).toMatchObject({
      outcome: "refused",
      refusal: {
        message:
          "unable to render alias data: error while rendering templates: failed to parse template: aliasData. Err: template: aliasData:3: bad character U+0027 '''",
        rule: "template",
        line: 4,
      },
    });
    // An unclosed action is reported where the text ends; the refusal points at the line it started on, also
    // when the template's name has a colon in it.
    for (const templateName of ["decoded", "c:/tasks/acb.yaml"]) {
      const unclosed = readTaskYaml("steps:\n  - cmd: echo {{ .Run.ID\n", { templateName });
      expect(unclosed).toMatchObject({
        outcome: "refused",
        refusal: { message: expect.stringContaining(`unclosed action started at ${templateName}:2`), line: 2 },
      });
    }
  });

  it("does not evaluate functions whose result only ACR knows", () => {
    expect(readTaskYaml("steps:\n  - cmd: echo {{ uuidv4 }}\n")).toMatchObject({
      outcome: "not-checked",
      reason: "the template calls uuidv4, which only ACR can evaluate",
      functionName: "uuidv4",
    });
  });

  it("hands the rendered text and the graph a runner schedules by", () => {
    const reading = runs("steps:\n  - id: a\n    cmd: {{.Run.ID}}\n  - id: b\n    cmd: c\n    when: ['-']\n", {
      run: { id: "ca1" },
    });
    expect(reading.rendered).toBe("steps:\n  - id: a\n    cmd: ca1\n  - id: b\n    cmd: c\n    when: ['-']\n");
    expect(reading.graph).toEqual({
      order: ["a", "b"],
      dependsOn: { a: [], b: [] },
      dependents: { a: [], b: [] },
      roots: ["a", "b"],
      waves: [["a", "b"]],
      neverStarts: [],
    });
  });
});
