// Emits operations.ts for one feed: one OperationSpec per operation (method, path, api-version, parameters
// with their constraints, body schema, accepted status codes, LRO and paging metadata). A parameter that
// several operations share (resourceGroupName, registryName, ...) is declared once and referred to, which
// keeps the module a third smaller to ship and to parse.
import { GENERATED_HEADER, type Parameter, type Schema } from "./codeModel.js";
import { deserializerName } from "./emitModels.js";
import { schemaConstName, schemaExpression } from "./emitSchemas.js";
import { type OperationInfo, parameterName, serialized, specName } from "./operations.js";
import { carriesDates, schemaName } from "./typeNames.js";

export function emitOperations(operations: OperationInfo[]): string {
  const deserializers = new Set<string>();
  const schemas = new Set<string>();
  const parameters = new SharedParameters(operations);
  const body = operations.map((op) => emitSpec(op, deserializers, schemas, parameters));
  const imports = [
    `import type { ${parameters.declarations().length ? "OperationSpec, ParameterSpec" : "OperationSpec"} } from "../runtime.js";`,
    deserializers.size ? `import { ${[...deserializers].sort().join(", ")} } from "./deserializers.js";` : "",
    schemas.size ? `import { ${[...schemas].sort().join(", ")} } from "./schemas.js";` : "",
  ].filter(Boolean);
  const shared = parameters.declarations();
  return `${GENERATED_HEADER}${imports.join("\n")}\n\n${shared.length ? `${shared.join("\n")}\n\n` : ""}${body.join("\n")}`;
}

/** The parameters more than one operation of the feed has, each declared once as `<name>Parameter`. */
class SharedParameters {
  private readonly names = new Map<string, string>();

  constructor(operations: OperationInfo[]) {
    const uses = new Map<string, { name: string; count: number }>();
    for (const op of operations) {
      for (const p of [...op.pathParameters, ...op.queryParameters]) {
        const literal = parameterSpec(p);
        const use = uses.get(literal) ?? { name: parameterName(p), count: 0 };
        use.count++;
        uses.set(literal, use);
      }
    }
    const taken = new Set<string>();
    for (const [literal, { name, count }] of uses) {
      if (count < 2) continue;
      let constName = `${name}Parameter`;
      for (let n = 2; taken.has(constName); n++) constName = `${name}Parameter${n}`;
      taken.add(constName);
      this.names.set(literal, constName);
    }
  }

  /** The parameter as the spec writes it: the shared constant's name, or the literal. */
  reference(p: Parameter): string {
    const literal = parameterSpec(p);
    return this.names.get(literal) ?? literal;
  }

  declarations(): string[] {
    return [...this.names].map(([literal, name]) => `const ${name}: ParameterSpec = ${literal};`);
  }
}

function emitSpec(
  op: OperationInfo,
  deserializers: Set<string>,
  schemas: Set<string>,
  parameters: SharedParameters,
): string {
  const reference = (p: Parameter) => parameters.reference(p);
  const lines = [
    `  operationId: ${JSON.stringify(op.operationId)},`,
    `  method: ${JSON.stringify(op.httpMethod)},`,
    `  path: ${JSON.stringify(op.path)},`,
    `  apiVersion: ${JSON.stringify(op.apiVersion)},`,
    `  pathParameters: [${op.pathParameters.map(reference).join(", ")}],`,
    `  queryParameters: [${op.queryParameters.map(reference).join(", ")}],`,
  ];
  if (op.body) {
    const schema = op.body.schema;
    if (schema.type === "object") schemas.add(schemaConstName(schema));
    lines.push(
      `  body: { name: ${JSON.stringify(parameterName(op.body))}, required: ${op.body.required === true}, schema: ${schemaExpression(schema, false)} },`,
    );
  }
  const responses = op.responses.map(
    ([code, schema]) => `${JSON.stringify(code)}: ${responseSpec(schema, deserializers)}`,
  );
  lines.push(`  responses: { ${responses.join(", ")} },`);
  if (op.errorSchema) lines.push(`  errorType: ${JSON.stringify(schemaName(op.errorSchema))},`);
  if (op.lro)
    lines.push(`  lro: {${op.lro.finalStateVia ? ` finalStateVia: ${JSON.stringify(op.lro.finalStateVia)} ` : ""}},`);
  if (op.paging) {
    lines.push(
      `  paging: { nextLinkName: ${JSON.stringify(op.paging.nextLinkName)}, itemName: ${JSON.stringify(op.paging.itemName)} },`,
    );
  }
  return `export const ${specName(op)}: OperationSpec = {\n${lines.join("\n")}\n};\n`;
}

function parameterSpec(p: Parameter): string {
  return `{ name: ${JSON.stringify(parameterName(p))}, serializedName: ${JSON.stringify(serialized(p))}, required: ${p.required === true}, schema: ${schemaExpression(p.schema, false)} }`;
}

function responseSpec(schema: Schema | undefined, deserializers: Set<string>): string {
  if (!schema) return "{}";
  const parts = [`bodyType: ${JSON.stringify(schemaName(schema))}`];
  if (schema.type === "object" && carriesDates(schema)) {
    deserializers.add(deserializerName(schema));
    parts.push(`deserialize: ${deserializerName(schema)}`);
  }
  return `{ ${parts.join(", ")} }`;
}
