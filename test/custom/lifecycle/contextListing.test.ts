// The dry run: listBuildContext and quickBuild({ dryRun: true }) list what packing would send (the same
// entries, in the same order, with their sizes and the ignore file in use) and send nothing.
import { link, realpath } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createBlobTransport,
  listBuildContext,
  packSourceContext,
  quickBuild,
  type BuildContextOptions,
} from "../../../src/custom/lifecycle/index.js";
import { readArchive } from "./support/archive.js";
import type { TestBlobServer } from "./support/blobServer.js";
import { fakeRegistries } from "./support/fakeRegistries.js";
import { makeSymlink, makeTree, removeTrees } from "./support/tree.js";

afterEach(removeTrees);

/** The archive's entries as the listing names them: no trailing slash, tar's types in the listing's words. */
async function archivedAs(sourceDir: string, options?: BuildContextOptions) {
  const types: Record<string, string> = {
    File: "file",
    Directory: "directory",
    SymbolicLink: "symlink",
    Link: "hardlink",
  };
  return (await readArchive((await packSourceContext(sourceDir, options)).archive)).map((entry) => ({
    path: entry.path.replace(/\/$/, ""),
    type: types[entry.type],
    sizeBytes: entry.type === "File" ? Buffer.byteLength(entry.content!) : 0,
  }));
}

describe("listBuildContext", () => {
  it("lists the archive's entries in its order, with their sizes, the ignore file and the Dockerfile", async () => {
    const root = await makeTree({
      Dockerfile: "FROM scratch\nCOPY . /app\n",
      ".dockerignore": "**/*.log\n",
      "src/app.js": "console.log('hello')\n",
      "src/debug.log": "x",
      empty: null,
      ".git/HEAD": "ref: refs/heads/main\n",
    });
    await makeSymlink(root, "current", "src/app.js");
    await link(path.join(root, "src/app.js"), path.join(root, "z-hardlink.js"));
    const listing = await listBuildContext(root);
    expect(listing).toEqual({
      sourceDir: await realpath(root),
      dockerFilePath: "Dockerfile",
      ignoreFile: path.join(await realpath(root), ".dockerignore"),
      entries: [
        { path: ".dockerignore", type: "file", sizeBytes: 9 },
        { path: "Dockerfile", type: "file", sizeBytes: 25 },
        { path: "current", type: "symlink", sizeBytes: 0, linkTarget: "src/app.js" },
        { path: "empty", type: "directory", sizeBytes: 0 },
        { path: "src", type: "directory", sizeBytes: 0 },
        { path: "src/app.js", type: "file", sizeBytes: 21 },
        { path: "z-hardlink.js", type: "hardlink", sizeBytes: 0, linkTarget: "src/app.js" },
      ],
      fileCount: 3,
      totalBytes: 9 + 25 + 21,
    });
    const { entries } = listing;
    expect(entries.map(({ path, type, sizeBytes }) => ({ path, type, sizeBytes }))).toEqual(await archivedAs(root));
  });

  it("names the copies of an outside Dockerfile and its ignore file, and where they come from", async () => {
    const repo = await makeTree({
      "docker/Dockerfile": "FROM alpine\n",
      "docker/Dockerfile.dockerignore": "secret.txt\n",
      "app/secret.txt": "x",
      "app/main.sh": "echo hi\n",
    });
    const options = { dockerFilePath: "../docker/Dockerfile" };
    const listing = await listBuildContext(path.join(repo, "app"), options);
    const copy = listing.dockerFilePath!;
    expect(copy).toMatch(/^[0-9a-f]{32}_Dockerfile$/);
    expect(listing.ignoreFile).toBe(path.join(repo, "docker/Dockerfile.dockerignore"));
    expect(listing.entries).toEqual([
      { path: "main.sh", type: "file", sizeBytes: 8 },
      { path: copy, type: "file", sizeBytes: 12, copiedFrom: path.join(repo, "docker/Dockerfile") },
      {
        path: `${copy}.dockerignore`,
        type: "file",
        sizeBytes: 11,
        copiedFrom: path.join(repo, "docker/Dockerfile.dockerignore"),
      },
    ]);
    expect(listing.entries.map(({ path, type, sizeBytes }) => ({ path, type, sizeBytes }))).toEqual(
      await archivedAs(path.join(repo, "app"), options),
    );
  });

  it("has no ignore file when the folder has none, and no Dockerfile for a task run's context", async () => {
    const root = await makeTree({ "acr-task.yaml": "steps: []\n", ".git/HEAD": "x" });
    expect(await listBuildContext(root, { requireDockerfile: false })).toMatchObject({
      dockerFilePath: undefined,
      ignoreFile: undefined,
      entries: [{ path: "acr-task.yaml", type: "file", sizeBytes: 10 }],
    });
  });

  it("refuses what packing refuses: a missing Dockerfile, an ignore file line Docker refuses", async () => {
    const root = await makeTree({ "a.txt": "x" });
    await expect(listBuildContext(root)).rejects.toMatchObject({
      name: "ValidationError",
      parameter: "dockerFilePath",
    });
    const refused = await makeTree({ Dockerfile: "FROM scratch\n", ".dockerignore": "ok\nc[\n" });
    await expect(listBuildContext(refused)).rejects.toMatchObject({
      name: "ValidationError",
      parameter: `${await realpath(refused)}/.dockerignore line 2`,
    });
  });
});

describe("quickBuild({ dryRun: true })", () => {
  // Neither is reached: no upload URL is asked for, so no storage host is needed.
  const server = {} as TestBlobServer;
  const blob = createBlobTransport();

  it("checks the options and returns the listing, uploading and scheduling nothing", async () => {
    const sourceDir = await makeTree({ dockerfile: "FROM alpine\n", "app.js": "x" });
    const { registries, getBuildSourceUploadUrl, scheduleRun } = fakeRegistries(server);
    const listing = await quickBuild(registries, blob, "rg", "registry", {
      sourceDir,
      imageNames: ["app:{{.Run.ID}}"],
      platform: { os: "Linux" },
      dryRun: true,
    });
    expect(listing).toEqual(await listBuildContext(sourceDir));
    expect(listing.dockerFilePath).toBe("dockerfile");
    expect(getBuildSourceUploadUrl).not.toHaveBeenCalled();
    expect(scheduleRun).not.toHaveBeenCalled();
  });

  it("refuses bad options as the real call does", async () => {
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\n" });
    const { registries } = fakeRegistries(server);
    await expect(
      quickBuild(registries, blob, "rg", "registry", { sourceDir, platform: { os: "" }, dryRun: true }),
    ).rejects.toMatchObject({ name: "ValidationError", parameter: "platform.os" });
    await expect(
      quickBuild(registries, blob, "rg", "registry", {
        sourceDir,
        platform: { os: "Linux" },
        dryRun: "yes" as unknown as boolean,
      }),
    ).rejects.toMatchObject({ name: "ValidationError", parameter: "dryRun" });
  });
});
