// `npm run check:generated`: regenerates src/generated and fails if the result differs from what git has.
// It runs the generator hermetically, as a fresh machine would: an empty HOME (so no ~/.autorest cache)
// and an npm registry that refuses connections, so anything autorest tried to download would fail here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const home = mkdtempSync(join(tmpdir(), "acr-tasks-empty-home-"));
try {
  const env = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_cache: join(home, ".npm"),
  };
  execFileSync(process.execPath, ["--import", "tsx", "codegen/generate.ts"], { cwd: root, stdio: "inherit", env });
} finally {
  rmSync(home, { recursive: true, force: true });
}
const changes = execFileSync("git", ["status", "--porcelain", "--", "src/generated"], { cwd: root, encoding: "utf8" });
if (changes.trim()) {
  console.error("src/generated differs from what `npm run generate` produces:\n" + changes);
  console.error(execFileSync("git", ["diff", "--stat", "--", "src/generated"], { cwd: root, encoding: "utf8" }));
  process.exit(1);
}
console.log("src/generated is exactly what `npm run generate` produces.");
