// .dockerignore with Docker's own semantics, through @balena/dockerignore (a port of moby's matcher:
// `#` comments in the first column, `!` exceptions, `*` and `?` within one path segment, `**` across
// segments, patterns anchored at the context root, the last matching pattern wins, and a directory's
// exclusion covering everything under it). Two differences from its defaults are fixed here:
// it matches case-insensitively unless told otherwise (Docker on Linux does not), and it does not
// strip a UTF-8 byte order mark from the first line (Docker does).
import { readFile } from "node:fs/promises";
import path from "node:path";
// @balena/dockerignore is a CommonJS module whose typings declare an ES default export. Its
// module.exports is the factory and carries itself as `.default`, so `.default` of the default import is
// the factory at run time (under Node's ESM loader and in a CommonJS bundle alike) and for the type
// checker. It is loaded on first use: importing it costs ~10 ms of start-up that most apps never need.
import type dockerignoreModule from "@balena/dockerignore";

type MatcherFactory = (typeof dockerignoreModule)["default"];
let createMatcher: MatcherFactory | undefined;

async function matcherFactory(): Promise<MatcherFactory> {
  return (createMatcher ??= (await import("@balena/dockerignore")).default.default);
}

export interface DockerIgnoreRules {
  /** Whether `relativePath` (posix separators, relative to the context) is excluded. */
  ignores(relativePath: string): boolean;
  /** True when some rule re-includes (`!`), so an excluded directory may still hold included files. */
  readonly hasExceptions: boolean;
}

/** Parses the content of a .dockerignore file. */
export async function parseDockerIgnore(content: string): Promise<DockerIgnoreRules> {
  const lines = content.replace(/^\uFEFF/, "").split(/\r?\n/);
  const matcher = (await matcherFactory())({ ignorecase: false }).add(lines);
  // Same reading as the matcher's: comment lines start in column 0; exceptions after trimming.
  const hasExceptions = lines.some(
    (line) => !line.startsWith("#") && line.trim().startsWith("!") && line.trim().length > 1,
  );
  return { hasExceptions, ignores: (relativePath) => relativePath !== "" && matcher.ignores(relativePath) };
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

/** Loads the rules of the first candidate that exists. None means no rules. */
export async function loadDockerIgnore(
  candidates: readonly string[],
): Promise<{ rules: DockerIgnoreRules; source: IgnoreFile | undefined }> {
  for (const file of candidates) {
    const content = await readIfExists(file);
    if (content !== undefined)
      return { rules: await parseDockerIgnore(content.toString("utf8")), source: { file, content } };
  }
  return { rules: await parseDockerIgnore(""), source: undefined };
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
