// Emits operations.ts for one feed: one OperationSpec per operation (method, path, api-version, parameters
// with their constraints, body schema, accepted status codes, LRO and paging metadata).
import { GENERATED_HEADER, type Parameter, type Schema } from "./codeModel.js";
import { deserializerName } from "./emitModels.js";
import { schemaConstName, schemaExpression } from "./emitSchemas.js";
import { type OperationInfo, parameterName, serialized, specName } from "./operations.js";
import { carriesDates, schemaName } from "./typeNames.js";

export function emitOperations(operations: OperationInfo[]): string {
  const deserializers = new Set<string>();
  const schemas = new Set<string>();
  const body = operations.map((op) => emitSpec(op, deserializers, schemas));
  const imports = [
    'import type { OperationSpec } from "../runtime.js";',
    deserializers.size ? `import { ${[...deserializers].sort().join(", ")} } from "./deserializers.js";` : "",
    schemas.size ? `import { ${[...schemas].sort().join(", ")} } from "./schemas.js";` : "",
  ].filter(Boolean);
  return `${GENERATED_HEADER}${imports.join("\n")}\n\n${body.join("\n")}`;
}

function emitSpec(op: OperationInfo, deserializers: Set<string>, schemas: Set<string>): string {
  const lines = [
    `  operationId: ${JSON.stringify(op.operationId)},`,
    `  method: ${JSON.stringify(op.httpMethod)},`,
    `  path: ${JSON.stringify(op.path)},`,
    `  apiVersion: ${JSON.stringify(op.apiVersion)},`,
    `  pathParameters: [${op.pathParameters.map(parameterSpec).join(", ")}],`,
    `  queryParameters: [${op.queryParameters.map(parameterSpec).join(", ")}],`,
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
