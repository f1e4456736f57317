// The examples of acr-builder's docs/task.md, read as acb reads them; where acb differs from the doc's
// table (retryDelay, isolation), acb wins.
import { describe, expect, it } from "vitest";
import { runs } from "./support/acrBuilder.js";

describe("docs/task.md's examples", () => {
  it("cmd: a container and its arguments", () => {
    expect(runs('steps:\n  - cmd: bash echo "hello world"\n').task.steps[0]).toMatchObject({
      kind: "cmd",
      cmd: 'bash echo "hello world"',
    });
  });

  it("build: docker build arguments, its tags read from -t", () => {
    const { task } = runs(
      "steps:\n  - build: -f Dockerfile -t acr-builder:v1 https://github.com/Azure/acr-builder.git\n",
    );
    expect(task.steps[0]).toMatchObject({ kind: "build", tags: ["acr-builder:v1"] });
  });

  it("push: the images to push", () => {
    expect(runs('steps:\n  - push: ["example.azurecr.io/acb:v1"]\n').task.steps[0]!.push).toEqual([
      "example.azurecr.io/acb:v1",
    ]);
  });

  it("env: VARIABLE=value entries", () => {
    expect(runs('steps:\n  - cmd: c\n    env: ["K1=V1", "K2=V2"]\n').task.steps[0]!.env).toEqual(["K1=V1", "K2=V2"]);
  });

  it("when, first example: build is ran, followed by cmd sequentially", () => {
    const { graph } = runs("steps:\n  - build: -f Dockerfile . -t example\n  - cmd: example\n");
    expect(graph.waves).toEqual([["acb_step_0"], ["acb_step_1"]]);
  });

  it("when, second example: step 1 and 2 are both executed simultaneously", () => {
    const { graph } = runs(
      'steps:\n  - id: step_1\n    cmd: bash echo "1"\n\n  - id: step_2\n    cmd: bash echo "2"\n    when: ["-"]\n',
    );
    expect(graph.waves).toEqual([["step_1", "step_2"]]);
  });

  it("when, third example: step 3 is executed after step 1 is completed", () => {
    const { graph } = runs(
      'steps:\n  - id: step_1\n    cmd: bash echo "1"\n\n  - id: step_2\n    cmd: bash echo "2"\n    when: ["-"]\n\n  - id: step_3\n    cmd: bash echo "3"\n    when: ["step_1"]\n',
    );
    expect(graph.waves).toEqual([["step_1", "step_2"], ["step_3"]]);
    expect(graph.dependsOn.step_3).toEqual(["step_1"]);
  });

  it("the step table's defaults, as acb applies them: timeout 600, retryDelay 5 (not 0), isolation as written", () => {
    expect(runs("steps:\n  - cmd: c\n").task.steps[0]).toMatchObject({
      timeout: 600,
      retryDelay: 5,
      startDelay: 0,
      retries: 0,
      repeat: 0,
      isolation: "",
      keep: false,
      detach: false,
      privileged: false,
      ignoreErrors: false,
      disableWorkingDirectoryOverride: false,
      pull: false,
    });
  });

  it("the task's workingDirectory defaults each step's, which a step can override", () => {
    const { task } = runs("workingDirectory: /src\nsteps:\n  - cmd: a\n  - cmd: b\n    workingDirectory: /other\n");
    expect(task.steps.map((step) => step.workingDirectory)).toEqual(["/src", "/other"]);
  });

  it("secret and network objects with every documented property", () => {
    const { task } = runs(
      "secrets:\n  - id: s\n    keyvault: https://v.vault.azure.net/secrets/s\n    clientID: c72b2df0-b9d8-4ac6-9363-7c1eb06c1c86\n" +
        "networks:\n  - name: n\n    driver: bridge\n    ipv6: true\n    skipCreation: true\n    isDefault: true\nsteps:\n  - cmd: c\n",
    );
    expect(task.secrets).toEqual([
      { id: "s", keyvault: "https://v.vault.azure.net/secrets/s", clientID: "c72b2df0-b9d8-4ac6-9363-7c1eb06c1c86" },
    ]);
    expect(task.networks).toEqual([{ name: "n", driver: "bridge", ipv6: true, skipCreation: true, isDefault: true }]);
    expect(task.steps[0]!.network).toBe("n");
  });
});
