import { defineConfig, type Options } from "tsup";

const common: Options = {
  format: ["esm", "cjs"],
  dts: true,
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  treeshake: false,
};

// One ESM and one CJS build of each public entry, with declarations. Dependencies stay external.
export default defineConfig([
  {
    ...common,
    entry: { index: "src/index.ts", catalog: "src/catalog.ts" },
    // quickRun loads the task YAML lint on first use, by the package's own subpath: one copy of it, in task-yaml.
    external: ["acr-tasks/task-yaml"],
    clean: ["index.*", "catalog.*", "runtime-*"],
  },
  {
    ...common,
    // The YAML parser (the `yaml` package) is bundled into this entry, minified, rather than installed: as a
    // dependency it would add 1.3 MiB to every install, past the SDK's 16 MiB budget. Only this entry loads it.
    entry: { "task-yaml": "src/taskYaml.ts" },
    noExternal: ["yaml"],
    minify: true,
    clean: ["task-yaml.*"],
    esbuildOptions(options) {
      // yaml's ES module build, so that only the parser this entry uses is kept.
      options.alias = { yaml: "./node_modules/yaml/browser/index.js" };
    },
  },
]);
