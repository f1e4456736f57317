// .dockerignore lines from users' reports, checked on the archive packed from a folder (read back):
// regular-expression characters that are only names, code points, `**` forms, Docker's refusals, and
// the context's VCS metadata.
import { realpath } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { createBlobTransport, quickBuild } from "../../../src/custom/lifecycle/index.js";
import type { TestBlobServer } from "./support/blobServer.js";
import { checkContextCase, type ContextCase } from "./support/contextCases.js";
import { fakeRegistries } from "./support/fakeRegistries.js";
import { makeTree, removeTrees } from "./support/tree.js";

afterAll(removeTrees);

const wheel = "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl";

const matched: ContextCase[] = [
  {
    name: "c++ is a name",
    files: { ".dockerignore": "c++\n", "c++": "x", c: "x", cc: "x" },
    sent: ["c", "cc"],
    notSent: ["c++"],
  },
  {
    name: "a(b)c is a name",
    files: { ".dockerignore": "a(b)c\n", "a(b)c": "x", abc: "x", ac: "x" },
    sent: ["abc", "ac"],
    notSent: ["a(b)c"],
  },
  {
    name: "a + in a wheel's file name is itself, in the name and under *.whl",
    files: {
      ".dockerignore": `${wheel}\n`,
      [wheel]: "x",
      "dist/proxy.py-2.4.0rc3.dev36g08acad9-py3-none-any.whl": "x",
    },
    sent: ["dist/proxy.py-2.4.0rc3.dev36g08acad9-py3-none-any.whl"],
    notSent: [wheel],
  },
  {
    name: "a | is a name, not an alternative",
    files: { ".dockerignore": "a|b\n", "a|b": "x", a: "x", b: "x" },
    sent: ["a", "b"],
    notSent: ["a|b"],
  },
  {
    name: "a ! line brings back a file whose name has regular-expression characters",
    files: { ".dockerignore": `dist\n!${wheel}\n!dist/c++\n`, [wheel]: "x", "dist/c++": "x", "dist/other.whl": "x" },
    sent: [wheel, "dist/c++"],
    notSent: ["dist/other.whl"],
  },
  {
    name: "$, ^, {} and . are names too",
    files: { ".dockerignore": "$HOME\n{a,b}\na^b\n*.txt\n", $HOME: "x", "{a,b}": "x", a: "x", "a^b": "x", atxt: "x" },
    sent: ["a", "atxt"],
    notSent: ["$HOME", "{a,b}", "a^b"],
  },
  {
    name: "? matches one code point: emoji-?.md matches emoji-😀.md, not emoji-ab.md",
    files: { ".dockerignore": "emoji-?.md\n", "emoji-😀.md": "x", "emoji-ab.md": "x", "emoji-é.md": "x" },
    sent: ["emoji-ab.md"],
    notSent: ["emoji-😀.md", "emoji-é.md"],
  },
  {
    name: "a class matches one code point: [^a] matches 😀, [α-ω] matches λ",
    files: { ".dockerignore": "x[^a]y\n[α-ω]\n", "x😀y": "x", xay: "x", λ: "x", A: "x" },
    sent: ["xay", "A"],
    notSent: ["x😀y", "λ"],
  },
  {
    name: "**file matches myfile and dir/myfile, as Docker's current matcher does",
    files: { ".dockerignore": "**file\n", myfile: "x", "dir/myfile": "x", "file.txt": "x" },
    sent: ["file.txt"],
    notSent: ["myfile", "dir/myfile"],
  },
  {
    name: "**/file matches file at any depth but not myfile",
    files: { ".dockerignore": "**/file\n", file: "x", "a/b/file": "x", myfile: "x" },
    sent: ["myfile"],
    notSent: ["file", "a/b/file"],
  },
  {
    name: "**/*.log matches at the root and below",
    files: { ".dockerignore": "**/*.log\n", "a.log": "x", "x/y/b.log": "x", "x/y/b.txt": "x" },
    sent: ["x/y/b.txt"],
    notSent: ["a.log", "x/y/b.log"],
  },
  {
    name: "* stops at /: *.md does not match docs/a.md",
    files: { ".dockerignore": "*.md\n", "a.md": "x", "docs/a.md": "x" },
    sent: ["docs/a.md"],
    notSent: ["a.md"],
  },
  {
    name: "\\* is a star, \\\\ a backslash",
    files: { ".dockerignore": "a\\*b\nc\\\\\n", "a*b": "x", axb: "x", "c\\": "x" },
    sent: ["axb"],
    notSent: ["a*b", "c\\"],
  },
  {
    name: "spaces inside a name stay, spaces around it go",
    files: { ".dockerignore": "  my file.txt  \n", "my file.txt": "x", "myfile.txt": "x" },
    sent: ["myfile.txt"],
    notSent: ["my file.txt"],
  },
  {
    name: "the context's .git is left out by default",
    files: { ".git/HEAD": "x", ".gitignore": "x", "app.js": "x" },
    sent: ["app.js"],
    notSent: [".git/", ".git/HEAD", ".gitignore"],
  },
  {
    name: "!.git/** brings .git back (the ACR FAQ's recipe), with its folders",
    files: { ".dockerignore": "!.git/**\n", ".git/HEAD": "x", ".git/refs/heads/main": "x" },
    sent: [".git/", ".git/HEAD", ".git/refs/", ".git/refs/heads/main"],
  },
  {
    name: "!.git brings .git back whole, !.gitignore the ignore file",
    files: { ".dockerignore": "!.git\n!.gitignore\n", ".git/objects/ab/cd": "x", ".gitignore": "x" },
    sent: [".git/", ".git/objects/ab/cd", ".gitignore"],
  },
  {
    name: "a nested .git (a submodule's pointer, a vendored clone) is sent, as Docker and az send it",
    files: {
      "lib/sub/.git": "gitdir: ../../.git/modules/sub\n",
      "vendor/x/.git/HEAD": "x",
      "vendor/x/.gitignore": "x",
    },
    sent: ["lib/sub/.git", "vendor/x/.git/HEAD", "vendor/x/.gitignore"],
  },
  {
    name: "**/.git leaves nested ones out too",
    files: { ".dockerignore": "**/.git\n", "lib/sub/.git": "x", "vendor/x/.git/HEAD": "x", "lib/sub/a.c": "x" },
    sent: ["lib/sub/a.c"],
    notSent: ["lib/sub/.git", "vendor/x/.git/", "vendor/x/.git/HEAD"],
  },
];

const refused: [pattern: string, rule: RegExp][] = [
  ["[]a]", /syntax error in pattern/],
  ["[-]", /syntax error in pattern/],
  ["[x-]", /syntax error in pattern/],
  ["\\", /syntax error in pattern/],
  ["[a-b-c]", /syntax error in pattern/],
  ["[", /syntax error in pattern/],
  ["a[", /syntax error in pattern/],
  ["[z-a]", /syntax error in pattern.*runs backwards/],
  ["!", /illegal exclusion pattern/],
];

describe(".dockerignore edge cases from users' reports, through the packing", () => {
  for (const testCase of matched) it(testCase.name, () => checkContextCase(testCase));

  it.each(refused)(
    "refuses %s as Docker does, naming the file, the line and the rule, before any request",
    async (pattern, rule) => {
      const sourceDir = await makeTree({ Dockerfile: "FROM scratch\n", ".dockerignore": `# rules\nok\n${pattern}\n` });
      const ignoreFile = `${await realpath(sourceDir)}/.dockerignore`;
      const { registries, getBuildSourceUploadUrl, scheduleRun } = fakeRegistries({} as TestBlobServer);
      const building = quickBuild(registries, createBlobTransport(), "rg", "registry", {
        sourceDir,
        platform: { os: "Linux" },
      });
      await expect(building).rejects.toMatchObject({
        name: "ValidationError",
        parameter: `${ignoreFile} line 3`,
        rule: expect.stringMatching(rule),
      });
      await expect(building).rejects.toThrow(`${ignoreFile} line 3`);
      expect(getBuildSourceUploadUrl).not.toHaveBeenCalled();
      expect(scheduleRun).not.toHaveBeenCalled();
    },
  );
});
