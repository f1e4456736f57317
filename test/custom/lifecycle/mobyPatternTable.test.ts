// moby/patternmatcher's own test table (../shared/dockerignore/moby-patternmatcher.json, read here at
// test time), run through the packing: for each vector a folder holding the vector's path and an ignore
// file of its patterns is packed, and the archive read back must hold the path exactly when Docker
// does not exclude it; a pattern Docker refuses must fail with a ValidationError naming its line.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { packSourceContext } from "../../../src/custom/lifecycle/index.js";
import { pathsOf, readArchive } from "./support/archive.js";
import { makeTree, removeTrees } from "./support/tree.js";

interface Vector {
  id: string;
  group: string;
  /** The ignore file's lines, or its whole text. */
  patterns?: string[];
  ignoreText?: string;
  /** The path; a trailing slash makes it a folder. */
  text: string;
  excluded: boolean;
  error?: boolean;
}

const table = JSON.parse(
  readFileSync(new URL("../../../../shared/dockerignore/moby-patternmatcher.json", import.meta.url), "utf8"),
) as Vector[];

/**
 * Vectors about the context's root itself ("/"): the root is the archive, not an entry in it, so
 * "is it excluded" has no answer in a packed context (Docker never matches it either).
 */
const aboutTheRoot = (vector: Vector): boolean => vector.text === "/";

const ignoreTextOf = (vector: Vector): string => vector.ignoreText ?? `${vector.patterns!.join("\n")}\n`;

/**
 * The line Docker refuses. The table's refused ignore files have one pattern, or (ignorefile.TestReadAll)
 * lines among which the first lone `!` is the first one refused.
 */
function refusedLine(vector: Vector): number {
  if (vector.patterns?.length === 1) return 1;
  const index = ignoreTextOf(vector)
    .split("\n")
    .findIndex((line) => line.trim() === "!");
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

afterAll(removeTrees);

describe("moby/patternmatcher's test table, through the packing", () => {
  it("is read whole: 148 vectors, 2 of them about the root", () => {
    expect(table).toHaveLength(148);
    expect(table.filter(aboutTheRoot).map((vector) => vector.id)).toEqual(["moby-005", "moby-006"]);
  });

  for (const vector of table) {
    const title = `${vector.id} (${vector.group}): ${JSON.stringify(vector.patterns ?? vector.ignoreText)} on ${JSON.stringify(vector.text)}`;
    if (aboutTheRoot(vector)) {
      it.skip(`${title}: not applicable, the context's root is not an entry of its archive`, () => {});
      continue;
    }
    // A folder's entry is stored with its trailing slash, as the vector writes it.
    const folder = vector.text.endsWith("/");
    const relative = folder ? vector.text.slice(0, -1) : vector.text;
    if (vector.error) {
      it(`${title}: refused, naming the line`, async () => {
        const root = await makeTree({ ".dockerignore": ignoreTextOf(vector), [relative]: folder ? null : "x" });
        const line = refusedLine(vector);
        await expect(packSourceContext(root, { requireDockerfile: false })).rejects.toMatchObject({
          name: "ValidationError",
          parameter: expect.stringMatching(new RegExp(`\\.dockerignore line ${line}$`)),
          rule: expect.stringMatching(/syntax error in pattern|illegal exclusion pattern/),
        });
      });
    } else {
      it(`${title}: ${vector.excluded ? "left out" : "sent"}`, async () => {
        const root = await makeTree({ ".dockerignore": ignoreTextOf(vector), [relative]: folder ? null : "x" });
        const paths = pathsOf(await readArchive((await packSourceContext(root, { requireDockerfile: false })).archive));
        expect(paths).toContain(".dockerignore");
        expect(paths.includes(vector.text)).toBe(!vector.excluded);
      });
    }
  }
});
