// Table-driven build-context cases: a folder, what the archive packed from it must and must not hold
// (read back from the archive), or the error packing must fail with.
import { expect } from "vitest";
import { packSourceContext, type BuildContextOptions } from "../../../../src/custom/lifecycle/index.js";
import { pathsOf, readArchive } from "./archive.js";
import { makeSymlink, makeTree } from "./tree.js";

export interface ContextCase {
  name: string;
  /** The folder (path → content; null makes a folder). A Dockerfile is added unless `noDockerfile`. */
  files: Record<string, string | null>;
  noDockerfile?: boolean;
  /** Symlinks to make in it: path → target. */
  symlinks?: Record<string, string>;
  options?: BuildContextOptions;
  /** Archive paths that must be there (folders with their trailing slash). */
  sent?: string[];
  /** Archive paths that must not. */
  notSent?: string[];
  /** The Dockerfile the build request must name. */
  dockerFilePath?: string;
  /** Packing must fail with a ValidationError whose parameter and rule match these. */
  refused?: { parameter: RegExp; rule: RegExp };
}

export async function checkContextCase(testCase: ContextCase): Promise<void> {
  const files = testCase.noDockerfile ? testCase.files : { Dockerfile: "FROM scratch\n", ...testCase.files };
  const root = await makeTree(files);
  for (const [link, target] of Object.entries(testCase.symlinks ?? {})) await makeSymlink(root, link, target);
  const packing = packSourceContext(root, testCase.options);
  if (testCase.refused) {
    await expect(packing).rejects.toMatchObject({
      name: "ValidationError",
      parameter: expect.stringMatching(testCase.refused.parameter),
      rule: expect.stringMatching(testCase.refused.rule),
    });
    return;
  }
  const packed = await packing;
  const paths = pathsOf(await readArchive(packed.archive));
  for (const sent of testCase.sent ?? []) expect(paths, `${sent} should be sent`).toContain(sent);
  for (const notSent of testCase.notSent ?? []) expect(paths, `${notSent} should be left out`).not.toContain(notSent);
  if (testCase.dockerFilePath !== undefined) expect(packed.dockerFilePath).toBe(testCase.dockerFilePath);
}
