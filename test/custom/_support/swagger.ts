// Test support: reads the two swagger feeds named in swagger/generation.json (read-only test vectors).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export type Json = any; // swagger documents are untyped JSON

export interface SwaggerParameter {
  name: string;
  in: "path" | "query" | "body" | "header" | "formData";
  required?: boolean;
  schema?: Json;
  type?: string;
  [key: string]: Json;
}

export interface SwaggerOperation {
  feed: Feed;
  operationId: string;
  /** `Group` and `Name` from `Group_Name`. */
  group: string;
  name: string;
  method: string;
  path: string;
  op: Json;
  parameters: SwaggerParameter[];
  /** Example files referenced by x-ms-examples: title -> absolute path. */
  exampleRefs: { title: string; file: string }[];
}

export interface Feed {
  apiVersion: string;
  folder: string;
  swaggerFile: string;
  doc: Json;
  examplesDir: string;
  operations: SwaggerOperation[];
}

function resolveRef(doc: Json, value: Json): Json {
  let current = value;
  const seen = new Set<string>();
  while (current && typeof current.$ref === "string") {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`external $ref not supported by the test support: ${ref}`);
    if (seen.has(ref)) throw new Error(`cyclic $ref ${ref}`);
    seen.add(ref);
    current = ref
      .slice(2)
      .split("/")
      .reduce((node: Json, key: string) => node?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
    if (current === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return current;
}

export function deref(doc: Json, value: Json): Json {
  return resolveRef(doc, value);
}

export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const METHODS = ["get", "put", "post", "patch", "delete", "head"];

function loadFeeds(): Feed[] {
  const generation = JSON.parse(readFileSync(join(ROOT, "swagger/generation.json"), "utf8")) as {
    feeds: { apiVersion: string; folder: string; input: string }[];
  };
  return generation.feeds.map((entry) => {
    const swaggerFile = resolve(ROOT, entry.input);
    const doc = JSON.parse(readFileSync(swaggerFile, "utf8"));
    const feed: Feed = {
      apiVersion: entry.apiVersion,
      folder: entry.folder,
      swaggerFile,
      doc,
      examplesDir: join(dirname(swaggerFile), "examples"),
      operations: [],
    };
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      const shared: Json[] = item.parameters ?? [];
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const own: SwaggerParameter[] = (op.parameters ?? []).map((p: Json) => resolveRef(doc, p));
        const inherited: SwaggerParameter[] = shared.map((p: Json) => resolveRef(doc, p));
        const parameters = [...own, ...inherited.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in))];
        const [group, name] = String(op.operationId).split("_");
        feed.operations.push({
          feed,
          operationId: op.operationId,
          group,
          name,
          method: method.toUpperCase(),
          path,
          op,
          parameters,
          exampleRefs: Object.entries<Json>(op["x-ms-examples"] ?? {}).map(([title, ref]) => ({
            title,
            file: resolve(dirname(swaggerFile), ref.$ref),
          })),
        });
      }
    }
    return feed;
  });
}

let cached: Feed[] | undefined;
export function feeds(): Feed[] {
  cached ??= loadFeeds();
  return cached;
}

export function allOperations(): SwaggerOperation[] {
  return feeds().flatMap((f) => f.operations);
}

/** Every .json file under a folder, recursively. */
export function globJson(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...globJson(full));
    else if (entry.endsWith(".json")) out.push(full);
  }
  return out.sort();
}

export function rel(file: string): string {
  return relative(ROOT, file);
}

/**
 * Converts a JSON value as the SDK should return it: every `format: date-time` field (found by walking
 * the swagger schema, through $ref, allOf, discriminators, arrays and dictionaries) becomes a Date.
 * Returns a converted deep copy.
 */
export function toExpected(doc: Json, schema: Json, value: unknown): unknown {
  if (value === null || value === undefined || schema === undefined) return clone(value);
  const resolved = resolveRef(doc, schema);
  if (resolved.format === "date-time" && typeof value === "string") return new Date(value);
  if (Array.isArray(value)) {
    return value.map((item) => toExpected(doc, resolved.items, item));
  }
  if (typeof value !== "object") return value;
  const effective = concreteSchema(doc, resolved, value as Record<string, unknown>);
  const properties = collectProperties(doc, effective);
  const additional = collectAdditionalProperties(doc, effective);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const propertySchema = properties.get(key) ?? (additional === true ? undefined : additional);
    out[key] = toExpected(doc, propertySchema, item);
  }
  return out;
}

function clone(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The discriminator property of a schema or of one of its allOf ancestors. */
function discriminatorOf(doc: Json, schema: Json): string | undefined {
  if (typeof schema.discriminator === "string") return schema.discriminator;
  for (const parent of schema.allOf ?? []) {
    const found = discriminatorOf(doc, resolveRef(doc, parent));
    if (found) return found;
  }
  return undefined;
}

function inheritsFrom(doc: Json, schema: Json, ancestor: Json): boolean {
  for (const parent of schema.allOf ?? []) {
    const resolved = resolveRef(doc, parent);
    if (resolved === ancestor || inheritsFrom(doc, resolved, ancestor)) return true;
  }
  return false;
}

/** For a polymorphic schema, the variant the value's discriminator names (x-ms-discriminator-value or definition name). */
export function concreteSchema(doc: Json, schema: Json, value: Record<string, unknown>): Json {
  const property = discriminatorOf(doc, schema);
  if (!property) return schema;
  const wanted = value[property];
  if (typeof wanted !== "string") return schema;
  for (const [name, definition] of Object.entries<Json>(doc.definitions ?? {})) {
    const discriminatorValue = definition["x-ms-discriminator-value"] ?? name;
    if (discriminatorValue === wanted && (definition === schema || inheritsFrom(doc, definition, schema)))
      return definition;
  }
  return schema;
}

/** Own and inherited (allOf) properties of a schema. */
export function collectProperties(doc: Json, schema: Json, into = new Map<string, Json>()): Map<string, Json> {
  for (const parent of schema.allOf ?? []) collectProperties(doc, resolveRef(doc, parent), into);
  for (const [name, property] of Object.entries<Json>(schema.properties ?? {})) into.set(name, property);
  return into;
}

function collectAdditionalProperties(doc: Json, schema: Json): Json {
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
    return schema.additionalProperties;
  for (const parent of schema.allOf ?? []) {
    const found = collectAdditionalProperties(doc, resolveRef(doc, parent));
    if (found !== undefined) return found;
  }
  return undefined;
}
