// What packSourceContext puts in a build context besides the ignore rules: VCS metadata, symlinks,
// the Dockerfile (inside the folder or outside it), and a stable archive.
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { packSourceContext, type BuildContextOptions } from "../../../src/custom/lifecycle/index.js";
import { pathsOf, readArchive, streamToBuffer } from "./support/archive.js";
import { makeSymlink, makeTree, removeTrees } from "./support/tree.js";

afterEach(removeTrees);

/** The archive alone. */
async function pack(sourceDir: string, options?: BuildContextOptions): Promise<NodeJS.ReadableStream> {
  return (await packSourceContext(sourceDir, options)).archive;
}

/** The name an outside Dockerfile gets: the first 32 hex digits of its SHA-256, then its file name. */
function generatedName(content: string, fileName: string): string {
  return `${createHash("sha256").update(content).digest("hex").slice(0, 32)}_${fileName}`;
}

describe("packSourceContext", () => {
  it("packs files and folders with their content", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n", "src/app.js": "console.log(1)\n", empty: null });
    const entries = await readArchive(await pack(root));
    expect(pathsOf(entries)).toEqual(["Dockerfile", "empty/", "src/", "src/app.js"]);
    expect(entries.find((e) => e.path === "src/app.js")?.content).toBe("console.log(1)\n");
  });

  it("leaves out the context's own VCS folders and ignore files, as az acr build does, and sends nested ones as Docker does", async () => {
    const vcs = [".git", ".gitignore", ".hg", ".hgignore", ".svn", ".bzr", ".bzrignore"];
    const root = await makeTree({
      Dockerfile: "FROM scratch\n",
      ".git/config": "x",
      ".git/objects/ab/cdef": "x",
      ".gitignore": "node_modules\n",
      ".hg/store/data": "x",
      ".hgignore": "syntax: glob\n",
      ".svn/entries": "x",
      ".bzr/branch-format": "x",
      ".bzrignore": "*.o\n",
      "lib/sub/.git": "gitdir: ../../.git/modules/sub\n",
      "lib/sub/.gitignore": "build/\n",
      "lib/sub/code.c": "x",
      "vendor/clone/.git/HEAD": "ref: refs/heads/main\n",
      ".github/workflows/ci.yml": "not VCS metadata: kept",
      ".gitattributes": "kept: az leaves it too",
      bzrignore: "kept: only the dotted name is Bazaar's",
    });
    const paths = pathsOf(await readArchive(await pack(root)));
    expect(paths.filter((p) => vcs.includes(p.split("/")[0]!))).toEqual([]);
    expect(paths).toEqual(
      [
        "Dockerfile",
        ".gitattributes",
        ".github/",
        ".github/workflows/",
        ".github/workflows/ci.yml",
        "bzrignore",
        "lib/",
        "lib/sub/",
        "lib/sub/.git",
        "lib/sub/.gitignore",
        "lib/sub/code.c",
        "vendor/",
        "vendor/clone/",
        "vendor/clone/.git/",
        "vendor/clone/.git/HEAD",
      ].sort(),
    );
  });

  it("applies .dockerignore on top of the default VCS rules, which a ! line overrides (!.git/**, the ACR FAQ's recipe)", async () => {
    const root = await makeTree({
      Dockerfile: "FROM scratch\n",
      ".dockerignore": "*.log\n!.git/**\n",
      ".git/HEAD": "ref: refs/heads/main\n",
      ".git/refs/heads/main": "0123abcd\n",
      ".gitignore": "x",
      ".hg/store": "x",
      "debug.log": "x",
      "app.js": "x",
    });
    expect(pathsOf(await readArchive(await pack(root)))).toEqual([
      ".dockerignore",
      ".git/",
      ".git/HEAD",
      ".git/refs/",
      ".git/refs/heads/",
      ".git/refs/heads/main",
      "Dockerfile",
      "app.js",
    ]);
  });

  it("brings the root's VCS entries back with !.git and !.gitignore, and leaves nested ones out with **/.git", async () => {
    const root = await makeTree({
      Dockerfile: "FROM scratch\n",
      ".dockerignore": "**/.git\n!.git\n!.gitignore\n",
      ".git/HEAD": "x",
      ".gitignore": "x",
      "lib/sub/.git": "gitdir: x\n",
      "lib/sub/code.c": "x",
    });
    expect(pathsOf(await readArchive(await pack(root)))).toEqual([
      ".dockerignore",
      ".git/",
      ".git/HEAD",
      ".gitignore",
      "Dockerfile",
      "lib/",
      "lib/sub/",
      "lib/sub/code.c",
    ]);
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

    const entries = await readArchive(await pack(root));
    expect(entries.some((e) => e.content?.includes("TOP SECRET"))).toBe(false);
    const paths = pathsOf(entries);
    for (const escaping of ["abs-link", "rel-link", "dir-link", "sub/escape"]) expect(paths).not.toContain(escaping);
    expect(paths.some((p) => p.includes("inner.txt"))).toBe(false);
    // A link that stays inside is kept as a link, not as a copy of its target.
    expect(entries.find((e) => e.path === "inside-link")).toMatchObject({ type: "SymbolicLink", linkpath: "real.txt" });
    expect(entries.find((e) => e.path === "dangling-inside")).toMatchObject({ type: "SymbolicLink" });
  });

  it("refuses a Dockerfile that is a symlink to outside the folder", async () => {
    const outside = await makeTree({ Dockerfile: "FROM scratch\n" });
    const root = await makeTree({ "a.txt": "x" });
    await makeSymlink(root, "Dockerfile", path.join(outside, "Dockerfile"));
    await expect(packSourceContext(root)).rejects.toMatchObject({
      name: "ValidationError",
      parameter: "dockerFilePath",
    });
  });

  it("names the missing Dockerfile", async () => {
    const root = await makeTree({ "app.js": "x" });
    await expect(packSourceContext(root)).rejects.toThrow(/dockerFilePath.*"Dockerfile"/);
    await expect(packSourceContext(root, { dockerFilePath: "build/prod.Dockerfile" })).rejects.toThrow(
      /"build\/prod\.Dockerfile"/,
    );
  });

  it("rejects a missing Dockerfile outside the folder, the folder itself, and a missing folder, naming the parameter", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n" });
    await expect(packSourceContext(root, { dockerFilePath: "../no-such.Dockerfile" })).rejects.toMatchObject({
      parameter: "dockerFilePath",
    });
    await expect(packSourceContext(root, { dockerFilePath: ".." })).rejects.toMatchObject({
      parameter: "dockerFilePath",
      rule: expect.stringMatching(/must name a file/),
    });
    await expect(packSourceContext(root, { dockerFilePath: "." })).rejects.toMatchObject({
      parameter: "dockerFilePath",
      rule: expect.stringMatching(/sourceDir itself/),
    });
    await expect(packSourceContext(path.join(root, "nope"))).rejects.toMatchObject({ parameter: "sourceDir" });
  });

  it("needs no Dockerfile when told so (task runs)", async () => {
    const root = await makeTree({ "acr-task.yaml": "steps: []\n" });
    const paths = pathsOf(await readArchive(await pack(root, { requireDockerfile: false })));
    expect(paths).toEqual(["acr-task.yaml"]);
  });

  it("gives the same bytes for the same files: sorted entries, fixed mtimes", async () => {
    const root = await makeTree({
      Dockerfile: "FROM scratch\n",
      "b.txt": "b",
      "a/z.txt": "z",
      "a/b.txt": "b",
      "C.txt": "c",
    });
    const first = await streamToBuffer(await pack(root));
    await writeFile(path.join(root, "b.txt"), "b"); // same content, new mtime
    const second = await streamToBuffer(await pack(root));
    expect(second.equals(first)).toBe(true);
    const entries = await readArchive(first);
    expect(pathsOf(entries)).toEqual(["C.txt", "Dockerfile", "a/", "a/b.txt", "a/z.txt", "b.txt"]);
    // Files carry the fixed mtime; node-tar's portable mode leaves directories without one.
    const fileTimes = entries.filter((e) => e.type === "File").map((e) => e.mtime?.toISOString());
    expect(new Set(fileTimes)).toEqual(new Set(["2000-01-01T00:00:00.000Z"]));
  });

  it("names an inside Dockerfile by its path in the context, and packs it once", async () => {
    const root = await makeTree({ "build/app.Dockerfile": "FROM scratch\n", "a.txt": "x" });
    const packed = await packSourceContext(root, { dockerFilePath: path.join(root, "build/app.Dockerfile") });
    expect(packed.dockerFilePath).toBe("build/app.Dockerfile");
    expect(pathsOf(await readArchive(packed.archive))).toEqual(["a.txt", "build/", "build/app.Dockerfile"]);
  });

  describe("a Dockerfile outside the folder (az acr build -f ../docker/Dockerfile .)", () => {
    const dockerfile = "FROM alpine\nCOPY . /app\n";

    it("is packed at the archive's root under <32 hex digits of its SHA-256>_<file name>, and the run is pointed at it", async () => {
      const repo = await makeTree({
        "docker/Dockerfile": dockerfile,
        "app/main.sh": "echo hi\n",
        "app/.dockerignore": "*.tmp\n",
        "app/x.tmp": "x",
      });
      const packed = await packSourceContext(path.join(repo, "app"), { dockerFilePath: "../docker/Dockerfile" });
      const name = generatedName(dockerfile, "Dockerfile");
      expect(packed.dockerFilePath).toBe(name);
      expect(name).toMatch(/^[0-9a-f]{32}_Dockerfile$/);
      const entries = await readArchive(packed.archive);
      // The context's own entries, sorted, then the copy; the context's .dockerignore still applies.
      expect(pathsOf(entries)).toEqual([".dockerignore", "main.sh", name]);
      expect(entries.find((e) => e.path === name)).toMatchObject({
        type: "File",
        content: dockerfile,
        mtime: new Date("2000-01-01T00:00:00.000Z"),
      });
    });

    it("may be given as an absolute path, and keeps its own file name", async () => {
      const outside = await makeTree({ "prod.Dockerfile": dockerfile });
      const root = await makeTree({ "a.txt": "x" });
      const packed = await packSourceContext(root, { dockerFilePath: path.join(outside, "prod.Dockerfile") });
      expect(packed.dockerFilePath).toBe(generatedName(dockerfile, "prod.Dockerfile"));
      expect(pathsOf(await readArchive(packed.archive))).toEqual([
        "a.txt",
        generatedName(dockerfile, "prod.Dockerfile"),
      ]);
    });

    it("gives the same archive bytes for the same inputs (az's random name would not), and another name for another Dockerfile", async () => {
      const repo = await makeTree({ "docker/Dockerfile": dockerfile, "app/a.txt": "a" });
      const options = { dockerFilePath: "../docker/Dockerfile" };
      const first = await streamToBuffer(await pack(path.join(repo, "app"), options));
      await writeFile(path.join(repo, "docker/Dockerfile"), dockerfile); // same content, new mtime
      expect((await streamToBuffer(await pack(path.join(repo, "app"), options))).equals(first)).toBe(true);
      await writeFile(path.join(repo, "docker/Dockerfile"), "FROM alpine:3.20\n");
      const changed = await packSourceContext(path.join(repo, "app"), options);
      expect(changed.dockerFilePath).toBe(generatedName("FROM alpine:3.20\n", "Dockerfile"));
    });

    it("brings the <Dockerfile>.dockerignore beside it along, named after the copy, in place of the context's .dockerignore", async () => {
      const repo = await makeTree({
        "docker/Dockerfile": dockerfile,
        "docker/Dockerfile.dockerignore": "secret.txt\n",
        "app/.dockerignore": "other.txt\n",
        "app/secret.txt": "x",
        "app/other.txt": "x",
      });
      const packed = await packSourceContext(path.join(repo, "app"), { dockerFilePath: "../docker/Dockerfile" });
      const name = generatedName(dockerfile, "Dockerfile");
      const entries = await readArchive(packed.archive);
      expect(pathsOf(entries)).toEqual([".dockerignore", "other.txt", name, `${name}.dockerignore`]);
      expect(entries.find((e) => e.path === `${name}.dockerignore`)?.content).toBe("secret.txt\n");
    });

    it("is read through a symlink, as az and docker read it", async () => {
      const repo = await makeTree({ "real/Dockerfile": dockerfile, "app/a.txt": "x" });
      await makeSymlink(repo, "docker/Dockerfile", path.join(repo, "real/Dockerfile"));
      const packed = await packSourceContext(path.join(repo, "app"), { dockerFilePath: "../docker/Dockerfile" });
      expect((await readArchive(packed.archive)).find((e) => e.path === packed.dockerFilePath)?.content).toBe(
        dockerfile,
      );
    });

    it("takes the place of a file of the generated name in the folder only when it is the same file", async () => {
      const name = generatedName(dockerfile, "Dockerfile");
      const repo = await makeTree({
        "docker/Dockerfile": dockerfile,
        [`same/${name}`]: dockerfile,
        [`other/${name}`]: "FROM evil\n",
      });
      const same = await packSourceContext(path.join(repo, "same"), { dockerFilePath: "../docker/Dockerfile" });
      expect(pathsOf(await readArchive(same.archive))).toEqual([name]);
      await expect(
        packSourceContext(path.join(repo, "other"), { dockerFilePath: "../docker/Dockerfile" }),
      ).rejects.toMatchObject({
        name: "ValidationError",
        parameter: "dockerFilePath",
        rule: expect.stringMatching(/holds a different/),
      });
    });
  });

  it("rejects with an AbortError when aborted", async () => {
    const root = await makeTree({ Dockerfile: "FROM scratch\n" });
    await expect(packSourceContext(root, { abortSignal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
