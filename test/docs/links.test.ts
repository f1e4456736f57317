// The documentation's relative links resolve: every link of the README, docs/, the emulator's README and
// the bench pages names a file or folder of the repository, and every #anchor into a Markdown page names
// one of its headings, slugged as GitHub slugs them (github-slugger: lower case, punctuation dropped,
// spaces to hyphens, a repeated heading suffixed -1, -2, ...). And the README stays a page one reads in
// one go: at most 200 lines, the rest in docs/.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import GithubSlugger from "github-slugger";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The pages whose links are checked, relative to the repository's root. */
function documentationPages(root: string): string[] {
  const markdownIn = (folder: string) =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder))
          .filter((name) => name.endsWith(".md"))
          .map((name) => `${folder}/${name}`)
      : [];
  return ["README.md", ...markdownIn("docs"), "emulator/README.md", ...markdownIn("bench")];
}

/** The page's lines, those of fenced code blocks (and their fences) blanked, numbered as in the page. */
function linesOutsideFences(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return "";
    }
    if (marker) {
      fence = marker;
      return "";
    }
    return line;
  });
}

/** The page's lines with what holds no links blanked: code blocks, code spans and HTML comments. */
function proseLines(markdown: string): string[] {
  return linesOutsideFences(markdown).map((line) =>
    line.replace(/(`+)[^`]*?\1/g, (span) => " ".repeat(span.length)).replace(/<!--.*?-->/g, ""),
  );
}

/** The anchors GitHub gives the page's headings (ATX headings, `#` to `######`). */
function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const line of linesOutsideFences(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    // The heading's text as GitHub renders it: code spans keep their content, links their text, no tags.
    const text = heading
      .replace(/`([^`]*)`/g, "$1")
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "");
    anchors.add(slugger.slug(text));
  }
  return anchors;
}

interface BrokenLink {
  page: string;
  line: number;
  target: string;
  reason: string;
}

/** Every relative link of `page` (relative to `root`) that does not resolve, with why. */
function brokenLinks(root: string, page: string): BrokenLink[] {
  const pagePath = join(root, page);
  const broken: BrokenLink[] = [];
  const targets: { line: number; target: string }[] = [];
  proseLines(readFileSync(pagePath, "utf8")).forEach((line, index) => {
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g))
      targets.push({ line: index + 1, target: match[1]! });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(line);
    if (definition) targets.push({ line: index + 1, target: definition[1]! });
  });
  for (const { line, target } of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue; // https:, mailto:, ...
    const hashAt = target.indexOf("#");
    const path = decodeURIComponent(hashAt < 0 ? target : target.slice(0, hashAt));
    const anchor = hashAt < 0 ? undefined : decodeURIComponent(target.slice(hashAt + 1));
    const resolved =
      path === "" ? pagePath : path.startsWith("/") ? join(root, path) : resolve(dirname(pagePath), path);
    const fail = (reason: string) => broken.push({ page, line, target, reason });
    const fromRoot = relative(root, resolved);
    if (fromRoot === ".." || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot))
      fail("points outside the repository");
    else if (!existsSync(resolved)) fail("no such file or folder");
    else if (
      anchor !== undefined &&
      resolved.endsWith(".md") &&
      !headingAnchors(readFileSync(resolved, "utf8")).has(anchor)
    )
      fail(`no heading with the anchor #${anchor}`);
  }
  return broken;
}

describe("the documentation's links", () => {
  it.each(documentationPages(repoRoot))("every relative link and #anchor in %s resolves", (page) => {
    expect(existsSync(join(repoRoot, page))).toBe(true);
    expect(brokenLinks(repoRoot, page)).toEqual([]);
  });

  it("README.md is at most 200 lines", () => {
    const lines = readFileSync(join(repoRoot, "README.md"), "utf8").replace(/\n$/, "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(200);
  });
});

describe("the link check itself", () => {
  const sample = mkdtempSync(join(tmpdir(), "acr-tasks-links-"));
  afterAll(() => rmSync(sample, { recursive: true, force: true }));

  it("reports missing files, missing anchors and links out of the tree, and nothing else", () => {
    writeFileSync(join(sample, "other.md"), "# Other page\n\n## ARM's rate limit\n\n## Notes\n\n## Notes\n");
    writeFileSync(join(sample, "code.ts"), "export {};\n");
    writeFileSync(
      join(sample, "page.md"),
      [
        "# The `page`: first", // line 1
        "[fine](other.md) [fine](./code.ts) [folder](./) [self](#the-page-first) [web](https://example.com/x.md)",
        "[anchor](other.md#arms-rate-limit) [repeated](other.md#notes-1) [line](code.ts#L1)",
        "[gone](missing.md) and [titled](missing-too.md 'a title')", // line 4: two broken
        "[no heading](other.md#nowhere) [twice too many](other.md#notes-2)", // line 5: two broken
        "[out](../outside.md)", // line 6
        "```md",
        "[in a fence](fenced-missing.md)",
        "```",
        "`[in a code span](span-missing.md)` [ref]: defined-missing.md",
        "[ref]: reference-missing.md", // line 11
      ].join("\n"),
    );
    expect(brokenLinks(sample, "page.md").map(({ line, target, reason }) => ({ line, target, reason }))).toEqual([
      { line: 4, target: "missing.md", reason: "no such file or folder" },
      { line: 4, target: "missing-too.md", reason: "no such file or folder" },
      { line: 5, target: "other.md#nowhere", reason: "no heading with the anchor #nowhere" },
      { line: 5, target: "other.md#notes-2", reason: "no heading with the anchor #notes-2" },
      { line: 6, target: "../outside.md", reason: "points outside the repository" },
      { line: 11, target: "reference-missing.md", reason: "no such file or folder" },
    ]);
  });

  it("slugs headings as GitHub does: punctuation dropped, code kept as text, repeats numbered", () => {
    const anchors = headingAnchors(
      "# streamLogs: from a line to the line yielded\n## What `npm test` checks\n## [The client](client.md)\n" +
        "## Notes\n## Notes\n```\n# not a heading\n```\n",
    );
    expect([...anchors]).toEqual([
      "streamlogs-from-a-line-to-the-line-yielded",
      "what-npm-test-checks",
      "the-client",
      "notes",
      "notes-1",
    ]);
  });
});
