// Test support: the TypeScript compiler options the migration tests type-check with, as an app on Node 20
// would (strict, NodeNext), and where @azure/arm-containerregistry 11.0.0's types are.
import { createRequire } from "node:module";
import ts from "typescript";

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
};

/** The .d.ts entry of the official package (a devDependency, pinned to 11.0.0, the last with Tasks). */
export const OFFICIAL_INDEX = createRequire(import.meta.url)
  .resolve("@azure/arm-containerregistry")
  .replace(/\.js$/, ".d.ts");
