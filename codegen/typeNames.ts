// Maps code-model schemas to TypeScript type expressions, and answers which ones carry dates.
import type { Property, Schema } from "./codeModel.js";

export function schemaName(schema: Schema): string {
  return schema.language.default.name;
}

export function isPolymorphicBase(schema: Schema): boolean {
  return schema.type === "object" && schema.discriminator !== undefined;
}

/** The TypeScript type for a schema used as a property or parameter type. */
export function typeOf(schema: Schema): string {
  switch (schema.type) {
    case "string":
    case "duration":
    case "uuid":
    case "uri":
    case "byte-array":
    case "arm-id":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "date-time":
    case "date":
      return "Date";
    case "choice":
    case "sealed-choice":
    case "object":
      return schemaName(schema);
    case "constant":
      return JSON.stringify(schema.value!.value);
    case "array":
      return `${wrapForArray(typeOf(schema.elementType!))}[]`;
    case "dictionary":
      return `Record<string, ${typeOf(schema.elementType!)}${schema.nullableItems ? " | null" : ""}>`;
    case "any":
      return "unknown";
    case "any-object":
      return "Record<string, unknown>";
    default:
      throw new Error(`unsupported schema type ${schema.type} (${schemaName(schema)})`);
  }
}

function wrapForArray(type: string): string {
  return /[|&\s]/.test(type) ? `(${type})` : type;
}

/** Own and inherited properties, parents first, without duplicates. */
export function allProperties(schema: Schema): Property[] {
  const seen = new Map<string, Property>();
  for (const parent of schema.parents?.all ?? []) {
    for (const p of parent.properties ?? []) seen.set(p.serializedName, p);
  }
  for (const p of schema.properties ?? []) seen.set(p.serializedName, p);
  return [...seen.values()];
}

/** The concrete variants of a polymorphic base, keyed by discriminator value. */
export function variantsOf(schema: Schema): [string, Schema][] {
  return Object.entries(schema.discriminator?.all ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

/** The polymorphic base a variant derives from, if any. */
export function polymorphicParent(schema: Schema): Schema | undefined {
  return schema.parents?.all.find((p) => isPolymorphicBase(p));
}

const dateMemo = new Map<Schema, boolean>();

/** Whether a value of this schema holds a date-time somewhere that needs converting. */
export function carriesDates(schema: Schema, visiting = new Set<Schema>()): boolean {
  const memo = dateMemo.get(schema);
  if (memo !== undefined) return memo;
  if (visiting.has(schema)) return false;
  visiting.add(schema);
  let result: boolean;
  switch (schema.type) {
    case "date-time":
    case "date":
      result = true;
      break;
    case "array":
    case "dictionary":
      result = carriesDates(schema.elementType!, visiting);
      break;
    case "object":
      result =
        allProperties(schema).some((p) => carriesDates(p.schema, visiting)) ||
        variantsOf(schema).some(([, v]) => carriesDates(v, visiting));
      break;
    default:
      result = false;
  }
  visiting.delete(schema);
  if (visiting.size === 0) dateMemo.set(schema, result);
  return result;
}
