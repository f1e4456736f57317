// acr-builder's graph test data (../shared/acr-builder/graph), read by the module with the outcome
// acr-builder's Go tests expect (graph/dag_test.go, graph/preprocessor_test.go).
import { describe, expect, it } from "vitest";
import { readTaskYaml } from "acr-tasks/task-yaml";
import { replaceAliases, separateAliasSection } from "../../../src/custom/taskYaml/alias.js";
import { acrBuilderFile, acrBuilderFiles, runs } from "./support/acrBuilder.js";

/** A v1.1.0 task whose alias section reads the given sources, with the files served from the test data. */
const aliasTask = (sources: string[], command: string) =>
  `version: v1.1.0\nalias:\n  src:\n${sources.map((s) => `    - ${s}\n`).join("")}steps:\n  - cmd: ${command}\n`;
const fromTestdata = (source: string) => acrBuilderFile(`graph/${source.replace(/^\.\//, "")}`);

describe("acr-builder's graph test data", () => {
  it("has 25 files: the 10 of graph/testdata here, the 15 of templating/testdata in acrBuilderTemplating.test.ts", () => {
    expect(acrBuilderFiles("graph")).toHaveLength(10);
    expect(acrBuilderFiles("templating")).toHaveLength(15);
  });

  describe("graph/testdata/acb.yaml (TestDagCreation_ValidFile)", () => {
    const { task, graph } = runs(acrBuilderFile("graph/testdata/acb.yaml"));
    const step = (id: string) => task.steps.find((candidate) => candidate.id === id)!;

    it("reads version v1.0.0 and each step as the test's expected Step", () => {
      expect(task.version).toBe("v1.0.0");
      expect(step("puller")).toMatchObject({
        cmd: "azure/images/docker pull ubuntu",
        entryPoint: "someEntryPoint",
        env: ["eric=foo", "foo=bar"],
        exitedWithout: [0, 255],
        timeout: 600,
        workingDirectory: "pullDir",
        network: "acb_default_network",
        retries: 5,
        retryDelay: 90,
        pull: true,
      });
      expect(step("C")).toMatchObject({
        when: ["-"],
        exitedWith: [0, 1, 2, 3, 4],
        ports: ["8000:8000", "8080:8080"],
        expose: ["80", "81"],
        keep: true,
        isolation: "default",
        env: ["foo=taskEnv"],
        retryDelay: 5,
      });
      expect(step("B")).toMatchObject({ when: ["C"], ignoreErrors: true, disableWorkingDirectoryOverride: true });
      expect(step("build-foo")).toMatchObject({ env: ["eric=foo", "foo=taskEnv"], when: ["build-qux"] });
      expect(step("build-qux")).toMatchObject({ detach: true, startDelay: 50, when: ["-"] });
      expect(step("build-qaz")).toMatchObject({
        kind: "build",
        build: "-f Dockerfile https://github.com/ehotinger/qaz --cache-from=ubuntu",
        privileged: true,
        user: "root",
        network: "host",
        repeat: 2,
        env: ["foo=taskEnv"],
      });
    });

    it("builds the test's graph: root -> puller, C -> B, build-qux -> build-foo -> build-qaz, build-bar", () => {
      expect(graph.roots.sort()).toEqual(["C", "build-bar", "build-qux", "puller"]);
      expect(graph.dependents).toEqual({
        puller: [],
        "build-qux": ["build-foo"],
        C: ["B"],
        "build-bar": [],
        B: [],
        "build-foo": ["build-qaz"],
        "build-qaz": [],
      });
      expect(graph.waves).toEqual([["puller", "build-qux", "C", "build-bar"], ["B", "build-foo"], ["build-qaz"]]);
    });
  });

  it("graph/testdata/buildx.yaml: cache enabled (any case) builds with buildx and the registry cache", () => {
    // Expected from graph/task.go's initialize and step.go's GetCmdWithCacheFlags: ids acb_step_0/1, the
    // cache image in the first tag's repository, tagged cache_<task name>_<step id> (quickrun for a quick run).
    const { task } = runs(acrBuilderFile("graph/testdata/buildx.yaml"), { run: { registry: "other.azurecr.io" } });
    const cacheFlags = (image: string) =>
      `--load --cache-to=type=registry,ref=${image},mode=max --cache-from=type=registry,ref=${image}`;
    expect(task.steps.map((step) => [step.id, step.usesBuildCache, step.buildCacheTag, step.build])).toEqual([
      [
        "acb_step_0",
        true,
        "cache_quickrun_acb_step_0",
        `${cacheFlags("shahzzzam.azurecr.io/repo:cache_quickrun_acb_step_0")} -t shahzzzam.azurecr.io/repo:tag .`,
      ],
      [
        "acb_step_1",
        true,
        "cache_quickrun_acb_step_1",
        `${cacheFlags("shahzzzam.azurecr.io/repo:cache_quickrun_acb_step_1")} -t shahzzzam.azurecr.io/repo:tag2 .`,
      ],
      [
        "myCustomStepID",
        true,
        "cache_quickrun_myCustomStepID",
        `${cacheFlags("shahzzzam.azurecr.io/foo:cache_quickrun_myCustomStepID")} -t shahzzzam.azurecr.io/foo .`,
      ],
    ]);
    expect(task.steps[0]!.tags).toEqual(["shahzzzam.azurecr.io/repo:tag"]);
    expect(task.initBuildkitContainer).toBe(true);
  });

  describe("graph/testdata/preprocessor (preprocessor_test.go)", () => {
    it("valid-external.yaml (Valid Files) and valid-remote.yaml (Valid Remote) define their aliases", () => {
      const { task } = runs(
        aliasTask(
          ["./testdata/preprocessor/valid-external.yaml", "./testdata/preprocessor/valid-remote.yaml"],
          "$git clone x && $singularity && $pack && $docker $cache",
        ),
        {
          readAliasSource: fromTestdata,
        },
      );
      expect(task.steps[0]!.cmd).toBe(
        "azure/images/git clone x && mcr.microsoft.com/acr-task-commands/singularity-builder:3.3 && " +
          "mcr.microsoft.com/azure-task-commands/buildpack:latest pack && azure/images/docker --cache-from=ubuntu",
      );
    });

    it("the task's own values take precedence over a source (Precedence in override)", () => {
      const task = aliasTask(["./testdata/preprocessor/valid-external.yaml"], "$singularity").replace(
        "steps:",
        "  values:\n    singularity: something-else\nsteps:",
      );
      expect(runs(task, { readAliasSource: fromTestdata }).task.steps[0]!.cmd).toBe("something-else");
    });

    it("empty-external.yaml (Empty File) adds nothing and is no error", () => {
      const { task } = runs(aliasTask(["./testdata/preprocessor/empty-external.yaml"], "$d"), {
        readAliasSource: fromTestdata,
      });
      expect(task.steps[0]!.cmd).toBe("$d");
    });

    it("alphanumeric-external.yaml defines the 62 one-character aliases the stress test chains", () => {
      const { task } = runs(aliasTask(["./testdata/preprocessor/alphanumeric-external.yaml"], "$a$Z$0-$n$Y"), {
        readAliasSource: fromTestdata,
      });
      expect(task.steps[0]!.cmd).toBe("aZ0-nY");
    });

    it.each(["invalid-external.yaml", "invalid-remote.yaml"])(
      "%s (Improperly Formatted) is an alias error: acb then runs nothing",
      (file) => {
        const reading = readTaskYaml(aliasTask([`./testdata/preprocessor/${file}`], "echo hi"), {
          readAliasSource: fromTestdata,
        });
        expect(reading).toMatchObject({ outcome: "nothing-to-run" });
        expect((reading as { reason: string }).reason).toMatch(/^unable to search\/replace aliases in task: yaml: /);
      },
    );

    it("valid-alias.yaml is a v1.0.0 task: its alias section is an ignored key and $names stay as written", () => {
      const reading = runs(acrBuilderFile("graph/testdata/preprocessor/valid-alias.yaml"));
      expect(reading.task.aliases).toBe(false);
      expect(reading.task.steps.map((step) => step.id)).toEqual([
        "puller",
        "build-qux",
        "C",
        "build-bar",
        "B",
        "build-foo",
        "build-qaz",
      ]);
      expect(reading.task.steps[1]!.cmd).toBe("azure/images/acr-builder build -f Dockerfile $qux --cache-from=ubuntu");
      expect(reading.notes.unknownKeys.map((key) => key.key)).toEqual(["alias", "test"]);
    });

    describe("preprocessing-stress.yaml (TestPreProcessBytes)", () => {
      // The Go test preprocesses each section directly (in a task, acb applies aliases only when `version`
      // is the first line, which is not the case here), then compares the YAML read from both texts.
      const sections = stressSections(acrBuilderFile("graph/testdata/preprocessor/preprocessing-stress.yaml"));
      const preprocess = (text: string) => {
        const { alias, rest } = separateAliasSection(text);
        return replaceAliases(alias, rest, "linux", fromTestdata).text;
      };
      const steps = (text: string) => runs(text).task.steps.map(({ line, index, ...step }) => step);
      it.each([
        ["Chaining Directive Unicode", "Expected"],
        ["Multiline Alias", "Expected"],
        ["Escape", "Expected Escape"],
        ["Expected", "Expected"],
        ["Alias No Use", "Expected"],
      ])("%s reads as %s", (name, expected) => {
        expect(steps(preprocess(sections.get(name)!))).toEqual(steps(sections.get(expected)!));
      });

      it("in a task whose first line is not `version`, acb applies no alias", () => {
        const text = sections.get("Escape")!;
        expect(runs(text).task.steps[0]!.id).toBe("$$puller");
      });
    });
  });
});

/** extractTaskYamls of preprocessor_test.go: one task per top-level key, its two-space indent removed. */
function stressSections(text: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current = "Comments";
  let buffer = "";
  for (const line of text.split("\n")) {
    if (/^[^\s:]+[^:]*:.*$/.test(line)) {
      sections.set(current, buffer);
      buffer = "";
      current = /[^\s:]+[^:]*/.exec(line)![0].trim();
    } else buffer += `${line.length >= 2 ? line.slice(2) : line}\n`;
  }
  sections.set(current, buffer);
  return sections;
}
