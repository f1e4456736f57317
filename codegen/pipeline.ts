// The generation pipeline as a function: autorest (the locked @autorest/core and @autorest/modelerfour
// in node_modules, so nothing is downloaded) makes a code model of each feed, the emitter writes the
// files into a fresh folder beside the output, and only a complete result replaces the output folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { GENERATED_HEADER, loadCodeModel } from "./codeModel.js";
import { collectGroups, emitGroup, type FeedOperations, groupFileName } from "./emitGroups.js";
import { emitDeserializers, emitModels } from "./emitModels.js";
import { emitOperations } from "./emitOperations.js";
import { emitSchemas } from "./emitSchemas.js";
import { readOperations } from "./operations.js";
import { declarationsOf, shareIdenticalModels } from "./shareModels.js";

export interface GenerationRecord {
  autorest: { core: string; modelerfour: string };
  feeds: { tag: string; apiVersion: string; folder: string; input: string }[];
}

export interface GenerateOptions {
  /** The repository root: `swagger/`, `codegen/static/` and `node_modules/` are found there. */
  root: string;
  /** The folder to replace (src/generated). */
  outDir: string;
  record: GenerationRecord;
  /** The autorest configuration (swagger/README.md). */
  configFile: string;
  log?: (line: string) => void;
}

/** The locked package folder of an autorest component, checked against the pinned version. */
function lockedPackage(root: string, name: string, version: string): string {
  const folder = join(root, "node_modules", name);
  const manifest = join(folder, "package.json");
  const installed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version : undefined;
  if (installed !== version) {
    throw new Error(`${name} ${version} is pinned (swagger/generation.json) but node_modules has ${installed ?? "none"}: run npm ci`);
  }
  return folder;
}

function runAutorest(options: GenerateOptions, tag: string, into: string): string {
  const { root, record, configFile } = options;
  const autorest = join(root, "node_modules", "autorest", "entrypoints", "app.js");
  const core = lockedPackage(root, "@autorest/core", record.autorest.core);
  const modelerfour = lockedPackage(root, "@autorest/modelerfour", record.autorest.modelerfour);
  try {
    execFileSync(
      process.execPath,
      [autorest, `--version=${core}`, `--use=${modelerfour}`, configFile, `--tag=${tag}`, `--output-folder=${into}`],
      // autorest reports its errors on stdout: keep it, and show it when the run fails.
      { cwd: root, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`autorest failed for ${tag}:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  return join(into, "code-model-v4-no-tags.yaml");
}

/** Generates every file into a new folder, then swaps it in for `outDir`; on any failure `outDir` is left as it was. */
export function generate(options: GenerateOptions): void {
  const { root, outDir, record } = options;
  for (const feed of record.feeds) {
    if (!existsSync(join(root, feed.input))) {
      throw new Error(`The ${feed.apiVersion} swagger is not at ${join(root, feed.input)}: the feeds are read in place from ../shared beside the repository.`);
    }
  }
  mkdirSync(dirname(outDir), { recursive: true });
  const staging = mkdtempSync(join(dirname(outDir), `.${basename(outDir)}-new-`));
  const work = mkdtempSync(join(tmpdir(), "acr-tasks-codegen-"));
  try {
    emitAll(options, staging, work);
    replaceFolder(outDir, staging);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

/** Two renames on one file system: the old folder is removed only once the new one is in its place. */
function replaceFolder(target: string, replacement: string): void {
  const previous = `${replacement}-old`;
  const hadTarget = existsSync(target);
  if (hadTarget) renameSync(target, previous);
  try {
    renameSync(replacement, target);
  } catch (error) {
    if (hadTarget) renameSync(previous, target);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

function emitAll(options: GenerateOptions, into: string, work: string): void {
  const { root, record } = options;
  const write = (relative: string, text: string) => {
    const file = join(into, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
  };
  const feeds: FeedOperations[] = [];
  const declared = new Map<string, { folder: string; body: string }>();
  const modelFiles = new Map<string, string>();
  for (const feed of record.feeds) {
    const model = loadCodeModel(runAutorest(options, feed.tag, join(work, feed.tag)));
    const operations = readOperations(model, feed.apiVersion);
    const models = shareIdenticalModels(emitModels(model), declared);
    write(`${feed.folder}/models.ts`, models);
    modelFiles.set(feed.folder, models);
    for (const d of declarationsOf(models)) {
      if (!declared.has(d.name)) declared.set(d.name, { folder: feed.folder, body: d.body });
    }
    write(`${feed.folder}/deserializers.ts`, emitDeserializers(model));
    write(`${feed.folder}/schemas.ts`, emitSchemas(model));
    write(`${feed.folder}/operations.ts`, emitOperations(operations));
    feeds.push({ folder: feed.folder, alias: `v${feed.apiVersion.slice(0, 4)}`, operations });
    options.log?.(`${feed.apiVersion}: ${operations.length} operations, ${model.schemas.objects?.length ?? 0} object schemas`);
  }
  const groups = collectGroups(feeds);
  for (const [group, members] of groups) write(`groups/${groupFileName(group)}.ts`, emitGroup(group, members));
  write("runtime.ts", GENERATED_HEADER + readFileSync(join(root, "codegen", "static", "runtime.ts"), "utf8"));
  write("catalog.ts", emitCatalog(feeds));
  write("models.ts", emitMergedModels(feeds, modelFiles));
  write("README.md", readFileSync(join(root, "codegen", "static", "README.md"), "utf8"));
}

/** Every operation spec and object schema by feed: for the emulator and the tests, never for the client. */
function emitCatalog(feeds: FeedOperations[]): string {
  const imports = feeds.flatMap((f) => [
    `import * as ${f.alias}Operations from "./${f.folder}/operations.js";`,
    `import * as ${f.alias}Schemas from "./${f.folder}/schemas.js";`,
  ]);
  const entries = feeds.map(
    (f) => `  {\n    apiVersion: ${JSON.stringify(f.operations[0].apiVersion)},\n    operations: Object.values(${f.alias}Operations) as OperationSpec[],\n    schemas: ${f.alias}Schemas as Readonly<Record<string, ObjectSchema>>,\n  },`,
  );
  return (
    `${GENERATED_HEADER}import type { ObjectSchema, OperationSpec } from "./runtime.js";\n${imports.join("\n")}\n\n` +
    `export interface FeedCatalog {\n  readonly apiVersion: string;\n  readonly operations: readonly OperationSpec[];\n  readonly schemas: Readonly<Record<string, ObjectSchema>>;\n}\n\n` +
    `export const feeds: readonly FeedCatalog[] = [\n${entries.join("\n")}\n];\n`
  );
}

/**
 * One namespace for the public layer: every model each feed declares (identical ones are declared once,
 * see shareModels.ts); a later feed's model that shares a name but differs gets its api-version suffix.
 */
function emitMergedModels(feeds: FeedOperations[], modelFiles: ReadonlyMap<string, string>): string {
  const exported = new Set<string>();
  const lines = [GENERATED_HEADER];
  for (const feed of feeds) {
    const names: string[] = [];
    for (const { name, isType } of declarationsOf(modelFiles.get(feed.folder)!)) {
      const typeKeyword = isType ? "type " : "";
      names.push(exported.has(name) ? `${typeKeyword}${name} as ${name}${feed.alias.toUpperCase()}` : `${typeKeyword}${name}`);
      exported.add(name);
    }
    lines.push(`export { ${names.join(", ")} } from "./${feed.folder}/models.js";`);
  }
  return lines.join("\n");
}
