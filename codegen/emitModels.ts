// Emits models.ts for one feed: wire-shaped interfaces, Known* constants for extensible enums,
// closed discriminated unions for polymorphic schemas, and in-place date deserializers.
import { type CodeModel, type Property, type Schema, docComment, GENERATED_HEADER, propertyKey } from "./codeModel.js";
import {
  allProperties,
  carriesDates,
  isPolymorphicBase,
  polymorphicParent,
  schemaName,
  typeOf,
  variantsOf,
} from "./typeNames.js";

/**
 * `mergedProperties` replaces the properties of the models it names (a feed and its alternative show the
 * same merged models, see alternatives.ts).
 */
export function emitModels(model: CodeModel, mergedProperties: ReadonlyMap<string, Property[]> = new Map()): string {
  const out: string[] = [GENERATED_HEADER];
  const objects = sortByName(model.schemas.objects ?? []);
  for (const schema of objects)
    out.push(emitObject(schema, mergedProperties.get(schemaName(schema)) ?? schema.properties ?? []));
  for (const schema of sortByName(model.schemas.choices ?? [])) out.push(emitExtensibleEnum(schema));
  for (const schema of sortByName(model.schemas.sealedChoices ?? [])) out.push(emitSealedEnum(schema));
  return out.join("\n");
}

/** deserializers.ts: one in-place date converter per model that carries dates. */
export function emitDeserializers(model: CodeModel): string {
  const withDates = sortByName(model.schemas.objects ?? []).filter((s) => carriesDates(s));
  const imports = `import type { ${withDates.map(schemaName).join(", ")} } from "./models.js";\n`;
  return [GENERATED_HEADER + imports, ...withDates.map(emitDeserializer)].join("\n");
}

export function sortByName(schemas: Schema[]): Schema[] {
  return [...schemas].sort((a, b) => schemaName(a).localeCompare(schemaName(b)));
}

/** The interface name of an object: a polymorphic base's own members live in `<Name>Base`. */
export function interfaceName(schema: Schema): string {
  return isPolymorphicBase(schema) ? `${schemaName(schema)}Base` : schemaName(schema);
}

function emitObject(schema: Schema, properties: Property[]): string {
  const name = schemaName(schema);
  const doc = docComment(schema.language.default.description);
  const parents = (schema.parents?.immediate ?? []).map(interfaceName);
  const extendsClause = parents.length ? ` extends ${parents.join(", ")}` : "";
  const variantParent = polymorphicParent(schema);
  const discriminatorName = (variantParent ?? schema).discriminator?.property.serializedName;
  const members: string[] = [];
  for (const prop of properties) {
    if (prop.serializedName === discriminatorName) continue;
    members.push(emitProperty(prop));
  }
  let text = "";
  if (isPolymorphicBase(schema)) {
    const values = variantsOf(schema).map(([value]) => JSON.stringify(value));
    members.unshift(
      `  /** The discriminator: one of ${values.join(", ")}. */\n  ${propertyKey(discriminatorName!)}: ${values.join(" | ")};`,
    );
    const variants = variantsOf(schema).map(([, v]) => schemaName(v));
    text += `${doc}export type ${name} = ${variants.join(" | ")};\n\n`;
    text += `/** Members shared by every variant of {@link ${name}}. */\n`;
  } else {
    text += doc;
  }
  if (schema.discriminatorValue !== undefined && variantParent) {
    members.unshift(
      `  /** Discriminator of {@link ${schemaName(variantParent)}}. */\n  ${propertyKey(discriminatorName!)}: ${JSON.stringify(schema.discriminatorValue)};`,
    );
  }
  text += `export interface ${interfaceName(schema)}${extendsClause} {\n${members.join("\n")}\n}\n`;
  return text;
}

function emitProperty(prop: Property): string {
  const doc = docComment(prop.language.default.description, "  ");
  const readonly = prop.readOnly ? "readonly " : "";
  const optional = prop.required ? "" : "?";
  return `${doc}  ${readonly}${propertyKey(prop.serializedName)}${optional}: ${typeOf(prop.schema)};`;
}

function emitExtensibleEnum(schema: Schema): string {
  const name = schemaName(schema);
  const entries = (schema.choices ?? []).map(
    (c) =>
      `${docComment(c.language.default.description, "  ")}  ${propertyKey(c.language.default.name)}: ${JSON.stringify(c.value)},`,
  );
  return (
    `${docComment(`Known values of {@link ${name}} that the service accepts.`)}export const Known${name} = {\n${entries.join("\n")}\n} as const;\n\n` +
    `${docComment(`${schema.language.default.description ?? name}\nAn extensible enum: see {@link Known${name}} for the values known to this version.`)}export type ${name} = string;\n`
  );
}

function emitSealedEnum(schema: Schema): string {
  const values = (schema.choices ?? []).map((c) => JSON.stringify(c.value));
  return `${docComment(schema.language.default.description)}export type ${schemaName(schema)} = ${values.join(" | ")};\n`;
}

export function deserializerName(schema: Schema): string {
  return `deserialize${schemaName(schema)}`;
}

/** A function that turns the date-time strings of a parsed JSON value into Dates, in place. */
function emitDeserializer(schema: Schema): string {
  const name = schemaName(schema);
  const lines: string[] = [];
  if (isPolymorphicBase(schema)) {
    const discriminator = schema.discriminator!.property.serializedName;
    lines.push(`  switch (value[${JSON.stringify(discriminator)}]) {`);
    for (const [disc, variant] of variantsOf(schema)) {
      if (carriesDates(variant))
        lines.push(`    case ${JSON.stringify(disc)}: ${deserializerName(variant)}(value); break;`);
    }
    lines.push("  }");
  }
  for (const prop of allProperties(schema)) {
    if (!carriesDates(prop.schema)) continue;
    lines.push(...convertStatements(`value[${JSON.stringify(prop.serializedName)}]`, prop.schema, "  ", 0));
  }
  return (
    `/** Converts the date-time fields of a {@link ${name}} parsed from JSON into Dates, in place. */\n` +
    `export function ${deserializerName(schema)}(value: any): ${name} {\n${lines.join("\n")}\n  return value;\n}\n`
  );
}

function convertStatements(target: string, schema: Schema, indent: string, depth: number): string[] {
  switch (schema.type) {
    case "date-time":
    case "date":
      return [`${indent}if (typeof ${target} === "string") ${target} = new Date(${target});`];
    case "object":
      return [`${indent}if (${target} != null) ${deserializerName(schema)}(${target});`];
    case "array": {
      const list = `list${depth}`;
      const index = `i${depth}`;
      return [
        `${indent}{`,
        `${indent}  const ${list} = ${target};`,
        `${indent}  if (Array.isArray(${list})) {`,
        `${indent}    for (let ${index} = 0; ${index} < ${list}.length; ${index}++) {`,
        ...convertStatements(`${list}[${index}]`, schema.elementType!, `${indent}      `, depth + 1),
        `${indent}    }`,
        `${indent}  }`,
        `${indent}}`,
      ];
    }
    case "dictionary": {
      const dict = `dict${depth}`;
      const key = `key${depth}`;
      return [
        `${indent}{`,
        `${indent}  const ${dict} = ${target};`,
        `${indent}  if (${dict} != null && typeof ${dict} === "object") {`,
        `${indent}    for (const ${key} of Object.keys(${dict})) {`,
        ...convertStatements(`${dict}[${key}]`, schema.elementType!, `${indent}      `, depth + 1),
        `${indent}    }`,
        `${indent}  }`,
        `${indent}}`,
      ];
    }
    default:
      return [];
  }
}
