// Emits schemas.ts for one feed: the request-body constraints as data, for run-time validation by the
// public layer and the emulator (so nothing that runs reads the swagger).
import { type CodeModel, type Schema, GENERATED_HEADER, isSecret, propertyKey } from "./codeModel.js";
import { sortByName } from "./emitModels.js";
import { allProperties, isPolymorphicBase, schemaName, variantsOf } from "./typeNames.js";

export function schemaConstName(schema: Schema): string {
  return `${schemaName(schema)}Schema`;
}

export function emitSchemas(model: CodeModel): string {
  const out = [GENERATED_HEADER, 'import type { ObjectSchema } from "../runtime.js";\n'];
  for (const schema of sortByName(model.schemas.objects ?? [])) out.push(emitObjectSchema(schema));
  return out.join("\n");
}

function emitObjectSchema(schema: Schema): string {
  const fields: string[] = [`  kind: "object",`, `  name: ${JSON.stringify(schemaName(schema))},`];
  const props = allProperties(schema).map((p) => {
    const flags = [
      `schema: ${schemaExpression(p.schema, true)}`,
      p.required ? "required: true" : "",
      p.readOnly ? "readOnly: true" : "",
      isSecret(p) || isSecret(p.schema) ? "secret: true" : "",
    ].filter(Boolean);
    return `    ${propertyKey(p.serializedName)}: { ${flags.join(", ")} },`;
  });
  fields.push(`  properties: {\n${props.join("\n")}\n  },`);
  if (isPolymorphicBase(schema)) {
    const variants = variantsOf(schema).map(([value, v]) => `${propertyKey(value)}: ${schemaConstName(v)}`);
    fields.push(
      `  discriminator: { property: ${JSON.stringify(schema.discriminator!.property.serializedName)}, variants: () => ({ ${variants.join(", ")} }) },`,
    );
  }
  if (schema.discriminatorValue !== undefined)
    fields.push(`  discriminatorValue: ${JSON.stringify(schema.discriminatorValue)},`);
  return `export const ${schemaConstName(schema)}: ObjectSchema = {\n${fields.join("\n")}\n};\n`;
}

/** A schema as a TypeScript expression; object references are lazy when `lazy` is set. */
export function schemaExpression(schema: Schema, lazy: boolean): string {
  switch (schema.type) {
    case "string":
    case "uri":
    case "uuid":
    case "duration":
    case "byte-array": {
      const parts = [`kind: "string"`];
      const format = { duration: "duration", uuid: "uuid", uri: "uri", "byte-array": "byte" }[schema.type as string];
      if (format) parts.push(`format: "${format}"`);
      if (schema.pattern !== undefined) parts.push(`pattern: ${JSON.stringify(schema.pattern)}`);
      if (schema.minLength !== undefined) parts.push(`minLength: ${schema.minLength}`);
      if (schema.maxLength !== undefined) parts.push(`maxLength: ${schema.maxLength}`);
      if (isSecret(schema)) parts.push("secret: true");
      return `{ ${parts.join(", ")} }`;
    }
    case "sealed-choice":
      return `{ kind: "string", enum: ${JSON.stringify((schema.choices ?? []).map((c) => c.value))} }`;
    case "choice":
      return `{ kind: "string" }`;
    case "number":
    case "integer": {
      const parts = [`kind: "number"`];
      if (schema.type === "integer") parts.push("integer: true");
      for (const key of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
        if (schema[key] !== undefined) parts.push(`${key}: ${schema[key]}`);
      }
      return `{ ${parts.join(", ")} }`;
    }
    case "boolean":
      return `{ kind: "boolean" }`;
    case "date-time":
    case "date":
      return `{ kind: "date-time" }`;
    case "constant":
      return `{ kind: "constant", value: ${JSON.stringify(schema.value!.value)} }`;
    case "array": {
      const parts = [`kind: "array"`, `items: ${schemaExpression(schema.elementType!, true)}`];
      if (schema.minItems !== undefined) parts.push(`minItems: ${schema.minItems}`);
      if (schema.maxItems !== undefined) parts.push(`maxItems: ${schema.maxItems}`);
      return `{ ${parts.join(", ")} }`;
    }
    case "dictionary":
      return `{ kind: "dictionary", values: ${schemaExpression(schema.elementType!, true)} }`;
    case "object":
      return lazy ? `() => ${schemaConstName(schema)}` : schemaConstName(schema);
    case "any":
    case "any-object":
      return `{ kind: "any" }`;
    default:
      throw new Error(`unsupported schema type ${schema.type}`);
  }
}
