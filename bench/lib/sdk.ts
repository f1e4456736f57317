// Locates the SDK build the benchmarks load. Preferred: the package's own build, dist/index.js
// (`npm run build`). If it is missing, `npx tsup` is run; if that fails too (the build setup is in
// progress), src/index.ts is bundled with esbuild the way tsup does it (ESM, node20, dependencies
// external) into bench/.cache/dist — the report says which one was measured.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoDir = dirname(benchDir);

export interface SdkBuild {
  /** Absolute path of the ESM entry. */
  entry: string;
  /** How it was obtained, for the report. */
  source: string;
}

export async function locateSdk(opts: { src?: boolean; entry?: string; log: (s: string) => void }): Promise<SdkBuild> {
  if (opts.entry) return { entry: resolve(opts.entry), source: `${resolve(opts.entry)} (--sdk)` };
  if (opts.src) return { entry: join(repoDir, "src/index.ts"), source: "src/index.ts via tsx (--src)" };
  const dist = join(repoDir, "dist/index.js");
  if (existsSync(dist)) return { entry: dist, source: "dist/index.js (package build)" };
  opts.log("dist/index.js is missing: running `npx tsup` ...");
  try {
    execFileSync("npx", ["tsup"], { cwd: repoDir, stdio: "pipe" });
    if (existsSync(dist)) return { entry: dist, source: "dist/index.js (built by bench with `npx tsup`)" };
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer };
    opts.log(
      `  npx tsup failed: ${(err.stderr?.toString() || err.stdout?.toString() || String(e)).trim().split("\n").slice(-3).join(" | ")}`,
    );
  }
  const out = join(benchDir, ".cache/dist");
  mkdirSync(out, { recursive: true });
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(repoDir, "src/index.ts")],
    outfile: join(out, "index.js"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  // Resolve the package's dependencies from the repository's node_modules.
  writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module", sideEffects: false }));
  const nm = join(benchDir, ".cache/node_modules");
  if (!existsSync(nm)) {
    const { symlinkSync } = await import("node:fs");
    symlinkSync(resolve(repoDir, "node_modules"), nm, "dir");
  }
  opts.log("  WARNING: measuring an esbuild bundle of src/index.ts (bench/.cache/dist), not dist/");
  return {
    entry: join(out, "index.js"),
    source: "bench/.cache/dist/index.js (esbuild of src/index.ts; dist/ was missing and tsup failed)",
  };
}
