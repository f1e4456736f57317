// .dockerignore semantics, through packSourceContext, on the cases of Docker's documentation
// (https://docs.docker.com/build/concepts/context/#dockerignore-files) and a few of moby's rules.
import { afterEach, describe, expect, it } from "vitest";
import { packSourceContext } from "../../../src/custom/lifecycle/index.js";
import { pathsOf, readArchive } from "./support/archive.js";
import { makeTree, removeTrees } from "./support/tree.js";

afterEach(removeTrees);

async function packedPaths(files: Record<string, string | null>, dockerFilePath?: string): Promise<string[]> {
  const root = await makeTree({ Dockerfile: "FROM scratch\n", ...files });
  return pathsOf(await readArchive((await packSourceContext(root, { dockerFilePath })).archive));
}

describe(".dockerignore, as Docker documents it", () => {
  it("skips comments and applies */temp*, */*/temp* and temp?", async () => {
    const paths = await packedPaths({
      ".dockerignore": "# comment\n*/temp*\n*/*/temp*\ntemp?\n",
      "# comment": "not a rule: comment lines are ignored",
      "somedir/temporary.txt": "x",
      "somedir/temp": "x",
      "somedir/kept.txt": "x",
      "somedir/subdir/temporary.txt": "x",
      "somedir/subdir/kept.txt": "x",
      "a/b/c/temporary.txt": "three levels down: no rule reaches it",
      tempa: "x",
      tempb: "x",
      temp: "no character after temp: not matched by temp?",
      "temporary.txt": "at the root: */temp* needs a folder",
    });
    expect(paths).toContain("# comment");
    expect(paths).toContain("somedir/kept.txt");
    expect(paths).toContain("somedir/subdir/kept.txt");
    expect(paths).toContain("a/b/c/temporary.txt");
    expect(paths).toContain("temp");
    expect(paths).toContain("temporary.txt");
    for (const excluded of [
      "somedir/temporary.txt",
      "somedir/temp",
      "somedir/subdir/temporary.txt",
      "tempa",
      "tempb",
    ]) {
      expect(paths).not.toContain(excluded);
    }
  });

  it("** matches any number of folders, including none", async () => {
    const paths = await packedPaths({
      ".dockerignore": "**/*.go\n",
      "main.go": "x",
      "pkg/a/b/c.go": "x",
      "pkg/a/b/c.txt": "x",
    });
    expect(paths).toContain("pkg/a/b/c.txt");
    expect(paths).not.toContain("main.go");
    expect(paths).not.toContain("pkg/a/b/c.go");
  });

  it("! makes exceptions: *.md with !README*.md and README-secret.md after it", async () => {
    const paths = await packedPaths({
      ".dockerignore": "*.md\n!README*.md\nREADME-secret.md\n",
      "README.md": "x",
      "README-dev.md": "x",
      "README-secret.md": "x",
      "CHANGELOG.md": "x",
    });
    expect(paths).toEqual(expect.arrayContaining(["README.md", "README-dev.md"]));
    expect(paths).not.toContain("README-secret.md");
    expect(paths).not.toContain("CHANGELOG.md");
  });

  it("the last matching line wins: README-secret.md before !README*.md has no effect", async () => {
    const paths = await packedPaths({
      ".dockerignore": "*.md\nREADME-secret.md\n!README*.md\n",
      "README.md": "x",
      "README-secret.md": "x",
      "CHANGELOG.md": "x",
    });
    expect(paths).toEqual(expect.arrayContaining(["README.md", "README-secret.md"]));
    expect(paths).not.toContain("CHANGELOG.md");
  });

  it("order matters: !README.md before *.md is overridden", async () => {
    const paths = await packedPaths({ ".dockerignore": "!README.md\n*.md\n", "README.md": "x", "other.txt": "x" });
    expect(paths).not.toContain("README.md");
    expect(paths).toContain("other.txt");
  });

  it("matches only from the root, and trims leading and trailing slashes", async () => {
    const paths = await packedPaths({
      ".dockerignore": "/foo/bar/\nabc\n",
      "foo/bar/file": "x",
      "foo/baz": "x",
      abc: "x",
      "nested/abc": "abc matches ./abc only, unlike .gitignore",
    });
    expect(paths).not.toContain("foo/bar/file");
    expect(paths).not.toContain("abc");
    expect(paths).toContain("foo/baz");
    expect(paths).toContain("nested/abc");
  });

  it("a rule with a trailing slash (secret/) excludes the folder and its content (az acr build packs them)", async () => {
    const paths = await packedPaths({
      ".dockerignore": "secret/\nlogs/**/\n",
      "secret/key.pem": "x",
      "logs/a/b.log": "x",
      "app.js": "x",
    });
    expect(paths.some((p) => p.startsWith("secret"))).toBe(false);
    expect(paths).not.toContain("logs/a/b.log");
    expect(paths).toContain("app.js");
  });

  it("is case-sensitive, as Docker is on Linux", async () => {
    const paths = await packedPaths({ ".dockerignore": "*.MD\nSecret\n", "a.md": "x", secret: "x", Secret: "x" });
    expect(paths).toContain("a.md");
    expect(paths).toContain("secret");
    expect(paths).not.toContain("Secret");
  });

  it("an excluded folder takes its content along, but an exception can bring a file back", async () => {
    const paths = await packedPaths({
      ".dockerignore": "vendor\n!vendor/keep/me.txt\nnode_modules/\n",
      "vendor/drop.txt": "x",
      "vendor/keep/me.txt": "x",
      "vendor/keep/not-me.txt": "x",
      "node_modules/pkg/index.js": "x",
    });
    expect(paths).toEqual(expect.arrayContaining(["vendor/", "vendor/keep/", "vendor/keep/me.txt"]));
    expect(paths).not.toContain("vendor/drop.txt");
    expect(paths).not.toContain("vendor/keep/not-me.txt");
    expect(paths.some((p) => p.startsWith("node_modules"))).toBe(false);
  });

  it("always sends the Dockerfile and the .dockerignore, even when they are excluded", async () => {
    const paths = await packedPaths({ ".dockerignore": "*\n", "other.txt": "x" });
    expect(paths.sort()).toEqual([".dockerignore", "Dockerfile"]);
  });

  it("strips a byte order mark and reads CRLF line endings", async () => {
    const paths = await packedPaths({
      ".dockerignore": "\uFEFFsecret.txt\r\n*.log\r\n",
      "secret.txt": "x",
      "a.log": "x",
      "a.txt": "x",
    });
    expect(paths).toContain("a.txt");
    expect(paths).not.toContain("secret.txt");
    expect(paths).not.toContain("a.log");
  });

  it("prefers <Dockerfile>.dockerignore beside the Dockerfile, as BuildKit does", async () => {
    const paths = await packedPaths(
      {
        "build/app.Dockerfile": "FROM scratch\n",
        "build/app.Dockerfile.dockerignore": "secret.txt\nbuild/app.Dockerfile\n",
        ".dockerignore": "other.txt\n",
        "secret.txt": "x",
        "other.txt": "x",
      },
      "build/app.Dockerfile",
    );
    expect(paths).not.toContain("secret.txt");
    expect(paths).toContain("other.txt");
    expect(paths).toEqual(expect.arrayContaining(["build/app.Dockerfile", "build/app.Dockerfile.dockerignore"]));
  });

  it("keeps an excluded Dockerfile's folder on the way to it", async () => {
    const paths = await packedPaths(
      { ".dockerignore": "docker\n", "docker/Dockerfile": "FROM scratch\n", "docker/junk": "x" },
      "docker/Dockerfile",
    );
    expect(paths).toEqual(expect.arrayContaining(["docker/", "docker/Dockerfile"]));
    expect(paths).not.toContain("docker/junk");
  });
});
