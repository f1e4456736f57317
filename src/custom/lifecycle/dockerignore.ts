// .dockerignore as Docker reads it (moby/patternmatcher's ignorefile reader and matcher): a UTF-8 byte
// order mark dropped, a line starting with `#` in its first column a comment, each other line trimmed of
// white space, a leading `!` making an exception, the pattern cleaned like a path (`./a//b/../c` is `a/c`,
// a trailing `/` dropped) and a leading `/` removed. A path is excluded when the last rule that matches it,
// or one of the folders above it, is not an exception. A pattern Docker refuses is refused here, naming
// the file and the line, before anything is packed.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ValidationError } from "../errors.js";
import { compilePattern, PatternSyntaxError, type IgnorePattern } from "./ignorePattern.js";

/** One rule: a pattern, and whether it is an exception (`!`). */
export interface IgnoreRule {
  readonly pattern: IgnorePattern;
  readonly exception: boolean;
}

/** Where matching stands at one path: which rules matched it or a folder above it. */
export interface PathMatch {
  readonly path: string;
  readonly excluded: boolean;
  /** Per rule, whether it matched this path or a folder above it. */
  readonly matched: readonly boolean[];
}

/**
 * Version-control metadata at the context's root, left out by default as `az acr build` leaves it out,
 * but as rules of the lowest priority: a `!` line brings them back (`!.git/**`, the ACR FAQ's recipe).
 * Below the root, a `.git` (a submodule's pointer, a vendored clone) is sent as Docker and az send it.
 */
const DEFAULT_RULES = [".git", ".gitignore", ".hg", ".hgignore", ".svn", ".bzr", ".bzrignore"];

export class DockerIgnoreRules {
  /** The rules in order of priority, lowest first: the defaults, then the file's lines. */
  readonly rules: readonly IgnoreRule[];
  private readonly rootMatch: PathMatch;

  constructor(fileRules: readonly IgnoreRule[]) {
    const defaultRules = DEFAULT_RULES.map((text) => ({ pattern: compilePattern(text), exception: false }));
    this.rules = [...defaultRules, ...fileRules];
    this.rootMatch = { path: "", excluded: false, matched: this.rules.map(() => false) };
  }

  /** The context's root, which no rule excludes. */
  root(): PathMatch {
    return this.rootMatch;
  }

  /** Matches `entryPath`, a child of the folder `parent` matched. */
  match(parent: PathMatch, entryPath: string): PathMatch {
    let last = -1;
    const matched = this.rules.map((rule, index) => {
      const hit = parent.matched[index]! || rule.pattern.matches(entryPath);
      if (hit) last = index;
      return hit;
    });
    return { path: entryPath, excluded: last >= 0 && !this.rules[last]!.exception, matched };
  }

  /**
   * Whether something below the excluded folder `dir` could be included again. Only an exception after
   * the last rule that matched the folder can: every rule that matched it matches what it holds.
   */
  mayIncludeBelow(dir: PathMatch): boolean {
    const last = dir.matched.lastIndexOf(true);
    return this.rules.some((rule, index) => index > last && rule.exception && rule.pattern.mayMatchBelow(dir.path));
  }
}

/** Parses the content of an ignore file; `file` names it in errors. Throws a ValidationError. */
export function parseDockerIgnore(content: string, file = ".dockerignore"): DockerIgnoreRules {
  const rules: IgnoreRule[] = [];
  const lines = content.replace(/^\uFEFF/, "").split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((raw, index) => {
    const line = index + 1;
    const rule = readRule(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
    if (rule === undefined) return;
    if (rule.pattern === "")
      throw new ValidationError(`${file} line ${line}`, 'is an illegal exclusion pattern: "!" excepts nothing');
    try {
      rules.push({ pattern: compilePattern(rule.pattern), exception: rule.exception });
    } catch (error) {
      if (!(error instanceof PatternSyntaxError)) throw error;
      throw new ValidationError(
        `${file} line ${line}`,
        `has a syntax error in pattern ${JSON.stringify(raw.trim())}: ${error.problem} (Docker refuses it too)`,
      );
    }
  });
  return new DockerIgnoreRules(rules);
}

/** A line's pattern (cleaned, its `!` and a leading `/` removed); undefined for a comment or a blank line. */
function readRule(line: string): { pattern: string; exception: boolean } | undefined {
  if (line.startsWith("#")) return undefined;
  let pattern = trimSpace(line);
  if (pattern === "") return undefined;
  const exception = pattern.startsWith("!");
  if (exception) pattern = trimSpace(pattern.slice(1));
  if (pattern !== "") {
    pattern = cleanPath(pattern);
    if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
  }
  return { pattern, exception };
}

/** White space as Go's strings.TrimSpace sees it (JavaScript's trim also takes U+FEFF and not U+0085). */
const SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+";
const EDGE_SPACE = new RegExp(`^${SPACE}|${SPACE}$`, "g");

function trimSpace(text: string): string {
  return text.replace(EDGE_SPACE, "");
}

/**
 * The shortest path naming the same place, as Go's path cleaning gives it: repeated slashes collapsed,
 * `.` elements dropped, `..` removing the element before it (and dropped at the root), no trailing
 * slash, and `.` for nothing.
 */
export function cleanPath(text: string): string {
  const rooted = text.startsWith("/");
  const parts: string[] = [];
  for (const part of text.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") parts.push(part);
    else if (parts.length > 0 && parts.at(-1) !== "..") parts.pop();
    else if (!rooted) parts.push(part);
  }
  const joined = parts.join("/");
  return rooted ? `/${joined}` : joined || ".";
}

/** The ignore file whose rules apply, and its bytes (packed along with the context). */
export interface IgnoreFile {
  /** Its absolute path. */
  readonly file: string;
  readonly content: Buffer;
}

/**
 * The ignore files that may apply to a build of the Dockerfile at `dockerfile` (an absolute path, inside
 * the context or not), best first: as BuildKit does, a `<Dockerfile>.dockerignore` beside the
 * Dockerfile takes precedence over the context's `.dockerignore`.
 */
export function ignoreFileCandidates(contextDir: string, dockerfile: string | undefined): string[] {
  return [...(dockerfile ? [`${dockerfile}.dockerignore`] : []), path.join(contextDir, ".dockerignore")];
}

/** Loads the rules of the first candidate that exists, after the default rules. None means the defaults alone. */
export async function loadDockerIgnore(
  candidates: readonly string[],
): Promise<{ rules: DockerIgnoreRules; source: IgnoreFile | undefined }> {
  for (const file of candidates) {
    const content = await readIfExists(file);
    if (content !== undefined)
      return { rules: parseDockerIgnore(content.toString("utf8"), file), source: { file, content } };
  }
  return { rules: new DockerIgnoreRules([]), source: undefined };
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
