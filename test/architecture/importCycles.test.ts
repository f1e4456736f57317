// The hand-written layers import in one direction only: a circle between modules makes their load order
// matter and hides which layer owns what. Type-only imports count too.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import madge from "madge";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const handWritten = ["src/custom", "emulator/src", "cli/src"].filter((folder) => existsSync(root + folder));

async function circlesIn(folders: string[]): Promise<string[][]> {
  const graph = await madge(
    folders.map((folder) => root + folder),
    {
      baseDir: root,
      fileExtensions: ["ts"],
      tsConfig: root + "tsconfig.json",
      detectiveOptions: { ts: { skipTypeImports: false } },
    },
  );
  return graph.circular();
}

describe("import circles", () => {
  it("finds none in the hand-written folders (src/custom, emulator/src, cli/src)", async () => {
    expect(handWritten).toContain("src/custom");
    expect(await circlesIn(handWritten)).toEqual([]);
  });

  it("finds the deliberate circle of the fixture, type-only import included", async () => {
    expect(await circlesIn(["test/architecture/fixtures/cycle"])).toEqual([
      ["test/architecture/fixtures/cycle/a.ts", "test/architecture/fixtures/cycle/b.ts"],
    ]);
  });
});
