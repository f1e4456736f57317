// Where a build's Dockerfile comes from, the name the run request gives it, and what it adds to the archive.
// A Dockerfile inside sourceDir is packed where it is and named by its path in the context.
// A Dockerfile outside it (`az acr build -f ../docker/Dockerfile .`) is packed as az packs it: a copy at
// the archive's root named `<32 hex digits>_<its file name>`, which the run is pointed at. az takes the
// hex digits from a random uuid4, so every archive it packs differs; here they are the start of the
// SHA-256 of the Dockerfile's bytes, so the same inputs give the same archive, byte for byte, and a file
// of that name already in sourceDir can only be a copy of that same Dockerfile.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ValidationError } from "../errors.js";
import type { IgnoreFile } from "./dockerignore.js";
import { requireString } from "./stringInput.js";

/** The permission bits of the ignore file's copy (read-write for its owner, readable by all). */
const COPY_MODE = 0o644;

/** A file packed from outside sourceDir, under the name it has in the archive. */
export interface OutsideFile {
  /** Its path in the archive (a name at the root). */
  readonly path: string;
  /** Where it was read from (absolute). */
  readonly source: string;
  readonly content: Buffer;
  /** Its permission bits. */
  readonly mode: number;
}

/**
 * The Dockerfile a build uses when none is named: `Dockerfile`, or a lowercase `dockerfile` when the
 * folder has no `Dockerfile`, as Docker and BuildKit fall back to it. The folder's own listing decides,
 * so that the name packed and the name the build request gives are the same on a case-insensitive disk.
 */
export function defaultDockerfileName(root: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(root);
  } catch {
    // Unreadable: locateDockerfile reports it.
  }
  return !names.includes("Dockerfile") && names.includes("dockerfile") ? "dockerfile" : "Dockerfile";
}

export type ContextDockerfile =
  /** `path` is posix and relative to the context root. */
  | { readonly kind: "inside"; readonly path: string; readonly absolute: string }
  /** `path` is the generated name; `absolute` is where it was read from, as the caller named it. */
  | { readonly kind: "outside"; readonly path: string; readonly absolute: string; readonly copy: OutsideFile };

/** The folder to pack, as its real path (symlinks resolved). */
export async function resolveSourceDir(sourceDir: string): Promise<string> {
  requireString("sourceDir", sourceDir);
  let root: string;
  try {
    root = await realpath(path.resolve(sourceDir));
  } catch {
    throw new ValidationError("sourceDir", `must be an existing folder: ${sourceDir} was not found`);
  }
  if (!(await stat(root)).isDirectory())
    throw new ValidationError("sourceDir", `must be a folder: ${sourceDir} is not one`);
  return root;
}

/**
 * Finds the Dockerfile `dockerFilePath` names (relative to sourceDir, or absolute) and checks that it is
 * an existing file. One inside the folder must not be a symlink to outside it (the folder's content
 * never brings in files from elsewhere); one outside is read through any symlink, as az and docker do.
 */
export async function locateDockerfile(
  sourceDir: string,
  root: string,
  dockerFilePath: string,
): Promise<ContextDockerfile> {
  requireString("dockerFilePath", dockerFilePath);
  const given = path.resolve(sourceDir, dockerFilePath);
  // Inside the folder as the caller named it, or as its real path (sourceDir may itself be a symlink).
  const relative = [path.relative(path.resolve(sourceDir), given), path.relative(root, given)].find(isDescendant);
  if (relative === "")
    throw new ValidationError("dockerFilePath", `must name a file: ${dockerFilePath} is sourceDir itself`);
  if (relative !== undefined) {
    const inContext = relative.split(path.sep).join("/");
    const absolute = path.join(root, relative);
    await checkInsideDockerfile(root, absolute, inContext, sourceDir);
    return { kind: "inside", path: inContext, absolute };
  }
  const copy = await readOutsideFile(given, dockerFilePath);
  const name = `${createHash("sha256").update(copy.content).digest("hex").slice(0, 32)}_${path.basename(given)}`;
  return { kind: "outside", path: name, absolute: given, copy: { ...copy, path: name, source: given } };
}

/**
 * The Dockerfile and the ignore file in use always go in: from the folder where they are inside it, as
 * copies otherwise. The ignore file beside an outside Dockerfile is named after the Dockerfile's copy,
 * so a BuildKit build of the uploaded context applies the same rules again.
 */
export function filesToPack(
  root: string,
  dockerfile: ContextDockerfile | undefined,
  ignore: IgnoreFile | undefined,
): { alwaysIncluded: Set<string>; outside: OutsideFile[] } {
  const alwaysIncluded = new Set<string>();
  const outside: OutsideFile[] = [];
  if (dockerfile?.kind === "inside") alwaysIncluded.add(dockerfile.path);
  if (dockerfile?.kind === "outside") outside.push(dockerfile.copy);
  if (ignore && dockerfile?.kind === "outside" && ignore.file === `${dockerfile.absolute}.dockerignore`) {
    outside.push({
      path: `${dockerfile.path}.dockerignore`,
      source: ignore.file,
      content: ignore.content,
      mode: COPY_MODE,
    });
  } else if (ignore && isInside(root, ignore.file)) {
    alwaysIncluded.add(path.relative(root, ignore.file).split(path.sep).join("/"));
  }
  return { alwaysIncluded, outside };
}

/** A file of sourceDir that has the name of a copy can only be the same file (the name is its hash); refuse it otherwise. */
export async function checkShadowedNames(
  root: string,
  shadowed: readonly string[],
  outside: readonly OutsideFile[],
): Promise<void> {
  for (const name of shadowed) {
    const copy = outside.find((file) => file.path === name)!;
    const same = await readFile(path.join(root, name)).then(
      (content) => content.equals(copy.content),
      () => false,
    );
    if (!same)
      throw new ValidationError("dockerFilePath", `cannot be packed as ${name}: sourceDir holds a different ${name}`);
  }
}

async function checkInsideDockerfile(
  root: string,
  absolute: string,
  inContext: string,
  sourceDir: string,
): Promise<void> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw new ValidationError(
      "dockerFilePath",
      `must name an existing file: no Dockerfile "${inContext}" in ${sourceDir}`,
    );
  }
  if (!isInside(root, real)) {
    throw new ValidationError(
      "dockerFilePath",
      `must not lead outside sourceDir: "${inContext}" is a symlink to ${real} (name that file itself to pack it from there)`,
    );
  }
  if (!(await stat(real)).isFile())
    throw new ValidationError("dockerFilePath", `must name a file: "${inContext}" in ${sourceDir} is not a file`);
}

async function readOutsideFile(file: string, named: string): Promise<Omit<OutsideFile, "path" | "source">> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ValidationError("dockerFilePath", `must name an existing file: ${named} (${file}) was not found`);
  }
  if (!info.isFile()) throw new ValidationError("dockerFilePath", `must name a file: ${named} (${file}) is not a file`);
  return { content: await readFile(file), mode: info.mode & 0o7777 };
}

/** Whether `candidate` is `root` or below it. */
export function isInside(root: string, candidate: string): boolean {
  return isDescendant(path.relative(root, candidate));
}

function isDescendant(relative: string): boolean {
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
