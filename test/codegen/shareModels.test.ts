// Declaring shared code once (codegen/shareModels.ts): a later feed's declaration identical to an earlier
// feed's is imported from it, unless it refers to one that changed; doc comments stay with their declarations.
import { describe, expect, test } from "vitest";
import { declarationsOf, shareIdenticalModels } from "../../codegen/shareModels.js";

describe("shareIdenticalModels", () => {
  const header = "// header\n";
  const earlierFile = `${header}\n/** A. */\nexport interface A {\n  b?: B;\n}\n\n/** B. */\nexport interface B {\n  x?: string;\n}\n\n/** C. */\nexport interface C {\n  y?: string;\n}\n`;
  const earlier = new Map(declarationsOf(earlierFile).map((d) => [d.name, { folder: "v1", body: d.body }]));

  test("a declaration identical to an earlier feed's is imported, unless it refers to one that changed", () => {
    const later = `${header}\n/** A, again. */\nexport interface A {\n  b?: B;\n}\n\n/** B, changed. */\nexport interface B {\n  x?: string;\n  z?: string;\n}\n\n/** C, again. */\nexport interface C {\n  y?: string;\n}\n`;
    const shared = shareIdenticalModels(later, earlier);
    expect(shared).toContain('import { type C } from "../v1/models.js";');
    expect(shared).toContain("/** A, again. */\nexport interface A {");
    expect(shared).toContain("/** B, changed. */\nexport interface B {");
    expect(shared).not.toContain("export interface C");
  });

  test("doc comments stay with their declarations, and type imports only the kept declarations use remain", () => {
    const later = `${header}import type { A, C } from "./models.js";\n\n/** Converts A. */\nexport function deserializeA(value: any): A {\n  return value;\n}\n\n/** Converts C. */\nexport function deserializeC(value: any): C {\n  value.c = 1;\n  return value;\n}\n`;
    const previous = new Map([
      ["deserializeA", { folder: "v1", body: "export function deserializeA(value: any): A {\n  return value;\n}" }],
    ]);
    expect(shareIdenticalModels(later, previous, "deserializers.js")).toBe(
      `// header\nimport type { C } from "./models.js";\nimport { deserializeA } from "../v1/deserializers.js";\nexport { deserializeA };\n\n/** Converts C. */\nexport function deserializeC(value: any): C {\n  value.c = 1;\n  return value;\n}\n`,
    );
  });
});
