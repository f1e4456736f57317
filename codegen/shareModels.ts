// Keeps one declaration per model across feeds: a later feed's model that is identical to an earlier
// feed's (Resource, SystemData, ...) is imported from it instead of declared again, so the public API has
// one `ProxyResource`, not two structurally equal ones. The same goes for the validation schemas and date
// deserializers of an alternative feed, so that a client bundles one copy of what both api-versions share.
import { GENERATED_HEADER } from "./codeModel.js";

export interface Declaration {
  /** The exported name. */
  name: string;
  /** Types are re-exported with `export type`, constants and functions without. */
  isType: boolean;
  /** The declaration without its doc comments, to compare feeds. */
  body: string;
  /** The declaration as written, doc comments included. */
  chunk: string;
}

/** Before a declaration and its doc comment (never between the two: the comment stays with it). */
const DECLARATION_START = /(?<!\*\/)\n(?=(?:\/\*\*[^]*?\*\/\n)?export )/;

const DECLARATION = /^export (interface|type|const|function) (\w+)/m;

/** The exported declarations of an emitted models.ts, schemas.ts or deserializers.ts, in order. */
export function declarationsOf(text: string): Declaration[] {
  const result: Declaration[] = [];
  for (const chunk of text.split(DECLARATION_START)) {
    const match = DECLARATION.exec(chunk);
    if (match) {
      result.push({
        name: match[2],
        isType: match[1] === "interface" || match[1] === "type",
        body: chunk.replace(/\/\*\*[^]*?\*\/\n/g, "").trim(),
        chunk,
      });
    }
  }
  return result;
}

/**
 * The declarations that can be imported from an earlier feed: identical there, and referring only to
 * declarations that can be imported too (an identical `Credentials` that names a changed
 * `SourceRegistryCredentialsSchema` must stay this feed's own).
 */
function shareable(declarations: Declaration[], earlier: ReadonlyMap<string, { body: string }>): Set<string> {
  const names = new Set(declarations.map((d) => d.name));
  const references = new Map(
    declarations.map((d) => [
      d.name,
      [...new Set(d.body.match(/\b\w+\b/g) ?? [])].filter((w) => w !== d.name && names.has(w)),
    ]),
  );
  const shared = new Set(declarations.filter((d) => earlier.get(d.name)?.body === d.body).map((d) => d.name));
  let changed = true;
  while (changed) {
    changed = false;
    for (const name of shared) {
      if (references.get(name)!.some((r) => !shared.has(r))) {
        shared.delete(name);
        changed = true;
      }
    }
  }
  return shared;
}

/** Rewrites a later feed's file so that declarations identical to an earlier feed's are imported; the preamble (imports) stays. */
export function shareIdenticalModels(
  text: string,
  earlier: Map<string, { folder: string; body: string }>,
  file = "models.js",
): string {
  const declarations = declarationsOf(text);
  const shared = shareable(declarations, earlier);
  const preamble = text.split(DECLARATION_START).filter((chunk) => !DECLARATION.test(chunk));
  const kept: string[] = [];
  const imports = new Map<string, { types: string[]; values: string[] }>();
  for (const declaration of declarations) {
    if (shared.has(declaration.name)) {
      const folder = earlier.get(declaration.name)!.folder;
      const entry = imports.get(folder) ?? { types: [], values: [] };
      (declaration.isType ? entry.types : entry.values).push(declaration.name);
      imports.set(folder, entry);
    } else {
      kept.push(declaration.chunk.trim());
    }
  }
  const lines: string[] = [];
  for (const [folder, { types, values }] of imports) {
    const names = [...types.map((t) => `type ${t}`), ...values];
    lines.push(`import { ${names.join(", ")} } from "../${folder}/${file}";`);
    lines.push(`export { ${names.join(", ")} };`);
  }
  const head = [
    withoutUnusedTypeImports(preamble.join("\n").trim(), kept.join("\n")) || GENERATED_HEADER.trimEnd(),
    ...lines,
  ].join("\n");
  return kept.length ? `${head}\n\n${kept.join("\n\n")}\n` : `${head}\n`;
}

/** The preamble's `import type { ... }` lines reduced to the names the kept declarations still use. */
function withoutUnusedTypeImports(preamble: string, kept: string): string {
  return preamble
    .split("\n")
    .flatMap((line) => {
      const match = /^import type \{ (.+) \} from (.+);$/.exec(line);
      if (!match) return [line];
      const used = match[1].split(", ").filter((name) => new RegExp(`\\b${name}\\b`).test(kept));
      return used.length ? [`import type { ${used.join(", ")} } from ${match[2]};`] : [];
    })
    .join("\n");
}
