// A large build context, generated once into bench/.cache (about 20,000 files and 200 MB, as a big
// monorepo checkout): mostly source-like text, some incompressible binaries, and a .dockerignore that
// leaves out node_modules, build and *.log (about a sixth of it). Its rules have no trailing slash:
// `az acr build` (2.45) reads `node_modules/` as a regex that no folder name matches and would send the
// folder anyway, and both quickBuild contenders must send the same files. A seeded PRNG makes it the same
// on every machine, so the archive sizes below are comparable between runs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir } from "../lib/sdk.js";
import { mulberry32 } from "../../emulator/src/net/faults.js";

const VERSION = "large-context v5: 20000 files, rules without trailing slashes, manifest outside";

/** The context's .dockerignore, one rule a line. */
export const dockerignoreRules = ["node_modules", "build", "**/*.log"];

export interface LargeContext {
  dir: string;
  files: number;
  bytes: number;
  includedFiles: number;
  includedBytes: number;
  /** GNU tar --exclude patterns equivalent to the .dockerignore (for the gzip floor). */
  tarExcludes: string[];
}

const words =
  "const let function return import export from async await if else for while class extends new this value result error options request response client registry run task build log status".split(
    " ",
  );

export function largeContext(log: (s: string) => void): LargeContext {
  const dir = join(benchDir, ".cache/large-context");
  // Beside the context, not in it: it would be one more file packed.
  const manifest = join(benchDir, ".cache/large-context.json");
  if (existsSync(manifest)) {
    const saved = JSON.parse(readFileSync(manifest, "utf8")) as LargeContext & { version: string };
    if (saved.version === VERSION) return { ...saved, dir };
  }
  log(`  generating the large build context in ${dir} (once) ...`);
  rmSync(dir, { recursive: true, force: true });
  const random = mulberry32(2024);
  let files = 0;
  let bytes = 0;
  let includedFiles = 0;
  let includedBytes = 0;
  const write = (path: string, content: Buffer, included: boolean) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
    files++;
    bytes += content.length;
    if (included) {
      includedFiles++;
      includedBytes += content.length;
    }
  };
  const text = (size: number) => {
    const parts: string[] = [];
    let length = 0;
    while (length < size) {
      const line = `${"  ".repeat(Math.floor(random() * 4))}${Array.from({ length: 3 + Math.floor(random() * 8) }, () => words[Math.floor(random() * words.length)]).join(" ")};\n`;
      parts.push(line);
      length += line.length;
    }
    return Buffer.from(parts.join("").slice(0, size));
  };
  const binary = (size: number) => {
    const buffer = Buffer.alloc(size);
    for (let i = 0; i < size; i += 4) buffer.writeUInt32LE((random() * 2 ** 32) >>> 0, Math.min(i, size - 4));
    return buffer;
  };
  // Sizes: from 2 KB to 24 KB, and one file in 300 of 100 KB to 500 KB: about 10 KB on average.
  const size = () =>
    random() < 1 / 300 ? 100_000 + Math.floor(random() * 400_000) : Math.floor(2_000 * Math.exp(random() * 2.5));
  write(
    "Dockerfile",
    Buffer.from(
      'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n',
    ),
    true,
  );
  write(".dockerignore", Buffer.from(dockerignoreRules.map((rule) => `${rule}\n`).join("")), true);
  for (let i = 0; files < 20_000; i++) {
    const module = `packages/pkg${Math.floor(i / 100)}/src/module${i % 100}`;
    const roll = random();
    if (roll < 0.1) write(`node_modules/dep${i % 400}/lib/file${i}.js`, text(size()), false);
    else if (roll < 0.14) write(`build/out${i % 50}/chunk${i}.js`, text(size()), false);
    else if (roll < 0.16) write(`${module}/debug${i}.log`, text(size()), false);
    else if (roll < 0.2) write(`${module}/asset${i}.bin`, binary(size()), true);
    else write(`${module}/file${i}.ts`, text(size()), true);
  }
  const result: LargeContext = {
    dir,
    files,
    bytes,
    includedFiles,
    includedBytes,
    tarExcludes: ["./node_modules", "./build", "*.log"],
  };
  writeFileSync(manifest, JSON.stringify({ ...result, version: VERSION }));
  return result;
}
