import { defineConfig } from "tsup";

// The command as ESM, split so that each command's code (and through it the SDK and @azure/identity,
// which stay external) loads only when that command runs: `--version` and `--help` load neither.
export default defineConfig({
  entry: { bin: "src/bin.ts" },
  format: ["esm"],
  dts: false,
  tsconfig: "tsconfig.build.json",
  target: "node20",
  platform: "node",
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: false,
});
