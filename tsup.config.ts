import { defineConfig } from "tsup";

// One ESM and one CJS build of each public entry, with declarations. Dependencies stay external.
export default defineConfig({
  entry: { index: "src/index.ts", catalog: "src/catalog.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  clean: true,
  treeshake: false,
});
