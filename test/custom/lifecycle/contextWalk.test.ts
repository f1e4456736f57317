// The walk enters an excluded folder only when an exception could include something below it, as
// BuildKit does: proved by the folders it reads (node:fs's readdirSync, spied), never by timing.
import * as fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listBuildContext } from "../../../src/custom/lifecycle/index.js";
import { makeTree, removeTrees } from "./support/tree.js";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, readdirSync: vi.fn(actual.readdirSync) };
});

afterEach(removeTrees);
beforeEach(() => {
  vi.mocked(fs.readdirSync).mockClear();
});

/** The folders the walk read, relative to `root` ("" for the root), each once, sorted. */
function foldersRead(root: string): string[] {
  const read = vi.mocked(fs.readdirSync).mock.calls.map(([folder]) => path.relative(root, String(folder)));
  return [...new Set(read)].filter((folder) => !folder.startsWith("..")).sort();
}

/** A context with an excluded node_modules of three packages, two folders deep each. */
async function contextWithDependencies(dockerignore: string): Promise<string> {
  const files: Record<string, string> = { Dockerfile: "FROM scratch\n", ".dockerignore": dockerignore, "app.js": "x" };
  for (const name of ["left-pad", "lodash", "react"]) {
    files[`node_modules/${name}/package.json`] = "{}";
    files[`node_modules/${name}/lib/index.js`] = "x";
    files[`node_modules/${name}/lib/keep.md`] = "x";
  }
  return makeTree(files);
}

const pathsOf = async (root: string): Promise<string[]> =>
  (await listBuildContext(root)).entries.map((entry) => entry.path);

describe("walking a context", () => {
  it("never reads an excluded folder when no rule could bring something in it back", async () => {
    const root = await contextWithDependencies("node_modules\n");
    expect(await pathsOf(root)).toEqual([".dockerignore", "Dockerfile", "app.js"]);
    expect(foldersRead(root)).toEqual([""]);
  });

  it("never reads it either with an unrelated ! line (!keep.md only matches at the root)", async () => {
    const root = await contextWithDependencies("node_modules\n*.md\n!keep.md\n");
    expect(await pathsOf(root)).toEqual([".dockerignore", "Dockerfile", "app.js"]);
    expect(foldersRead(root)).toEqual([""]);
  });

  it("reads only the folders an exception leads into (!node_modules/lodash/lib/keep.md)", async () => {
    const root = await contextWithDependencies("node_modules\n!node_modules/lodash/lib/keep.md\n");
    expect(await pathsOf(root)).toEqual([
      ".dockerignore",
      "Dockerfile",
      "app.js",
      "node_modules",
      "node_modules/lodash",
      "node_modules/lodash/lib",
      "node_modules/lodash/lib/keep.md",
    ]);
    expect(foldersRead(root)).toEqual(["", "node_modules", "node_modules/lodash", "node_modules/lodash/lib"]);
  });

  it("reads the folders a wildcard exception could match in (!node_modules/*/lib/keep.md), and no deeper", async () => {
    const root = await contextWithDependencies("node_modules\n!node_modules/*/lib/keep.md\n");
    expect((await pathsOf(root)).filter((entry) => entry.endsWith("keep.md"))).toHaveLength(3);
    expect(foldersRead(root)).toEqual([
      "",
      "node_modules",
      "node_modules/left-pad",
      "node_modules/left-pad/lib",
      "node_modules/lodash",
      "node_modules/lodash/lib",
      "node_modules/react",
      "node_modules/react/lib",
    ]);
  });

  it("reads everything below when an exception can match at any depth (!**/keep.md)", async () => {
    const root = await contextWithDependencies("node_modules\n!**/keep.md\n");
    expect((await pathsOf(root)).filter((entry) => entry.endsWith("keep.md"))).toHaveLength(3);
    expect(foldersRead(root)).toHaveLength(1 + 1 + 3 * 2);
  });

  it("does not read a folder excluded after the exception that pointed into it (the later rule wins below it)", async () => {
    const root = await contextWithDependencies("!node_modules/lodash/lib/keep.md\nnode_modules\n");
    expect(await pathsOf(root)).toEqual([".dockerignore", "Dockerfile", "app.js"]);
    expect(foldersRead(root)).toEqual([""]);
  });

  it("does not read the context's .git unless a ! line could bring something in it back", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n", ".git/objects/ab/cd": "x", ".git/HEAD": "x" });
    expect(await pathsOf(root)).toEqual(["Dockerfile"]);
    expect(foldersRead(root)).toEqual([""]);
  });

  it("reads an excluded folder on the way to the Dockerfile, and only that way", async () => {
    const root = await makeTree({
      ".dockerignore": "docker\n",
      "docker/build/Dockerfile": "FROM scratch\n",
      "docker/build/junk": "x",
      "docker/other/junk": "x",
    });
    const listing = await listBuildContext(root, { dockerFilePath: "docker/build/Dockerfile" });
    expect(listing.entries.map((entry) => entry.path)).toEqual([
      ".dockerignore",
      "docker",
      "docker/build",
      "docker/build/Dockerfile",
    ]);
    expect(foldersRead(root)).toEqual(["", "docker", "docker/build"]);
  });
});
