// What a build context will hold, decided before a byte is packed: the folder, the Dockerfile, the ignore
// file in use and its rules, the entries taken from the folder and the copies taken from outside it.
// Packing (contextArchive.ts) and the dry run (contextListing.ts) both start here, so they cannot differ.
import type { AbortSignalLike } from "@azure/abort-controller";
import { throwIfAborted } from "./abort.js";
import {
  checkShadowedNames,
  defaultDockerfileName,
  filesToPack,
  locateDockerfile,
  resolveSourceDir,
  type ContextDockerfile,
  type OutsideFile,
} from "./contextDockerfile.js";
import { walkContext, type WalkedEntry } from "./contextWalk.js";
import { ignoreFileCandidates, loadDockerIgnore, type IgnoreFile } from "./dockerignore.js";

/** How to build a context from a local folder. */
export interface BuildContextOptions {
  /**
   * The Dockerfile, relative to `sourceDir` or absolute. Default `Dockerfile`, or `dockerfile` when the
   * folder has only that one (as Docker falls back to it). One outside `sourceDir` is packed at the
   * archive's root under a generated name (as `az acr build -f ../Dockerfile .` does).
   */
  dockerFilePath?: string;
  /** Default true. Task runs (quickRun) pack folders that need none: false packs no Dockerfile unless dockerFilePath names one. */
  requireDockerfile?: boolean;
  /** Stops the walk with an AbortError. */
  abortSignal?: AbortSignalLike;
}

export interface ContextPlan {
  /** The folder, as its real path. */
  readonly root: string;
  readonly dockerfile: ContextDockerfile | undefined;
  /** The ignore file whose rules applied; undefined when only the default rules did. */
  readonly ignoreFile: IgnoreFile | undefined;
  /** The entries taken from the folder, in archive order. */
  readonly entries: readonly WalkedEntry[];
  /** The files taken from outside it, packed after them. */
  readonly outside: readonly OutsideFile[];
}

/**
 * Decides what `sourceDir`'s context holds. Rejects with a ValidationError when the folder or the
 * Dockerfile is missing or an ignore file has a line Docker refuses.
 */
export async function planContext(sourceDir: string, options: BuildContextOptions = {}): Promise<ContextPlan> {
  const signal = options.abortSignal;
  const root = await resolveSourceDir(sourceDir);
  const wanted =
    options.dockerFilePath ?? ((options.requireDockerfile ?? true) ? defaultDockerfileName(root) : undefined);
  const dockerfile = wanted === undefined ? undefined : await locateDockerfile(sourceDir, root, wanted);
  const { rules, source } = await loadDockerIgnore(ignoreFileCandidates(root, dockerfile?.absolute));
  const { alwaysIncluded, outside } = filesToPack(root, dockerfile, source);
  const reserved = new Set(outside.map((file) => file.path));
  const { entries, shadowed } = await walkContext(root, rules, alwaysIncluded, reserved, signal);
  await checkShadowedNames(root, shadowed, outside);
  throwIfAborted(signal);
  return { root, dockerfile, ignoreFile: source, entries, outside };
}
