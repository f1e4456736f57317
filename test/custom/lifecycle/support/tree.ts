// Builds throw-away folder trees for packing tests.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const created: string[] = [];

/** Creates a temporary folder holding `files` (path → content; content null makes a folder). */
export async function makeTree(files: Record<string, string | null>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "acr-tasks-lifecycle-test-"));
  created.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    if (content === null) {
      await mkdir(absolute, { recursive: true });
    } else {
      await mkdir(path.dirname(absolute), { recursive: true });
      await writeFile(absolute, content);
    }
  }
  return root;
}

export async function makeSymlink(root: string, relative: string, target: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await symlink(target, path.join(root, relative));
}

export async function removeTrees(): Promise<void> {
  await Promise.all(created.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}
