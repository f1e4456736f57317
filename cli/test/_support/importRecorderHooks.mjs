// Module resolution hooks that append each specifier, and what it resolved to, to a file (one a line).
import { appendFileSync } from "node:fs";

let file;

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(file, `${specifier} ${resolved.url}\n`);
  return resolved;
}
