// A feed with `alternativeTo` in swagger/generation.json serves the operations of another feed at another
// api-version (the tasks feed at 2025-03-01-preview for 2019-06-01-preview). The client gets one method per
// operation either way, so the two feeds must have the same operations and signatures, and one set of
// models: what differs is merged here (a property one version lacks is optional), or generation fails.
import type { CodeModel, Property, Schema } from "./codeModel.js";
import type { OperationInfo } from "./operations.js";
import { parameterName, serialized } from "./operations.js";
import { schemaName, typeOf } from "./typeNames.js";

/** The type a method of this operation resolves to: nothing for a long-running DELETE. */
export function resultType(op: OperationInfo): string {
  return op.resultSchema && !(op.lro && op.httpMethod === "DELETE") ? typeOf(op.resultSchema) : "void";
}

function signature(op: OperationInfo): string {
  const parameters = [
    ...op.pathParameters.map((p) => `${parameterName(p)}=${serialized(p)}`),
    op.body ? `body ${parameterName(op.body)}${op.body.required ? "" : "?"}: ${typeOf(op.body.schema)}` : "no body",
    ...op.queryParameters.map((q) => `query ${serialized(q)}: ${typeOf(q.schema)}`).sort(),
  ];
  const paging = op.paging ? `pages of ${op.paging.itemName} (next ${op.paging.nextLinkName})` : "not pageable";
  // A long-running DELETE resolves to nothing; a DELETE answered at once has no body either.
  const result = op.httpMethod === "DELETE" ? "void" : resultType(op);
  return `${op.httpMethod} ${op.path} (${parameters.join(", ")}) -> ${result}, ${paging}`;
}

/** Pairs each operation of the base feed with the alternative's; the two must have the same operations and signatures. */
export function pairOperations(
  base: OperationInfo[],
  alternative: OperationInfo[],
  apiVersion: string,
): Map<string, OperationInfo> {
  const byId = new Map(alternative.map((op) => [op.operationId, op]));
  const problems: string[] = [];
  for (const op of base) {
    const other = byId.get(op.operationId);
    if (!other) problems.push(`${op.operationId} is missing`);
    else if (signature(op) !== signature(other))
      problems.push(`${op.operationId}: ${signature(other)}\n    instead of ${signature(op)}`);
  }
  for (const op of alternative)
    if (!base.some((b) => b.operationId === op.operationId)) problems.push(`${op.operationId} is not in the base feed`);
  if (problems.length) {
    throw new Error(
      `The ${apiVersion} feed must have the operations of the feed it is an alternative to, with the same signatures:\n  ${problems.join("\n  ")}`,
    );
  }
  return byId;
}

/** Object schemas reachable from a set of roots: properties, parents, variants and array/dictionary elements. */
function reachable(roots: (Schema | undefined)[]): Set<Schema> {
  const seen = new Set<Schema>();
  const visit = (schema: Schema | undefined): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    visit(schema.elementType);
    for (const p of schema.properties ?? []) visit(p.schema);
    for (const parent of schema.parents?.all ?? []) visit(parent);
    for (const child of schema.children?.all ?? []) visit(child);
  };
  roots.forEach(visit);
  return seen;
}

/** The names of the models used only to describe error responses (the client surfaces those as RestErrors). */
export function errorOnlyModels(model: CodeModel): Set<string> {
  const operations = model.operationGroups.flatMap((g) => g.operations);
  const used = reachable(
    operations.flatMap((op) => [
      ...(op.parameters ?? []).map((p) => p.schema),
      ...op.requests.flatMap((r) => (r.parameters ?? []).map((p) => p.schema)),
      ...(op.responses ?? []).map((r) => r.schema),
    ]),
  );
  const errors = reachable(operations.flatMap((op) => (op.exceptions ?? []).map((e) => e.schema)));
  return new Set([...errors].filter((s) => s.type === "object" && !used.has(s)).map(schemaName));
}

/**
 * The properties each model shows in both feeds' models.ts: the base's, then the alternative's new ones.
 * A property in one version only is optional and says so; required or read-only only when it is in both.
 * Models that only describe errors stay each feed's own.
 */
export function mergeModelProperties(
  base: CodeModel,
  alternative: CodeModel,
  apiVersions: { base: string; alternative: string },
): Map<string, Property[]> {
  const skip = new Set([...errorOnlyModels(base), ...errorOnlyModels(alternative)]);
  const baseObjects = new Map((base.schemas.objects ?? []).map((s) => [schemaName(s), s]));
  const merged = new Map<string, Property[]>();
  for (const other of alternative.schemas.objects ?? []) {
    const name = schemaName(other);
    const mine = baseObjects.get(name);
    if (!mine || skip.has(name)) continue;
    const theirs = new Map((other.properties ?? []).map((p) => [p.serializedName, p]));
    const properties: Property[] = [];
    for (const p of mine.properties ?? []) {
      const q = theirs.get(p.serializedName);
      if (q && typeOf(q.schema) !== typeOf(p.schema)) {
        throw new Error(
          `${name}.${p.serializedName} is ${typeOf(p.schema)} at ${apiVersions.base} but ${typeOf(q.schema)} at ${apiVersions.alternative}: the models cannot be merged`,
        );
      }
      properties.push(
        q
          ? { ...p, required: p.required && q.required, readOnly: p.readOnly && q.readOnly }
          : onlyIn(p, apiVersions.base),
      );
    }
    for (const q of other.properties ?? []) {
      if (!(mine.properties ?? []).some((p) => p.serializedName === q.serializedName))
        properties.push(onlyIn(q, apiVersions.alternative));
    }
    merged.set(name, properties);
  }
  return merged;
}

function onlyIn(p: Property, apiVersion: string): Property {
  const description = `${p.language.default.description ?? ""}\n\nOnly in api-version ${apiVersion}.`.trim();
  return { ...p, required: false, language: { ...p.language, default: { ...p.language.default, description } } };
}
