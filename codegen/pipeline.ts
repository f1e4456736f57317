// The generation pipeline as a function: autorest (the locked @autorest/core and @autorest/modelerfour
// in node_modules, so nothing is downloaded) makes a code model of each feed, the emitter writes the
// files into a fresh folder beside the output, and only a complete result replaces the output folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { errorOnlyModels, mergeModelProperties, pairOperations } from "./alternatives.js";
import { type CodeModel, GENERATED_HEADER, loadCodeModel, type Property } from "./codeModel.js";
import { collectGroups, emitGroup, type FeedOperations, groupFileName } from "./emitGroups.js";
import { emitDeserializers, emitModels } from "./emitModels.js";
import { emitOperations } from "./emitOperations.js";
import { emitSchemas } from "./emitSchemas.js";
import { readOperations } from "./operations.js";
import { declarationsOf, shareIdenticalModels } from "./shareModels.js";

export interface GenerationRecord {
  autorest: { core: string; modelerfour: string };
  feeds: FeedRecord[];
}

export interface FeedRecord {
  tag: string;
  apiVersion: string;
  folder: string;
  input: string;
  /** The api-version of the feed whose operations this one serves at its own api-version (`tasksApiVersion`). */
  alternativeTo?: string;
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
  const installed = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version
    : undefined;
  if (installed !== version) {
    throw new Error(
      `${name} ${version} is pinned (swagger/generation.json) but node_modules has ${installed ?? "none"}: run npm ci`,
    );
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
      throw new Error(
        `The ${feed.apiVersion} swagger is not at ${join(root, feed.input)}: the feeds are read in place from ../shared beside the repository.`,
      );
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

interface LoadedFeed {
  record: FeedRecord;
  model: CodeModel;
  feed: FeedOperations;
}

function emitAll(options: GenerateOptions, into: string, work: string): void {
  const { root, record } = options;
  const write = (relative: string, text: string) => {
    const file = join(into, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
  };
  const loaded: LoadedFeed[] = record.feeds.map((entry) => {
    const model = loadCodeModel(runAutorest(options, entry.tag, join(work, entry.tag)));
    const operations = readOperations(model, entry.apiVersion);
    options.log?.(
      `${entry.apiVersion}: ${operations.length} operations, ${model.schemas.objects?.length ?? 0} object schemas`,
    );
    return {
      record: entry,
      model,
      feed: {
        folder: entry.folder,
        alias: `v${entry.apiVersion.slice(0, 4)}`,
        apiVersion: entry.apiVersion,
        operations,
      },
    };
  });
  const merged = pairAlternatives(loaded);
  const declared = new Map<string, { folder: string; body: string }>();
  const modelFiles = new Map<string, string>();
  const schemaFiles = new Map<string, string>();
  const deserializerFiles = new Map<string, string>();
  for (const { record: entry, model, feed } of loaded) {
    const models = shareIdenticalModels(emitModels(model, merged.get(feed.folder)), declared);
    if (entry.alternativeTo) checkAllShared(entry, models, model);
    write(`${feed.folder}/models.ts`, models);
    modelFiles.set(feed.folder, models);
    for (const d of declarationsOf(models)) {
      if (!declared.has(d.name)) declared.set(d.name, { folder: feed.folder, body: d.body });
    }
    const deserializers = entry.alternativeTo
      ? shareWithBase(emitDeserializers(model), loaded, entry.alternativeTo, deserializerFiles, "deserializers.js")
      : emitDeserializers(model);
    write(`${feed.folder}/deserializers.ts`, deserializers);
    deserializerFiles.set(feed.folder, deserializers);
    const schemas = entry.alternativeTo
      ? shareWithBase(emitSchemas(model), loaded, entry.alternativeTo, schemaFiles, "schemas.js")
      : emitSchemas(model);
    write(`${feed.folder}/schemas.ts`, schemas);
    schemaFiles.set(feed.folder, schemas);
    write(`${feed.folder}/operations.ts`, emitOperations(feed.operations));
  }
  const primary = loaded.filter((l) => !l.record.alternativeTo).map((l) => l.feed);
  const alternatives = loaded.filter((l) => l.record.alternativeTo);
  const groups = collectGroups(primary);
  for (const [group, members] of groups) write(`groups/${groupFileName(group)}.ts`, emitGroup(group, members));
  write("runtime.ts", GENERATED_HEADER + readFileSync(join(root, "codegen", "static", "runtime.ts"), "utf8"));
  write("apiVersions.ts", emitApiVersions(loaded));
  write(
    "catalog.ts",
    emitCatalog(
      primary,
      alternatives.map((l) => ({ feed: l.feed, alternativeTo: l.record.alternativeTo! })),
    ),
  );
  write("models.ts", emitMergedModels(primary, modelFiles));
  write("README.md", readFileSync(join(root, "codegen", "static", "README.md"), "utf8"));
}

/**
 * Attaches each alternative feed to the feed it serves (checking that their operations match) and returns
 * the merged model properties both feeds' models.ts show, by folder.
 */
function pairAlternatives(loaded: LoadedFeed[]): Map<string, Map<string, Property[]>> {
  const merged = new Map<string, Map<string, Property[]>>();
  for (const alternative of loaded.filter((l) => l.record.alternativeTo)) {
    const base = loaded.find(
      (l) => l.record.apiVersion === alternative.record.alternativeTo && !l.record.alternativeTo,
    );
    if (!base)
      throw new Error(
        `${alternative.record.apiVersion}: alternativeTo names ${alternative.record.alternativeTo}, which is not a feed of swagger/generation.json`,
      );
    if (base.feed.alternatives?.length)
      throw new Error(
        `${base.record.apiVersion} has more than one alternative feed: tasksApiVersion selects between two`,
      );
    const byId = pairOperations(base.feed.operations, alternative.feed.operations, alternative.record.apiVersion);
    base.feed.alternatives = [{ feed: alternative.feed, byId }];
    const properties = mergeModelProperties(base.model, alternative.model, {
      base: base.record.apiVersion,
      alternative: alternative.record.apiVersion,
    });
    merged.set(base.feed.folder, properties);
    merged.set(alternative.feed.folder, properties);
  }
  return merged;
}

/** An alternative feed's schemas and deserializers that equal its base's are the base's (one copy in a bundle, one set of rules). */
function shareWithBase(
  text: string,
  loaded: LoadedFeed[],
  baseVersion: string,
  files: ReadonlyMap<string, string>,
  file: string,
): string {
  const base = loaded.find((l) => l.record.apiVersion === baseVersion)!.feed.folder;
  const earlier = new Map(declarationsOf(files.get(base)!).map((d) => [d.name, { folder: base, body: d.body }]));
  return shareIdenticalModels(text, earlier, file);
}

/** An alternative feed adds no model to the public API: every model it declares itself must be an error model. */
function checkAllShared(entry: FeedRecord, models: string, model: CodeModel): void {
  const errors = errorOnlyModels(model);
  const own = declarationsOf(models)
    .map((d) => d.name)
    .filter((name) => !errors.has(name));
  if (own.length) {
    throw new Error(
      `${entry.apiVersion}: ${own.join(", ")} differ from ${entry.alternativeTo}'s in a way alternatives.ts does not merge (only added or dropped properties are)`,
    );
  }
}

/** The api-versions `tasksApiVersion` selects between: the feed that has an alternative, then the alternative. */
function emitApiVersions(loaded: LoadedFeed[]): string {
  const bases = loaded.filter((l) => l.feed.alternatives?.length);
  if (bases.length !== 1)
    throw new Error(
      `swagger/generation.json must have exactly one feed with an alternative (the tasks feed), not ${bases.length}`,
    );
  const versions = [bases[0].feed, ...bases[0].feed.alternatives!.map((a) => a.feed)].map((f) =>
    JSON.stringify(f.apiVersion),
  );
  return (
    `${GENERATED_HEADER}/** An api-version of the tasks operations (Tasks, Runs, TaskRuns, AgentPools, scheduleRun, source upload). */\n` +
    `export type TasksApiVersion = ${versions.join(" | ")};\n\n` +
    `/** The api-versions that the \`tasksApiVersion\` client option selects between; the first is the default. */\n` +
    `export const tasksApiVersions: readonly TasksApiVersion[] = [${versions.join(", ")}];\n`
  );
}

/** Every operation spec and object schema by feed: for the emulator and the tests, never for the client. */
function emitCatalog(feeds: FeedOperations[], alternatives: { feed: FeedOperations; alternativeTo: string }[]): string {
  const all = [...feeds, ...alternatives.map((a) => a.feed)];
  const imports = all.flatMap((f) => [
    `import * as ${f.alias}Operations from "./${f.folder}/operations.js";`,
    `import * as ${f.alias}Schemas from "./${f.folder}/schemas.js";`,
  ]);
  const entry = (f: FeedOperations, extra = "") =>
    `  {\n    apiVersion: ${JSON.stringify(f.apiVersion)},\n${extra}    operations: Object.values(${f.alias}Operations) as OperationSpec[],\n    schemas: ${f.alias}Schemas as Readonly<Record<string, ObjectSchema>>,\n  },`;
  const count = (list: FeedOperations[]) => list.reduce((n, f) => n + f.operations.length, 0);
  return (
    `${GENERATED_HEADER}import type { ObjectSchema, OperationSpec } from "./runtime.js";\n${imports.join("\n")}\n\n` +
    `export interface FeedCatalog {\n  readonly apiVersion: string;\n  readonly operations: readonly OperationSpec[];\n  readonly schemas: Readonly<Record<string, ObjectSchema>>;\n}\n\n` +
    `/** A feed that serves the operations of one of {@link feeds} at another api-version. */\n` +
    `export interface AlternativeFeedCatalog extends FeedCatalog {\n  /** The api-version of the feed whose operations this one serves (the client's \`tasksApiVersion\` selects between them). */\n  readonly alternativeTo: string;\n}\n\n` +
    `/** The feeds a client speaks by default: ${count(feeds)} operations. */\n` +
    `export const feeds: readonly FeedCatalog[] = [\n${feeds.map((f) => entry(f)).join("\n")}\n];\n\n` +
    `/** The same operations at other api-versions: ${count(alternatives.map((a) => a.feed))} operations. */\n` +
    `export const alternativeFeeds: readonly AlternativeFeedCatalog[] = [\n${alternatives.map((a) => entry(a.feed, `    alternativeTo: ${JSON.stringify(a.alternativeTo)},\n`)).join("\n")}\n];\n`
  );
}

/**
 * One namespace for the public layer: every model each feed declares (identical ones are declared once,
 * see shareModels.ts); a later feed's model that shares a name but differs gets its api-version suffix.
 * Alternative feeds are not in it: their models are their base feed's (merged), bar their error models.
 */
function emitMergedModels(feeds: FeedOperations[], modelFiles: ReadonlyMap<string, string>): string {
  const exported = new Set<string>();
  const lines = [GENERATED_HEADER];
  for (const feed of feeds) {
    const names: string[] = [];
    for (const { name, isType } of declarationsOf(modelFiles.get(feed.folder)!)) {
      const typeKeyword = isType ? "type " : "";
      names.push(
        exported.has(name) ? `${typeKeyword}${name} as ${name}${feed.alias.toUpperCase()}` : `${typeKeyword}${name}`,
      );
      exported.add(name);
    }
    lines.push(`export { ${names.join(", ")} } from "./${feed.folder}/models.js";`);
  }
  return lines.join("\n");
}
