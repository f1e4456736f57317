#!/usr/bin/env node
// The acr-tasks command. The published package runs its build (dist/); a checkout of the repository has
// the TypeScript sources and no build until `npm run build`, so it runs the sources through tsx (a
// devDependency of the repository) with the repository's tsconfig, which maps `acr-tasks` to its sources
// too. Either way the command that runs is the code beside this file.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../src/bin.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
  await import(source.href);
} else {
  await import("../dist/bin.js");
}
