// What packSourceContext puts in a build context besides the ignore rules: VCS folders, symlinks,
// the Dockerfile check, and a stable archive.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { packSourceContext } from "../../../src/custom/lifecycle/index.js";
import { pathsOf, readArchive, streamToBuffer } from "./support/archive.js";
import { makeSymlink, makeTree, removeTrees } from "./support/tree.js";

afterEach(removeTrees);

describe("packSourceContext", () => {
  it("packs files and folders with their content", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n", "src/app.js": "console.log(1)\n", "empty": null });
    const entries = await readArchive(await packSourceContext(root));
    expect(pathsOf(entries)).toEqual(["Dockerfile", "empty/", "src/", "src/app.js"]);
    expect(entries.find((e) => e.path === "src/app.js")?.content).toBe("console.log(1)\n");
  });

  it("leaves out .git, .hg and .svn, at the root and below", async () => {
    const root = await makeTree({
      Dockerfile: "FROM scratch\n",
      ".git/config": "x",
      ".hg/store": "x",
      ".svn/entries": "x",
      "lib/sub/.git": "gitdir: ../../.git/modules/sub\n",
      "lib/sub/code.c": "x",
      ".gitignore": "kept: only the folders are history",
    });
    const paths = pathsOf(await readArchive(await packSourceContext(root)));
    expect(paths.filter((p) => /(^|\/)\.(git|hg|svn)(\/|$)/.test(p))).toEqual([]);
    expect(paths).toContain("lib/sub/code.c");
    expect(paths).toContain(".gitignore");
  });

  it("never packs what a symlink to outside the folder points at", async () => {
    const outside = await makeTree({ "secret.txt": "TOP SECRET", "dir/inner.txt": "TOP SECRET TOO" });
    const root = await makeTree({ Dockerfile: "FROM scratch\n", "real.txt": "inside" });
    await makeSymlink(root, "abs-link", path.join(outside, "secret.txt"));
    await makeSymlink(root, "rel-link", path.relative(root, path.join(outside, "secret.txt")));
    await makeSymlink(root, "dir-link", path.join(outside, "dir"));
    await makeSymlink(root, "sub/escape", "../../");
    await makeSymlink(root, "inside-link", "real.txt");
    await makeSymlink(root, "dangling-inside", "missing.txt");

    const entries = await readArchive(await packSourceContext(root));
    expect(entries.some((e) => e.content?.includes("TOP SECRET"))).toBe(false);
    const paths = pathsOf(entries);
    for (const escaping of ["abs-link", "rel-link", "dir-link", "sub/escape"]) expect(paths).not.toContain(escaping);
    expect(paths.some((p) => p.includes("inner.txt"))).toBe(false);
    // A link that stays inside is kept as a link, not as a copy of its target.
    expect(entries.find((e) => e.path === "inside-link")).toMatchObject({ type: "SymbolicLink", linkpath: "real.txt" });
    expect(entries.find((e) => e.path === "dangling-inside")).toMatchObject({ type: "SymbolicLink" });
  });

  it("refuses a Dockerfile that is a symlink to outside the folder", async () => {
    const outside = await makeTree({ "Dockerfile": "FROM scratch\n" });
    const root = await makeTree({ "a.txt": "x" });
    await makeSymlink(root, "Dockerfile", path.join(outside, "Dockerfile"));
    await expect(packSourceContext(root)).rejects.toMatchObject({ name: "ValidationError", parameter: "dockerFilePath" });
  });

  it("names the missing Dockerfile", async () => {
    const root = await makeTree({ "app.js": "x" });
    await expect(packSourceContext(root)).rejects.toThrow(/dockerFilePath.*"Dockerfile"/);
    await expect(packSourceContext(root, { dockerFilePath: "build/prod.Dockerfile" })).rejects.toThrow(/"build\/prod\.Dockerfile"/);
  });

  it("rejects a Dockerfile outside the folder, and a missing folder, naming the parameter", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n" });
    await expect(packSourceContext(root, { dockerFilePath: "../Dockerfile" })).rejects.toMatchObject({ parameter: "dockerFilePath" });
    await expect(packSourceContext(path.join(root, "nope"))).rejects.toMatchObject({ parameter: "sourceDir" });
  });

  it("needs no Dockerfile when told so (task runs)", async () => {
    const root = await makeTree({ "acr-task.yaml": "steps: []\n" });
    const paths = pathsOf(await readArchive(await packSourceContext(root, { requireDockerfile: false })));
    expect(paths).toEqual(["acr-task.yaml"]);
  });

  it("gives the same bytes for the same files: sorted entries, fixed mtimes", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n", "b.txt": "b", "a/z.txt": "z", "a/b.txt": "b", "C.txt": "c" });
    const first = await streamToBuffer(await packSourceContext(root));
    await writeFile(path.join(root, "b.txt"), "b"); // same content, new mtime
    const second = await streamToBuffer(await packSourceContext(root));
    expect(second.equals(first)).toBe(true);
    const entries = await readArchive(first);
    expect(pathsOf(entries)).toEqual(["C.txt", "Dockerfile", "a/", "a/b.txt", "a/z.txt", "b.txt"]);
    // Files carry the fixed mtime; node-tar's portable mode leaves directories without one.
    const fileTimes = entries.filter((e) => e.type === "File").map((e) => e.mtime?.toISOString());
    expect(new Set(fileTimes)).toEqual(new Set(["2000-01-01T00:00:00.000Z"]));
  });

  it("rejects with an AbortError when aborted", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n" });
    await expect(packSourceContext(root, { abortSignal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
  });
});
