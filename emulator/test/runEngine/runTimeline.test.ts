// A run's course as the emulator plans it: ACR's and acb's setup lines, the task read through
// acr-tasks/task-yaml (a refusal fails the run with acb's message), builds with their dependency scan,
// pushes from the images the run built, and acb's closing lines.
import { readTaskYaml } from "acr-tasks/task-yaml";
import { describe, expect, test } from "vitest";
import { ACB_FAILED } from "../../src/runEngine/runTimeline.js";
import { plan, run } from "./planned.js";

describe("setup and reading", () => {
  test("the setup lines, in acb's order, before the first step", () => {
    const planned = plan("version: v1.1.0\nsteps:\n  - cmd: bash echo hi\n", {}, { sourceLocation: "source.tar.gz" });
    expect(planned.texts.slice(0, 10)).toEqual([
      "Downloading source code...",
      "Finished downloading source code",
      "Using acb_vol_test as the home volume",
      "Alias support enabled for version >= 1.1.0, please see https://aka.ms/acr/tasks/task-aliases for more information.",
      "Creating Docker network: acb_default_network, driver: 'bridge'",
      "Successfully set up Docker network: acb_default_network",
      "Setting up Docker configuration...",
      "Successfully set up Docker configuration",
      "Logging in to registry: myreg.azurecr.io",
      "Successfully logged into myreg.azurecr.io",
    ]);
  });

  test.each([
    ["a `when` naming a later step", "steps:\n  - id: a\n    cmd: x\n    when: [b]\n  - id: b\n    cmd: y\n"],
    ["a negative retries", "steps:\n  - cmd: x\n    retries: -1\n"],
    ["an unclosed action", "steps:\n  - cmd: echo {{.Run.ID\n"],
    ["version v1.2.0", "version: v1.2.0\nsteps:\n  - cmd: x\n"],
  ])("%s: acb's message, unstamped, and the run fails as acb exits with status 1", (_name, yaml) => {
    const reading = readTaskYaml(yaml, { run });
    if (reading.outcome !== "refused") throw new Error(`expected a refusal, got ${reading.outcome}`);
    expect(reading.refusal.message).toMatch(/^(failed to unmarshal task before running|unable to render task): /);
    const planned = plan(yaml);
    expect(planned.lines.at(-1)).toEqual({ at: 0, text: reading.refusal.message, raw: true });
    expect(planned.end).toEqual({ status: "Failed", errorMessage: ACB_FAILED });
    expect(planned.texts.some((text) => text.startsWith("Executing step"))).toBe(false);
  });

  test("values: the values file's, then the request's values as --set (flat keys); a nested values file fails as in acb", () => {
    const values = (content: string) => ({ encodedValuesContent: Buffer.from(content).toString("base64") });
    const overridden = plan(
      "steps:\n  - cmd: bash echo {{.Values.who}}\n",
      {},
      {
        ...values("who: file\n"),
        values: [{ name: "who", value: "set" }],
      },
    );
    expect(overridden.texts).toContain("set");
    const dotted = plan(
      'steps:\n  - cmd: bash echo {{index .Values "a.b"}}\n',
      {},
      { values: [{ name: "a.b", value: "c" }] },
    );
    expect(dotted.texts).toContain("c");
    const nested = plan("steps:\n  - cmd: bash echo {{.Values.a.b}}\n", {}, values("a:\n  b: c\n"));
    expect(nested.texts.at(-1)).toBe(
      "unable to render task: failed to override values: failed to serialize Values: json: unsupported type: map[interface {}]interface {}",
    );
  });

  test("a file task and its values file are read from the context; a missing one fails as acb cannot open it", () => {
    const spec = { kind: "file" as const, taskFilePath: "ci/acb.yaml", valuesFilePath: "ci/values.yaml" };
    const planned = plan(
      "",
      { "ci/acb.yaml": "steps:\n  - cmd: bash echo {{.Values.x}}\n", "ci/values.yaml": "x: 42\n" },
      spec,
    );
    expect(planned.texts).toContain("42");
    expect(plan("", {}, spec).texts.at(-1)).toBe("open ci/values.yaml: no such file or directory");
  });

  test("alias sources come from the context; a URL is left out (the log says so); a missing file runs nothing", () => {
    const task = (source: string) => `version: v1.1.0\nalias:\n  src:\n    - ${source}\nsteps:\n  - cmd: $greet\n`;
    expect(plan(task("aliases.yaml"), { "aliases.yaml": "greet: bash echo aliased\n" }).texts).toContain("aliased");
    const remote = plan(task("https://example.com/aliases.yaml"));
    expect(remote.texts).toContain(
      "The emulator cannot fetch the alias source https://example.com/aliases.yaml: its aliases are left out.",
    );
    // acb drops the alias error and exits 0 without running a step.
    const missing = plan(task("nowhere.yaml"));
    expect(missing.texts.some((text) => text.startsWith("Executing step"))).toBe(false);
    expect(missing.end).toEqual({ status: "Succeeded" });
  });

  test("a template only ACR can evaluate (now, randomness): the run ends in Error, saying so", () => {
    const planned = plan("steps:\n  - cmd: bash echo {{now}}\n");
    expect(planned.end?.status).toBe("Error");
    expect(planned.end?.errorMessage).toMatch(/^The emulator cannot run this task: the template calls now/);
  });

  test("volumes: acb writes each volume's files before the steps; a value that is not base64 fails the run", () => {
    const task = (value: string) =>
      `volumes:\n  - name: certs\n    secret:\n      ca.pem: ${value}\nsteps:\n  - cmd: bash echo ok\n    volumeMounts:\n      - name: certs\n        mountPath: /certs\n`;
    const good = plan(task("aGVsbG8="));
    const first = good.texts.indexOf("Successfully logged into myreg.azurecr.io") + 1;
    expect(
      good.texts.slice(
        first,
        good.texts.findIndex((text) => text.startsWith("Executing step")),
      ),
    ).toEqual([
      "buffer:  ",
      "Created new file(s) for volume:  certs",
      "buffer:  ",
      "Populated files for volume:  certs",
    ]);
    const bad = plan(task("not*base64"));
    expect(bad.lines.at(-1)).toMatchObject({
      text: "failed to decode Base64 value. please make sure value provided is Base64 encoded",
      raw: true,
    });
    expect(bad.end).toEqual({ status: "Failed", errorMessage: ACB_FAILED });
  });

  test("secret values never reach the timeline", () => {
    const planned = plan(
      "steps:\n  - cmd: bash echo {{.Values.pw}}\n",
      {},
      {
        values: [{ name: "pw", value: "hunter2", isSecret: true }],
      },
    );
    expect(planned.texts).toContain("*****");
    expect(JSON.stringify(planned.events)).not.toContain("hunter2");
  });
});

describe("builds and pushes", () => {
  const files = {
    Dockerfile: "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.19\nCOPY --from=build /app /app\n",
  };

  test("a build scans its Dockerfile, builds, tags; a push pushes each image in turn; acb prints the dependencies", () => {
    const planned = plan(
      `steps:
  - id: build
    build: -t {{.Run.Registry}}/app:{{.Run.ID}} -t {{.Run.Registry}}/app:latest .
  - id: push
    push:
      - {{.Run.Registry}}/app:{{.Run.ID}}
      - {{.Run.Registry}}/app:latest
`,
      files,
    );
    const t0 = planned.at(
      "Executing step ID: build. Timeout(sec): 600, Working directory: '', Network: 'acb_default_network'",
    );
    expect(planned.at("Scanning for dependencies...")).toBe(t0);
    expect(planned.at("Successfully scanned dependencies")).toBe(t0 + 1_200);
    expect(planned.texts).toEqual(
      expect.arrayContaining([
        "Step 1/4 : FROM golang:1.22 AS build",
        "Successfully tagged myreg.azurecr.io/app:cb7",
        "Successfully tagged myreg.azurecr.io/app:latest",
        "Pushing image: myreg.azurecr.io/app:cb7, attempt 1",
        "The push refers to repository [myreg.azurecr.io/app]",
        "Successfully pushed image: myreg.azurecr.io/app:cb7",
        "Pushing image: myreg.azurecr.io/app:latest, attempt 1",
        "Successfully pushed image: myreg.azurecr.io/app:latest",
        "Populating digests for step ID: build...",
        "Successfully populated digests for step ID: build",
      ]),
    );
    const pushed = planned.events.flatMap((event) => event.pushed ?? []);
    expect(pushed.map((image) => `${image.registry}/${image.repository}:${image.tag}`)).toEqual([
      "myreg.azurecr.io/app:cb7",
      "myreg.azurecr.io/app:latest",
    ]);
    expect(pushed[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const found = planned.texts.indexOf("The following dependencies were found:");
    expect(planned.lines[found + 1]).toMatchObject({ text: "", raw: false });
    const dependencies = JSON.parse(planned.texts[found + 2]!);
    expect(dependencies).toHaveLength(2);
    expect(dependencies[0]).toEqual({
      image: {
        registry: "myreg.azurecr.io",
        repository: "app",
        tag: "cb7",
        digest: pushed[0]!.digest,
        reference: "myreg.azurecr.io/app:cb7",
      },
      "runtime-dependency": expect.objectContaining({
        registry: "registry.hub.docker.com",
        repository: "library/alpine",
        tag: "3.19",
        reference: "alpine:3.19",
      }),
      "buildtime-dependency": [
        expect.objectContaining({ repository: "library/golang", tag: "1.22", reference: "golang:1.22" }),
      ],
    });
  });

  test("a push waits for nothing: an image a parallel build has not made yet is missing, and acb tries again", () => {
    const planned = plan(
      `steps:
  - id: build
    build: -t myreg.azurecr.io/app:v1 .
    when: ["-"]
  - id: push
    push: [myreg.azurecr.io/app:v1]
    when: ["-"]
`,
      { Dockerfile: "FROM alpine\n" },
    );
    const t0 = planned.at("Pushing image: myreg.azurecr.io/app:v1, attempt 1");
    // Scan 1.2 s + build 1.9 s: the image exists from t0 + 3.1 s. Attempts at t0, t0 + 1.3 s, t0 + 3.6 s.
    expect(planned.lines.filter((line) => line.text.startsWith("An image does not exist locally"))).toEqual([
      { at: t0 + 300, text: "An image does not exist locally with the tag: myreg.azurecr.io/app", raw: true },
      { at: t0 + 1_600, text: "An image does not exist locally with the tag: myreg.azurecr.io/app", raw: true },
    ]);
    expect(planned.at("Pushing image: myreg.azurecr.io/app:v1, attempt 3")).toBe(t0 + 3_600);
    expect(planned.end).toMatchObject({ status: "Succeeded" });
    const never = plan("steps:\n  - id: push\n    push: [myreg.azurecr.io/none:v1]\n");
    expect(never.texts.at(-1)).toBe("failed to run step ID: push: failed to push images successfully");
  });

  test("a build whose Dockerfile is not in the context fails its dependency scan", () => {
    const planned = plan("steps:\n  - id: b\n    build: -f docker/Dockerfile .\n");
    expect(planned.texts.slice(-2)).toEqual([
      "Error: open docker/Dockerfile: no such file or directory",
      "failed to run step ID: b: failed to scan dependencies: exit status 1",
    ]);
  });

  test("a Docker build request runs as `acb build`: tags prefixed with the registry, 8 h to build, 30 min to push, no network", () => {
    const planned = plan("", files, {
      kind: "docker",
      dockerFilePath: "Dockerfile",
      imageNames: ["web:{{.Run.ID}}"],
      arguments: [{ name: "TOKEN", value: "s3cr3t", isSecret: true }],
    });
    expect(planned.texts.some((text) => text.startsWith("Creating Docker network"))).toBe(false);
    expect(planned.texts).toEqual(
      expect.arrayContaining([
        "Executing step ID: build. Timeout(sec): 28800, Working directory: '', Network: ''",
        "Successfully tagged myreg.azurecr.io/web:cb7",
        "Executing step ID: push. Timeout(sec): 1800, Working directory: '', Network: ''",
        "Successfully pushed image: myreg.azurecr.io/web:cb7",
      ]),
    );
    expect(JSON.stringify(planned.events)).not.toContain("s3cr3t");
  });
});
