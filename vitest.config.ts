import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // The packages by name, from their sources (as tsconfig.json's paths map them for tsc and tsx).
    alias: [
      { find: /^acr-tasks$/, replacement: here("./src/index.ts") },
      { find: /^acr-tasks\/catalog$/, replacement: here("./src/catalog.ts") },
      { find: /^acr-tasks\/task-yaml$/, replacement: here("./src/taskYaml.ts") },
      { find: /^acr-tasks\/internal\/packing$/, replacement: here("./src/packing.ts") },
      { find: /^acr-tasks-emulator$/, replacement: here("./emulator/src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "emulator/test/**/*.test.ts", "cli/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: run files in parallel processes, but not more than the machine has.
    pool: "forks",
    maxWorkers: 2,
  },
});
