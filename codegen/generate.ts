// `npm run generate`: rewrites src/generated from the swagger feeds of swagger/generation.json. The output
// depends only on the swagger and these sources; a failed run leaves src/generated as it was.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, type GenerationRecord } from "./pipeline.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const record = JSON.parse(readFileSync(join(root, "swagger", "generation.json"), "utf8")) as GenerationRecord;
try {
  generate({
    root,
    outDir: join(root, "src", "generated"),
    record,
    configFile: join(root, "swagger", "README.md"),
    log: console.log,
  });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
