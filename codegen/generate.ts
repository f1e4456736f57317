// `npm run generate`: runs autorest (pinned core + modelerfour) once per feed to get the code model,
// then emits src/generated/ from it. The output depends only on the swagger and these sources.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GENERATED_HEADER, loadCodeModel } from "./codeModel.js";
import { collectGroups, emitGroup, type FeedOperations, groupFileName } from "./emitGroups.js";
import { emitDeserializers, emitModels } from "./emitModels.js";
import { emitOperations } from "./emitOperations.js";
import { emitSchemas } from "./emitSchemas.js";
import { readOperations } from "./operations.js";
import { declarationsOf, shareIdenticalModels } from "./shareModels.js";

interface GenerationRecord {
  autorest: { core: string; modelerfour: string };
  feeds: { tag: string; apiVersion: string; folder: string; input: string }[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "src", "generated");
const record = JSON.parse(readFileSync(join(root, "swagger", "generation.json"), "utf8")) as GenerationRecord;

for (const feed of record.feeds) {
  if (!existsSync(join(root, feed.input))) {
    console.error(`The ${feed.apiVersion} swagger is not at ${join(root, feed.input)}: the feeds are read in place from ../shared beside the repository.`);
    process.exit(1);
  }
}

function runAutorest(tag: string, into: string): string {
  const autorest = join(root, "node_modules", "autorest", "entrypoints", "app.js");
  try {
    execFileSync(
      process.execPath,
      [autorest, `--version=${record.autorest.core}`, join(root, "swagger", "README.md"), `--tag=${tag}`, `--output-folder=${into}`],
      // autorest reports its errors on stdout: keep it, and show it when the run fails.
      { cwd: root, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
    );
  } catch (error) {
    console.error((error as { stdout?: string }).stdout ?? "");
    throw error;
  }
  return join(into, "code-model-v4-no-tags.yaml");
}

function write(relative: string, text: string): void {
  const file = join(outDir, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
}

const work = mkdtempSync(join(tmpdir(), "acr-tasks-codegen-"));
try {
  rmSync(outDir, { recursive: true, force: true });
  const feeds: FeedOperations[] = [];
  const declared = new Map<string, { folder: string; body: string }>();
  for (const feed of record.feeds) {
    const model = loadCodeModel(runAutorest(feed.tag, join(work, feed.tag)));
    const operations = readOperations(model, feed.apiVersion);
    write(`${feed.folder}/models.ts`, shareIdenticalModels(emitModels(model), declared));
    for (const d of declarationsOf(readFileSync(join(outDir, feed.folder, "models.ts"), "utf8"))) {
      if (!declared.has(d.name)) declared.set(d.name, { folder: feed.folder, body: d.body });
    }
    write(`${feed.folder}/deserializers.ts`, emitDeserializers(model));
    write(`${feed.folder}/schemas.ts`, emitSchemas(model));
    write(`${feed.folder}/operations.ts`, emitOperations(operations));
    feeds.push({ folder: feed.folder, alias: `v${feed.apiVersion.slice(0, 4)}`, operations });
    console.log(`${feed.apiVersion}: ${operations.length} operations, ${model.schemas.objects?.length ?? 0} object schemas`);
  }
  const groups = collectGroups(feeds);
  for (const [group, members] of groups) write(`groups/${groupFileName(group)}.ts`, emitGroup(group, members));
  write("runtime.ts", GENERATED_HEADER + readFileSync(join(root, "codegen", "static", "runtime.ts"), "utf8"));
  write("catalog.ts", emitCatalog(feeds));
  write("models.ts", emitMergedModels(feeds));
  write("README.md", readFileSync(join(root, "codegen", "static", "README.md"), "utf8"));
} finally {
  rmSync(work, { recursive: true, force: true });
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
function emitMergedModels(feeds: FeedOperations[]): string {
  const exported = new Set<string>();
  const lines = [GENERATED_HEADER];
  for (const feed of feeds) {
    const names: string[] = [];
    for (const { name, isType } of declarationsOf(readFileSync(join(outDir, feed.folder, "models.ts"), "utf8"))) {
      const typeKeyword = isType ? "type " : "";
      names.push(exported.has(name) ? `${typeKeyword}${name} as ${name}${feed.alias.toUpperCase()}` : `${typeKeyword}${name}`);
      exported.add(name);
    }
    lines.push(`export { ${names.join(", ")} } from "./${feed.folder}/models.js";`);
  }
  return lines.join("\n");
}
