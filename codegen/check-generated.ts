// `npm run check:generated`: regenerates src/generated and fails if the result differs from what git has.
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, ["--import", "tsx", "codegen/generate.ts"], { cwd: root, stdio: "inherit" });
const changes = execFileSync("git", ["status", "--porcelain", "--", "src/generated"], { cwd: root, encoding: "utf8" });
if (changes.trim()) {
  console.error("src/generated differs from what `npm run generate` produces:\n" + changes);
  console.error(execFileSync("git", ["diff", "--stat", "--", "src/generated"], { cwd: root, encoding: "utf8" }));
  process.exit(1);
}
console.log("src/generated is exactly what `npm run generate` produces.");
