import { defineConfig } from "tsup";

// One ESM and one CJS build of each public entry, with declarations. Dependencies stay external.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    "emulator/index": "src/emulator/index.ts",
    "emulator/bin": "src/emulator/bin.ts",
  },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", "emulator/index": "src/emulator/index.ts" } },
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  clean: true,
  treeshake: false,
});
