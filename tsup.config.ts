import { rmSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const common: Options = {
  format: ["esm", "cjs"],
  dts: true,
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  treeshake: false,
  // src/custom/ownEntry.ts requires the CommonJS files of the package's own entries from the CommonJS build,
  // and imports them from the ES module one.
  esbuildOptions(options, context) {
    options.define = { ...options.define, ACR_TASKS_REQUIRE: context.format === "cjs" ? "require" : "undefined" };
  },
};

// One ESM and one CJS build of each entry, with declarations. Dependencies stay external.
// dist/ is emptied once, here, and no build sets `clean`: tsup's declaration step of a build with `clean` deletes
// every .d.ts under dist/ when it starts, and the three builds run at once, so a slow one (index) could delete
// what a quick one (internal/packing) had already written.
export default defineConfig((): Options[] => {
  rmSync("dist", { recursive: true, force: true });
  return [
    {
      ...common,
      entry: { index: "src/index.ts", catalog: "src/catalog.ts" },
      // The main entry loads task-yaml and internal/packing on first use, by the package's own subpaths
      // (ownEntry.ts), which a bundler does not follow: one copy of each, in its own entry.
      external: ["acr-tasks/task-yaml", "acr-tasks/internal/packing"],
    },
    {
      ...common,
      // The walk, the .dockerignore rules and node-tar (kept external: a dependency), loaded the first time a
      // call packs or lists a folder.
      entry: { "internal/packing": "src/packing.ts" },
      external: ["tar"],
    },
    {
      ...common,
      // The YAML parser (the `yaml` package) is bundled into this entry, minified, rather than installed: as a
      // dependency it would add 1.3 MiB to every install, past the SDK's 16 MiB budget. Only this entry loads it.
      entry: { "task-yaml": "src/taskYaml.ts" },
      noExternal: ["yaml"],
      minify: true,
      esbuildOptions(options, context) {
        common.esbuildOptions!(options, context);
        // yaml's ES module build, so that only the parser this entry uses is kept.
        options.alias = { yaml: "./node_modules/yaml/browser/index.js" };
      },
    },
  ];
});
