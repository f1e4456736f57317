// The generator's rules for a feed that serves another feed's operations at its own api-version
// (codegen/alternatives.ts): the same operations and signatures, and one merged set of models.
import { describe, expect, test } from "vitest";
import { mergeModelProperties, pairOperations } from "../../codegen/alternatives.js";
import type { CodeModel, Property, Schema } from "../../codegen/codeModel.js";
import type { OperationInfo } from "../../codegen/operations.js";

const string: Schema = { type: "string", language: { default: { name: "String" } } };
const integer: Schema = { type: "integer", language: { default: { name: "Integer" } } };
const property = (name: string, schema: Schema, extra: Partial<Property> = {}): Property => ({
  serializedName: name,
  schema,
  language: { default: { name, description: `the ${name}` } },
  ...extra,
});
const object = (name: string, properties: Property[]): Schema => ({
  type: "object",
  language: { default: { name } },
  properties,
});
const model = (...objects: Schema[]): CodeModel => ({ schemas: { objects }, operationGroups: [] });

describe("mergeModelProperties", () => {
  test("a property of one version only is optional and says which version has it; required or read-only only in both", () => {
    const base = model(
      object("Creds", [
        property("loginMode", string, { required: true }),
        property("old", string, { required: true, readOnly: true }),
      ]),
    );
    const next = model(
      object("Creds", [
        property("identity", string, { required: true }),
        property("loginMode", string, { required: true }),
        property("old", string),
      ]),
    );
    const merged = mergeModelProperties(base, next, { base: "2019", alternative: "2025" }).get("Creds")!;
    expect(merged.map((p) => [p.serializedName, Boolean(p.required), Boolean(p.readOnly)])).toEqual([
      ["loginMode", true, false],
      ["old", false, false],
      ["identity", false, false],
    ]);
    expect(merged[2]!.language.default.description).toBe("the identity\n\nOnly in api-version 2025.");
  });

  test("a property whose type changed cannot be merged: generation fails and names it", () => {
    const base = model(object("Pool", [property("count", integer)]));
    const next = model(object("Pool", [property("count", string)]));
    expect(() => mergeModelProperties(base, next, { base: "2019", alternative: "2025" })).toThrow(
      "Pool.count is number at 2019 but string at 2025",
    );
  });
});

describe("pairOperations", () => {
  const op = (operationId: string, extra: Partial<OperationInfo> = {}): OperationInfo => ({
    operationId,
    group: "Runs",
    methodName: "get",
    description: undefined,
    httpMethod: "GET",
    path: "/runs/{runId}",
    apiVersion: "v",
    pathParameters: [],
    queryParameters: [],
    body: undefined,
    responses: [],
    errorSchema: undefined,
    resultSchema: undefined,
    lro: undefined,
    paging: undefined,
    ...extra,
  });

  test("operations pair by id; long-running or not, and the status codes, may differ", () => {
    const paired = pairOperations(
      [op("Runs_Get", { lro: {} })],
      [op("Runs_Get", { responses: [["200", undefined]] })],
      "2025",
    );
    expect([...paired.keys()]).toEqual(["Runs_Get"]);
  });

  test("a missing, extra or differently shaped operation fails generation, naming each", () => {
    expect(() =>
      pairOperations(
        [op("Runs_Get"), op("Runs_List")],
        [op("Runs_Get", { path: "/runs/{id}" }), op("Runs_Extra")],
        "2025",
      ),
    ).toThrow(
      /Runs_Get: GET \/runs\/\{id\}.*\n    instead of GET \/runs\/\{runId\}[^]*Runs_List is missing[^]*Runs_Extra is not in the base feed/,
    );
  });
});
