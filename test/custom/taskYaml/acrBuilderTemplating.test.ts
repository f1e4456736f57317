// acr-builder's templating test data (../shared/acr-builder/templating), read by the module with the outcome
// acr-builder's Go tests expect (templating/base_render_options_test.go, values_test.go).
import { describe, expect, it } from "vitest";
import { executeTemplate } from "../../../src/custom/taskYaml/goTemplate/exec.js";
import { templateFunctions } from "../../../src/custom/taskYaml/goTemplate/funcTable.js";
import type { GoValue } from "../../../src/custom/taskYaml/goTemplate/goValues.js";
import { parseTemplate } from "../../../src/custom/taskYaml/goTemplate/parser.js";
import { deserializeValues, overrideValues } from "../../../src/custom/taskYaml/values.js";
import { acrBuilderFile, runs } from "./support/acrBuilder.js";

/** text/template's Execute (no missingkey option), as the Go tests call it on decoded values. */
function execute(template: string, data: GoValue): string {
  const parsed = parseTemplate("_", template, (name) => templateFunctions.has(name));
  return executeTemplate(parsed, data, { name: "_", text: template, funcs: templateFunctions }).output;
}

describe("acr-builder's templating test data", () => {
  it("caching/cache.yaml renders with caching/values.yaml exactly as TestLoadAndRenderSteps expects", () => {
    const reading = runs(acrBuilderFile("templating/testdata/caching/cache.yaml"), {
      values: { file: acrBuilderFile("templating/testdata/caching/values.yaml") },
    });
    expect(reading.rendered).toBe(
      'steps:\n  - id: "puller"\n    cmd: docker pull golang:1.10.1-stretch\n\n  - id: build-foo\n' +
        "    cmd: build -f Dockerfile https://github.com/Azure/acr-builder.git --cache-from=ubuntu\n\n" +
        "  - id: build-bar\n    cmd: build -f Dockerfile https://github.com/Azure/acr-builder.git --cache-from=ubuntu\n" +
        '    when: ["puller"]',
    );
    expect(reading.graph.waves).toEqual([["puller"], ["build-foo", "build-bar"]]);
  });

  it("caching/empty.yaml renders to nothing, and a task with no steps runs", () => {
    const reading = runs(acrBuilderFile("templating/testdata/caching/empty.yaml"));
    expect(reading.rendered).toBe("");
    expect(reading.task.steps).toEqual([]);
  });

  it("curie/values.yaml overrides curie/curie.yaml (TestOverrideValues)", () => {
    const values = overrideValues(
      deserializeValues(acrBuilderFile("templating/testdata/curie/curie.yaml")),
      deserializeValues(acrBuilderFile("templating/testdata/curie/values.yaml")),
    );
    expect(execute("{{.born}}|{{.first}}|{{ .last }}|{{.research}}|{{.from}}|{{.awards}}", values)).toBe(
      "1867|Marie|Curie|radioactivity|Poland|[Nobel Prize in Physics Davy Medal Albert Medal]",
    );
  });

  it("curie values render under .Values with the run's data (TestOverrideValuesWithBuildInfo)", () => {
    const reading = runs(
      "steps:\n  - cmd: echo {{.Build.ID}} {{.Run.ID}} {{.Run.Commit}} {{.Run.Branch}} {{.Run.Registry}} {{.Run.GitTag}} {{.Run.Date}} {{.Run.OS}} {{.Values.born}} {{.Values.first}}\n",
      {
        run: {
          id: "SomeID",
          commit: "c",
          branch: "br",
          registry: "foo.azurecr.io",
          gitTag: "t",
          date: new Date("2010-05-20T13:14:22Z"),
          os: "linux",
        },
        values: { file: acrBuilderFile("templating/testdata/curie/values.yaml") },
      },
    );
    expect(reading.task.steps[0]!.cmd).toBe(
      "echo SomeID SomeID c br foo.azurecr.io t 20100520-131422z linux 1867 Marie",
    );
  });

  it("fruits.yaml deserializes with its nested map reachable (TestDeserializeFromFile)", () => {
    const values = deserializeValues(acrBuilderFile("templating/testdata/fruits.yaml"));
    expect(values.entries.get("title")).toBe("A grocery list");
    expect(execute("{{len .fruits}} {{.fruit.fruit.nested}}", values)).toBe("3 star");
  });

  it("helloworld: each task renders and runs, its comment lines dropped before rendering", () => {
    const options = {
      run: { id: "cb1", registry: "r.azurecr.io" },
      values: { file: acrBuilderFile("templating/testdata/helloworld/values.yaml") },
    };
    const read = (file: string) => runs(acrBuilderFile(`templating/testdata/helloworld/${file}`), options).task.steps;
    expect(read("context-build.yaml").map((step) => [step.cmd, step.workingDirectory])).toEqual([
      ["git clone https://github.com/Azure/acr-builder.git cloned-repository-ctx", ""],
      ["bash ls -la", "cloned-repository-ctx"],
      ["build -f Dockerfile .", "cloned-repository-ctx"],
    ]);
    expect(read("git-build.yaml").map((step) => step.cmd || step.push)).toEqual([
      "build -f Dockerfile -t acr-builder:cb1 https://github.com/Azure/acr-builder.git",
      ["acr-builder:cb1"],
    ]);
    expect(read("manifest.yaml").at(-1)!.cmd).toBe("docker manifest push r.azurecr.io/acr-builder");
    expect(read("tar-build.yaml")[0]!.cmd).toMatch(/-t aspnetcore:cb1$/);
  });

  it("mounts: secret volumes (their values base64 by b64enc) and the steps' volume mounts", () => {
    const multi = runs(acrBuilderFile("templating/testdata/mounts/mounts_multistep.yaml")).task;
    expect(multi.volumes).toEqual([
      { name: "secret1", secret: { mysecret1: Buffer.from("-----SECRET VALUE 1------").toString("base64") } },
      { name: "secret2", secret: { mysecret2: Buffer.from("-----SECRET VALUE 2------").toString("base64") } },
    ]);
    expect(multi.steps[1]!.volumeMounts).toEqual([
      { name: "secret1", mountPath: "/run/test" },
      { name: "secret2", mountPath: "/run/test2" },
    ]);
    // MockResolveSecret of base_render_options_test.go: the key vault URL and client id, joined by "-".
    const secrets = runs(acrBuilderFile("templating/testdata/mounts/mounts_secrets.yaml"), {
      resolveSecret: (secret) => `${secret.keyvault}-${secret.clientID}`,
    }).task;
    expect(secrets.secrets).toEqual([
      { id: "sampleSecret", keyvault: "https://myacbvault2.vault.azure.net/secrets/SampleSecret", clientID: "" },
    ]);
    expect(Buffer.from(secrets.volumes[0]!.secret.mysecret1!, "base64").toString()).toBe(
      "https://myacbvault2.vault.azure.net/secrets/SampleSecret-",
    );
  });

  it("thames renders its run data and values (upper, lower, a missing .Run.Tag as empty) and has no steps", () => {
    const reading = runs(acrBuilderFile("templating/testdata/thames/thames.yaml"), {
      run: { id: "abc", commit: "DEF", branch: "main", triggeredBy: "manual", repository: "r" },
      values: { file: acrBuilderFile("templating/testdata/thames/values.yaml") },
    });
    expect(reading.rendered).toBe(
      'apiName: "v1"\n\nmetadata:\n  - buildId: "ABC"\n    commit: "def"\n    tag: ""\n    repository: "r"\n    branch: "main"\n    triggeredBy: "manual"',
    );
    expect(reading.task.steps).toEqual([]);
    expect(reading.notes.unknownKeys.map((key) => key.key)).toEqual(["apiName", "metadata"]);
  });
});
