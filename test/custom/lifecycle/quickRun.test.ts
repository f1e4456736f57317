// quickRun: the encoded task and values as ACR reads them, and the optional uploaded folder.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  createBlobTransport,
  quickRun,
  type BlobTransport,
  type QuickRunOptions,
} from "../../../src/custom/lifecycle/index.js";
import type { EncodedTaskRunRequest } from "../../../src/generated/v2019_06_01_preview/models.js";
import { pathsOf, readArchive } from "./support/archive.js";
import { startBlobServer, type TestBlobServer } from "./support/blobServer.js";
import { fakeRegistries, RELATIVE_PATH, UPLOAD_PATH } from "./support/fakeRegistries.js";
import { makeTree, removeTrees } from "./support/tree.js";

let server: TestBlobServer;
let blob: BlobTransport;

beforeAll(async () => {
  server = await startBlobServer();
  blob = createBlobTransport({ tlsOptions: { ca: server.ca } });
});
afterAll(() => server.close());
afterEach(removeTrees);

const linux = { os: "Linux" };
const decode = (base64: string | undefined): string => Buffer.from(base64 ?? "", "base64").toString("utf8");

async function scheduledFor(options: QuickRunOptions): Promise<EncodedTaskRunRequest> {
  const { registries, scheduled, getBuildSourceUploadUrl } = fakeRegistries(server);
  await quickRun(registries, blob, "rg", "myregistry", options);
  if (!options.sourceDir) expect(getBuildSourceUploadUrl).not.toHaveBeenCalled();
  return scheduled[0] as EncodedTaskRunRequest;
}

describe("quickRun", () => {
  it("turns cmd into a one-step task, quoting it safely", async () => {
    const cmd = `$Registry/hello-world:latest --msg "a: b # c" - {{.Run.ID}}`;
    const request = await scheduledFor({ cmd, platform: linux, timeout: 300 });
    expect(request).toMatchObject({ type: "EncodedTaskRunRequest", platform: linux, timeout: 300 });
    expect(request).not.toHaveProperty("sourceLocation");
    expect(request).not.toHaveProperty("encodedValuesContent");
    expect(parse(decode(request.encodedTaskContent))).toEqual({ steps: [{ cmd }] });
  });

  it("sends taskYaml as given, and values as ACR's values file", async () => {
    const taskYaml = "version: v1.1.0\nsteps:\n  - build: -t {{.Run.Registry}}/app:{{.Values.tag}} .\n";
    const request = await scheduledFor({
      taskYaml,
      values: { tag: "v1", answer: "42", flag: "true", odd: "x: y\n# not a comment" },
      platform: linux,
    });
    expect(decode(request.encodedTaskContent)).toBe(taskYaml);
    // Every value stays a string when ACR parses the file.
    expect(parse(decode(request.encodedValuesContent))).toEqual({
      tag: "v1",
      answer: "42",
      flag: "true",
      odd: "x: y\n# not a comment",
    });
    expect(request).not.toHaveProperty("values");
  });

  it("keeps secret values secret, and plain ones in the values file", async () => {
    const request = await scheduledFor({
      cmd: "echo hi",
      values: [
        { name: "user", value: "me" },
        { name: "password", value: "p@ss", isSecret: true },
      ],
      platform: linux,
    });
    expect(parse(decode(request.encodedValuesContent))).toEqual({ user: "me" });
    expect(request.values).toEqual([{ name: "password", value: "p@ss", isSecret: true }]);
  });

  it("sends valuesYaml as the values file as given, and every value one by one over it", async () => {
    const valuesYaml = "# the file az acr run --values names\nimage:\n  tags: [a, b]\nwho: the-file\n";
    const request = await scheduledFor({
      cmd: "echo {{.Values.who}}",
      valuesYaml,
      values: [
        { name: "who", value: "the-set" },
        { name: "password", value: "p@ss", isSecret: true },
      ],
      platform: linux,
      lint: "off",
    });
    expect(decode(request.encodedValuesContent)).toBe(valuesYaml);
    expect(request.values).toEqual([
      { name: "who", value: "the-set" },
      { name: "password", value: "p@ss", isSecret: true },
    ]);
    const alone = await scheduledFor({ cmd: "ls", valuesYaml: "a: 1\n", platform: linux });
    expect(decode(alone.encodedValuesContent)).toBe("a: 1\n");
    expect(alone).not.toHaveProperty("values");
  });

  it("uploads sourceDir as the run's context, without needing a Dockerfile, packed as quickBuild packs it", async () => {
    const sourceDir = await makeTree({
      "acr-task.yaml": "steps: []\n",
      ".dockerignore": "secret.env\n",
      "secret.env": "x",
      "app.sh": "echo",
      ".git/HEAD": "x",
      ".hgignore": "x",
    });
    const request = await scheduledFor({ cmd: "ls", sourceDir, platform: linux });
    expect(request.sourceLocation).toBe(RELATIVE_PATH);
    const paths = pathsOf(await readArchive(server.uploads.get(UPLOAD_PATH)!.body!));
    expect(paths.sort()).toEqual([".dockerignore", "acr-task.yaml", "app.sh"]);
  });

  it.each<[string, Partial<QuickRunOptions>, string]>([
    ["neither taskYaml nor cmd", {}, "taskYaml"],
    ["both taskYaml and cmd", { taskYaml: "steps: []", cmd: "ls" }, "cmd"],
    ["an empty cmd", { cmd: "  " }, "cmd"],
    ["no platform", { cmd: "ls", platform: undefined }, "platform"],
    [
      "a duplicate value",
      {
        cmd: "ls",
        values: [
          { name: "a", value: "1" },
          { name: "a", value: "2" },
        ],
      },
      "values",
    ],
    ["a timeout out of range", { cmd: "ls", timeout: 999_999 }, "timeout"],
    ["valuesYaml that is not text", { cmd: "ls", valuesYaml: { a: "1" } as unknown as string }, "valuesYaml"],
    ["an onProgress that is not a function", { cmd: "ls", onProgress: "yes" as unknown as () => void }, "onProgress"],
    ["a missing folder", { cmd: "ls", sourceDir: "/definitely/not/here" }, "sourceDir"],
  ])("rejects %s before any request, naming the parameter", async (_, override, parameter) => {
    const { registries, getBuildSourceUploadUrl, scheduleRun } = fakeRegistries(server);
    const options = { platform: linux, ...override } as QuickRunOptions;
    await expect(quickRun(registries, blob, "rg", "myregistry", options)).rejects.toMatchObject({
      name: "ValidationError",
      parameter,
    });
    expect(getBuildSourceUploadUrl).not.toHaveBeenCalled();
    expect(scheduleRun).not.toHaveBeenCalled();
  });

  it("rejects with an AbortError when already aborted, sending nothing", async () => {
    const { registries, getBuildSourceUploadUrl, scheduleRun } = fakeRegistries(server);
    const sourceDir = await makeTree({ "a.txt": "x" });
    await expect(
      quickRun(registries, blob, "rg", "myregistry", {
        cmd: "ls",
        sourceDir,
        platform: linux,
        abortSignal: AbortSignal.abort(),
      }),
    ).rejects.toMatchObject({ name: "AbortError" });
    expect(getBuildSourceUploadUrl).not.toHaveBeenCalled();
    expect(scheduleRun).not.toHaveBeenCalled();
  });
});
