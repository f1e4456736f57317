// The local files a command reads (the folder to upload, a Dockerfile, a task or values file), checked
// before anything is sent: a missing one is exit code 2, naming the flag and the path.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { badInput } from "./errors.js";

function kindOf(path: string): "file" | "folder" | "other" | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? "file" : stat.isDirectory() ? "folder" : "other";
  } catch {
    return undefined;
  }
}

/** DIR: a local folder (az also takes git and tarball URLs, which acr-tasks does not upload from). */
export function localFolder(path: string, what = "DIR"): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^git@/i.test(path))
    throw badInput(`${what} must be a local folder: acr-tasks packs and uploads local folders only, got '${path}'`);
  const kind = kindOf(path);
  if (kind !== "folder")
    throw badInput(`${what} must be an existing folder: '${path}' ${kind ? "is not a folder" : "does not exist"}`);
  return path;
}

/** A file named by a flag, resolved against `base`: it must exist. Returns its absolute path. */
export function localFile(base: string, path: string, flagName: string, where?: string): string {
  const absolute = resolve(base, path);
  const kind = kindOf(absolute);
  if (kind !== "file")
    throw badInput(
      `${flagName}: '${path}'${where ? ` (in ${where})` : ""} ${kind ? "is not a file" : "does not exist"}`,
    );
  return absolute;
}

/** A text file's content, or standard input's for "-". */
export function readText(path: string): string {
  return readFileSync(path === "-" ? 0 : path, "utf8");
}
