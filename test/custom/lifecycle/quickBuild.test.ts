// quickBuild: checks before any request, upload of the packed folder, and the Docker build request.
import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createBlobTransport,
  quickBuild,
  type BlobTransport,
  type QuickBuildOptions,
} from "../../../src/custom/lifecycle/index.js";
import type { DockerBuildRequest } from "../../../src/generated/v2019_06_01_preview/models.js";
import { pathsOf, readArchive } from "./support/archive.js";
import { startBlobServer, type TestBlobServer } from "./support/blobServer.js";
import { fakeRegistries, RELATIVE_PATH, UPLOAD_PATH } from "./support/fakeRegistries.js";
import { makeTree, removeTrees } from "./support/tree.js";

let server: TestBlobServer;
let blob: BlobTransport;

beforeAll(async () => {
  server = await startBlobServer();
  blob = createBlobTransport({ tlsOptions: { ca: server.ca }, retryOptions: { retryDelayInMs: 1 } });
});
afterAll(() => server.close());
afterEach(removeTrees);

const linux = { os: "Linux", architecture: "amd64" };

describe("quickBuild", () => {
  it("uploads the packed folder as a block blob and queues a Docker build of it", async () => {
    const sourceDir = await makeTree({
      "build/app.Dockerfile": "FROM alpine\nCOPY . /app\n",
      ".dockerignore": "*.log\n",
      "src/main.go": "package main\n",
      "debug.log": "x",
    });
    const { registries, scheduled } = fakeRegistries(server);
    const queued = await quickBuild(registries, blob, "rg", "myregistry", {
      sourceDir,
      dockerFilePath: "build/app.Dockerfile",
      imageNames: ["app:{{.Run.ID}}"],
      platform: linux,
      buildArguments: { VERSION: "1.2.3" },
      noCache: true,
      target: "final",
      timeout: 600,
    });
    expect(queued.properties?.status).toBe("Queued");

    const upload = server.uploads.get(UPLOAD_PATH)!;
    expect(upload.headers["x-ms-blob-type"]).toBe("BlockBlob");
    expect(upload.headers["content-length"]).toBe(String(upload.bytes));
    expect(upload.headers.authorization).toBeUndefined();
    const paths = pathsOf(await readArchive(upload.body!));
    expect(paths).toEqual(expect.arrayContaining(["build/app.Dockerfile", "src/main.go", ".dockerignore"]));
    expect(paths).not.toContain("debug.log");

    expect(scheduled).toEqual([
      {
        type: "DockerBuildRequest",
        sourceLocation: RELATIVE_PATH,
        dockerFilePath: "build/app.Dockerfile",
        imageNames: ["app:{{.Run.ID}}"],
        isPushEnabled: true,
        noCache: true,
        target: "final",
        arguments: [{ name: "VERSION", value: "1.2.3" }],
        timeout: 600,
        platform: linux,
      } satisfies DockerBuildRequest,
    ]);
  });

  it("packs a Dockerfile outside sourceDir under a generated name, leaves VCS metadata out, and points the build at the copy", async () => {
    const dockerfile = "FROM alpine\nCOPY . /app\n";
    const repo = await makeTree({
      "docker/Dockerfile": dockerfile,
      "app/main.go": "package main\n",
      "app/.git/HEAD": "x",
      "app/.gitignore": "bin/\n",
    });
    const { registries, scheduled } = fakeRegistries(server);
    await quickBuild(registries, blob, "rg", "myregistry", {
      sourceDir: path.join(repo, "app"),
      dockerFilePath: "../docker/Dockerfile",
      platform: linux,
    });
    const name = `${createHash("sha256").update(dockerfile).digest("hex").slice(0, 32)}_Dockerfile`;
    expect(scheduled[0]).toMatchObject({ type: "DockerBuildRequest", dockerFilePath: name });
    const entries = await readArchive(server.uploads.get(UPLOAD_PATH)!.body!);
    expect(pathsOf(entries)).toEqual(["main.go", name]);
    expect(entries.find((entry) => entry.path === name)?.content).toBe(dockerfile);
  });

  it("does not push without image names, as az acr build", async () => {
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n" });
    const { registries, scheduled } = fakeRegistries(server);
    await quickBuild(registries, blob, "rg", "myregistry", {
      sourceDir,
      platform: linux,
      buildArguments: [{ name: "TOKEN", value: "s3cret", isSecret: true }],
    });
    expect(scheduled[0]).toMatchObject({
      isPushEnabled: false,
      dockerFilePath: "Dockerfile",
      arguments: [{ name: "TOKEN", value: "s3cret", isSecret: true }],
    });
    expect(scheduled[0]).not.toHaveProperty("imageNames");
  });

  it.each<[string, Partial<QuickBuildOptions>, string]>([
    ["no platform", { platform: undefined }, "platform"],
    ["no os", { platform: { os: "" } }, "platform.os"],
    ["a timeout out of range", { timeout: 10 }, "timeout"],
    ["a fractional timeout", { timeout: 600.5 }, "timeout"],
    ["pushing without images", { isPushEnabled: true }, "imageNames"],
    ["an empty image name", { imageNames: [""] }, "imageNames[0]"],
    ["a non-string build argument", { buildArguments: { A: 1 as unknown as string } }, "buildArguments.A"],
    ["a missing Dockerfile", { dockerFilePath: "nope.Dockerfile" }, "dockerFilePath"],
    ["a missing folder", { sourceDir: "/definitely/not/here" }, "sourceDir"],
  ])("rejects %s before any request, naming the parameter", async (_, override, parameter) => {
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n" });
    const { registries, getBuildSourceUploadUrl, scheduleRun } = fakeRegistries(server);
    const options = { sourceDir, platform: linux, ...override } as QuickBuildOptions;
    await expect(quickBuild(registries, blob, "rg", "myregistry", options)).rejects.toMatchObject({
      name: "ValidationError",
      parameter,
    });
    expect(getBuildSourceUploadUrl).not.toHaveBeenCalled();
    expect(scheduleRun).not.toHaveBeenCalled();
  });

  it("names the missing Dockerfile in the message", async () => {
    const sourceDir = await makeTree({ "app.js": "x" });
    const { registries } = fakeRegistries(server);
    await expect(quickBuild(registries, blob, "rg", "myregistry", { sourceDir, platform: linux })).rejects.toThrow(
      /no Dockerfile "Dockerfile" in/,
    );
  });

  it("rejects with an AbortError when aborted during the upload, and schedules nothing", async () => {
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n" });
    const { registries, scheduleRun, getBuildSourceUploadUrl } = fakeRegistries(server);
    const controller = new AbortController();
    getBuildSourceUploadUrl.mockImplementation(async () => {
      controller.abort();
      return { uploadUrl: server.sasUrl("uploads/never"), relativePath: "never" };
    });
    const before = server.requests.length;
    await expect(
      quickBuild(registries, blob, "rg", "myregistry", { sourceDir, platform: linux, abortSignal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(server.requests.length).toBe(before);
    expect(scheduleRun).not.toHaveBeenCalled();
  });
});
