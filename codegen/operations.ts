// Reads the operations of a code model into the shape the emitters need.
import { allParameters, camelCase, type CodeModel, type Operation, type Parameter, type Schema } from "./codeModel.js";

export interface OperationInfo {
  operationId: string;
  group: string;
  methodName: string;
  description: string | undefined;
  httpMethod: "GET" | "PUT" | "POST" | "PATCH" | "DELETE" | "HEAD";
  path: string;
  apiVersion: string;
  pathParameters: Parameter[];
  queryParameters: Parameter[];
  body: Parameter | undefined;
  /** Success responses by status code, with the body schema when there is one. */
  responses: [string, Schema | undefined][];
  errorSchema: Schema | undefined;
  resultSchema: Schema | undefined;
  lro: { finalStateVia?: string } | undefined;
  paging: { nextLinkName: string | null; itemName: string; itemSchema: Schema } | undefined;
}

export function readOperations(model: CodeModel, apiVersion: string): OperationInfo[] {
  const result: OperationInfo[] = [];
  for (const group of model.operationGroups) {
    for (const op of group.operations) result.push(readOperation(group.$key, op, apiVersion));
  }
  return result.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

function readOperation(groupKey: string, op: Operation, apiVersion: string): OperationInfo {
  const http = op.requests[0].protocol.http;
  const params = allParameters(op);
  const isSynthesized = (p: Parameter) => p.origin?.startsWith("modelerfour:synthesized") ?? false;
  const method = params.filter((p) => p.implementation !== "Client" && !isSynthesized(p));
  const where = (p: Parameter) => p.protocol.http?.in;
  const pathOrder = [...http.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const pathParameters = method
    .filter((p) => where(p) === "path")
    .sort((a, b) => pathOrder.indexOf(serialized(a)) - pathOrder.indexOf(serialized(b)));
  const queryParameters = method.filter((p) => where(p) === "query");
  const bodies = method.filter((p) => where(p) === "body");
  const others = method.filter((p) => !["path", "query", "body"].includes(where(p) ?? ""));
  if (others.length) throw new Error(`${op.operationId}: unsupported parameters ${others.map(serialized).join(", ")}`);
  if (bodies.length > 1) throw new Error(`${op.operationId}: more than one body parameter`);
  for (const q of queryParameters) {
    if (q.required)
      throw new Error(`${op.operationId}: required query parameter ${serialized(q)} has no place in the signature`);
  }
  const responses: [string, Schema | undefined][] = [];
  for (const r of op.responses ?? []) {
    for (const code of r.protocol.http.statusCodes) responses.push([code, r.schema]);
  }
  const resultSchema = responses.find(([code, s]) => s && code !== "202")?.[1] ?? responses.find(([, s]) => s)?.[1];
  const pageable = op.extensions?.["x-ms-pageable"] as { nextLinkName?: string | null; itemName?: string } | undefined;
  let paging: OperationInfo["paging"];
  if (pageable) {
    const itemName = pageable.itemName ?? "value";
    const itemProperty = resultSchema?.properties?.find((p) => p.serializedName === itemName);
    if (!itemProperty?.schema.elementType) throw new Error(`${op.operationId}: page has no array ${itemName}`);
    paging = { nextLinkName: pageable.nextLinkName ?? null, itemName, itemSchema: itemProperty.schema.elementType };
  }
  const lroOptions = op.extensions?.["x-ms-long-running-operation-options"] as
    { "final-state-via"?: string } | undefined;
  return {
    operationId: op.operationId,
    group: groupKey,
    methodName: camelCase(op.language.default.name),
    description: op.language.default.description,
    httpMethod: http.method.toUpperCase() as OperationInfo["httpMethod"],
    path: http.path,
    apiVersion,
    pathParameters,
    queryParameters,
    body: bodies[0],
    responses,
    errorSchema: op.exceptions?.find((e) => e.schema)?.schema,
    resultSchema,
    lro: op.extensions?.["x-ms-long-running-operation"]
      ? { finalStateVia: lroOptions?.["final-state-via"] }
      : undefined,
    paging,
  };
}

export function serialized(p: Parameter): string {
  return p.language.default.serializedName ?? p.language.default.name;
}

export function parameterName(p: Parameter): string {
  return camelCase(p.language.default.name);
}

export function specName(op: OperationInfo): string {
  return op.operationId;
}
