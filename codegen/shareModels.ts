// Keeps one declaration per model across feeds: a later feed's model that is identical to an earlier
// feed's (Resource, SystemData, ...) is imported from it instead of declared again, so the public API has
// one `ProxyResource`, not two structurally equal ones.
import { GENERATED_HEADER } from "./codeModel.js";

export interface Declaration {
  /** The exported name. */
  name: string;
  /** Types are re-exported with `export type`, constants without. */
  isType: boolean;
  /** The declaration without its doc comments, to compare feeds. */
  body: string;
  /** The declaration as written, doc comments included. */
  chunk: string;
}

/** The exported declarations of an emitted models.ts, in order. */
export function declarationsOf(text: string): Declaration[] {
  const result: Declaration[] = [];
  for (const chunk of text.split(/\n(?=(?:\/\*\*[^]*?\*\/\n)?export )/)) {
    const match = /^export (interface|type|const) (\w+)/m.exec(chunk);
    if (match) {
      result.push({ name: match[2], isType: match[1] !== "const", body: chunk.replace(/\/\*\*[^]*?\*\/\n/g, "").trim(), chunk });
    }
  }
  return result;
}

/** Rewrites a later feed's models.ts so that declarations identical to an earlier feed's are imported. */
export function shareIdenticalModels(text: string, earlier: Map<string, { folder: string; body: string }>): string {
  const kept: string[] = [];
  const imports = new Map<string, { types: string[]; values: string[] }>();
  for (const declaration of declarationsOf(text)) {
    const previous = earlier.get(declaration.name);
    if (previous && previous.body === declaration.body) {
      const entry = imports.get(previous.folder) ?? { types: [], values: [] };
      (declaration.isType ? entry.types : entry.values).push(declaration.name);
      imports.set(previous.folder, entry);
    } else {
      kept.push(declaration.chunk.trim());
    }
  }
  const lines: string[] = [];
  for (const [folder, { types, values }] of imports) {
    const names = [...types.map((t) => `type ${t}`), ...values];
    lines.push(`import { ${names.join(", ")} } from "../${folder}/models.js";`);
    lines.push(`export { ${names.join(", ")} };`);
  }
  return `${GENERATED_HEADER}${lines.join("\n")}\n\n${kept.join("\n\n")}\n`;
}
