// BuildKit's rules for choosing the Dockerfile and the ignore file and for applying its rules to the
// paths it sends, each checked on the archive packed from a folder (read back).
import { afterAll, describe, it } from "vitest";
import { checkContextCase, type ContextCase } from "./support/contextCases.js";
import { removeTrees } from "./support/tree.js";

afterAll(removeTrees);

const cases: ContextCase[] = [
  {
    name: "the .dockerignore at the context's root applies",
    files: { ".dockerignore": "secret.txt\n", "secret.txt": "x", "app.js": "x" },
    sent: ["app.js"],
    notSent: ["secret.txt"],
  },
  {
    name: "a <Dockerfile>.dockerignore beside the Dockerfile replaces the context's .dockerignore",
    files: {
      "build/app.Dockerfile": "FROM scratch\n",
      "build/app.Dockerfile.dockerignore": "secret.txt\n",
      ".dockerignore": "other.txt\n",
      "secret.txt": "x",
      "other.txt": "x",
    },
    options: { dockerFilePath: "build/app.Dockerfile" },
    sent: ["other.txt", "build/app.Dockerfile.dockerignore", ".dockerignore"],
    notSent: ["secret.txt"],
  },
  {
    name: "a .dockerignore in a subfolder is an ordinary file, not rules",
    files: { "sub/.dockerignore": "*\n", "sub/a.txt": "x" },
    sent: ["sub/.dockerignore", "sub/a.txt"],
  },
  {
    name: "a lowercase dockerfile is used when there is no Dockerfile",
    noDockerfile: true,
    files: { dockerfile: "FROM scratch\n", "app.js": "x" },
    sent: ["dockerfile", "app.js"],
    dockerFilePath: "dockerfile",
  },
  {
    name: "Dockerfile is preferred when both are there, and the other is an ordinary file",
    files: { dockerfile: "FROM other\n", ".dockerignore": "dockerfile\n" },
    sent: ["Dockerfile"],
    notSent: ["dockerfile"],
    dockerFilePath: "Dockerfile",
  },
  {
    name: "dockerfile.dockerignore applies to the lowercase dockerfile",
    noDockerfile: true,
    files: { dockerfile: "FROM scratch\n", "dockerfile.dockerignore": "a.txt\n", "a.txt": "x", "b.txt": "x" },
    sent: ["b.txt", "dockerfile.dockerignore"],
    notSent: ["a.txt"],
    dockerFilePath: "dockerfile",
  },
  {
    name: "a Dockerfile named by the caller gets no fallback",
    noDockerfile: true,
    files: { dockerfile: "FROM scratch\n" },
    options: { dockerFilePath: "Dockerfile" },
    refused: { parameter: /^dockerFilePath$/, rule: /no Dockerfile "Dockerfile"/ },
  },
  {
    name: "patterns are anchored at the root: foo does not match a/foo",
    files: { ".dockerignore": "foo\n", foo: "x", "a/foo": "x" },
    sent: ["a/foo"],
    notSent: ["foo"],
  },
  {
    name: "/foo, ./bar, baz/ and x/../qux are cleaned to foo, bar, baz and qux",
    files: { ".dockerignore": "/foo\n./bar\nbaz/\nx/../qux\n", foo: "x", bar: "x", "baz/a": "x", qux: "x", keep: "x" },
    sent: ["keep"],
    notSent: ["foo", "bar", "baz/", "baz/a", "qux"],
  },
  {
    name: "a folder's exclusion covers everything below it",
    files: { ".dockerignore": "logs\n", "logs/a/b/c.log": "x", "logs.txt": "x" },
    sent: ["logs.txt"],
    notSent: ["logs/", "logs/a/", "logs/a/b/c.log"],
  },
  {
    name: "the last matching line wins",
    files: { ".dockerignore": "*.md\n!README*.md\nREADME-secret.md\n", "README.md": "x", "README-secret.md": "x" },
    sent: ["README.md"],
    notSent: ["README-secret.md"],
  },
  {
    name: "an exception before the exclusion has no effect",
    files: { ".dockerignore": "!README.md\n*.md\n", "README.md": "x" },
    notSent: ["README.md"],
  },
  {
    name: "an exception brings back a file below an excluded folder, with the folders on the way",
    files: { ".dockerignore": "docs\n!docs/api/README.md\n", "docs/api/README.md": "x", "docs/api/other.md": "x" },
    sent: ["docs/", "docs/api/", "docs/api/README.md"],
    notSent: ["docs/api/other.md"],
  },
  {
    name: "an exception brings a whole folder back: * then !src",
    files: { ".dockerignore": "*\n!src\n", "src/a/b.ts": "x", "lib/c.ts": "x" },
    sent: ["src/", "src/a/", "src/a/b.ts"],
    notSent: ["lib/", "lib/c.ts"],
  },
  {
    name: "matching is case-sensitive",
    files: { ".dockerignore": "Secret\n*.MD\n", secret: "x", Secret: "x", "a.md": "x" },
    sent: ["secret", "a.md"],
    notSent: ["Secret"],
  },
  {
    name: "a comment is a # in the first column only: ' #x' is a pattern",
    files: { ".dockerignore": "#a\n #x\n", "#a": "x", "#x": "x" },
    sent: ["#a"],
    notSent: ["#x"],
  },
  {
    name: "a byte order mark is dropped, CRLF lines are read and a pattern's spaces trimmed",
    files: { ".dockerignore": "\uFEFFa.txt\r\n\t b.txt  \r\n", "a.txt": "x", "b.txt": "x", "c.txt": "x" },
    sent: ["c.txt"],
    notSent: ["a.txt", "b.txt"],
  },
  {
    name: "an excluded empty folder is left out, an included one sent",
    files: { ".dockerignore": "tmp\n", tmp: null, empty: null },
    sent: ["empty/"],
    notSent: ["tmp/"],
  },
  {
    name: "the Dockerfile and the ignore file in use are sent even when the rules exclude them",
    files: { ".dockerignore": "*\n", "a.txt": "x" },
    sent: ["Dockerfile", ".dockerignore"],
    notSent: ["a.txt"],
  },
  {
    name: "build/** leaves build's content out but sends the folder itself (** needs something after build/)",
    files: { ".dockerignore": "build/**\n", "build/out.js": "x" },
    sent: ["build/"],
    notSent: ["build/out.js"],
  },
  {
    name: "a symlink is matched by its own path and sent as a link, never followed",
    files: { ".dockerignore": "real\n", "real/a.txt": "x" },
    symlinks: { data: "real" },
    sent: ["data"],
    notSent: ["real/", "real/a.txt", "data/a.txt"],
  },
];

describe("BuildKit's rules, through the packing", () => {
  for (const testCase of cases) it(testCase.name, () => checkContextCase(testCase));
});
