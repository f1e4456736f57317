import { defineConfig } from "tsup";

// The emulator's ESM and CJS builds with declarations. acr-tasks and the other dependencies stay external.
export default defineConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  tsconfig: "tsconfig.build.json",
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  clean: true,
  treeshake: false,
});
