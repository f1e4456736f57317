// The generated code covers the three swagger feeds completely: every operation has a spec with the
// swagger's method, path, api-version, parameters, body, responses, paging and LRO flags, and a
// client method; every definition has an exported model; every generated file carries its header.
// The 2025-03-01-preview feed serves the 25 tasks operations of 2019-06-01-preview at its own api-version.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { alternativeFeeds, feeds as defaultFeeds } from "../../src/generated/catalog.js";
import type { OperationSpec, VersionedOperation } from "../../src/generated/runtime.js";
import { ContainerRegistryTasksClient } from "../../src/index.js";
import { fakeCredential } from "../custom/_support/client.js";
import { ROOT, camelCase, feeds, type SwaggerOperation } from "../custom/_support/swagger.js";

const client = new ContainerRegistryTasksClient(fakeCredential(), "00000000-0000-0000-0000-000000000000");
const generatedFeeds = [...defaultFeeds, ...alternativeFeeds];

function specFor(operation: SwaggerOperation): OperationSpec | undefined {
  const feed = generatedFeeds.find((f) => f.apiVersion === operation.feed.apiVersion);
  return feed?.operations.find((s) => s.operationId === operation.operationId);
}

const swaggerFeeds = feeds();
const operations = swaggerFeeds.flatMap((f) =>
  f.operations.map((o) => [`${f.apiVersion} ${o.operationId}`, o] as const),
);

describe("the swagger feeds as read by the test", () => {
  test("the three feeds are found and have operations and definitions", () => {
    expect(swaggerFeeds.map((f) => f.apiVersion).sort()).toEqual([
      "2019-06-01-preview",
      "2021-08-01-preview",
      "2025-03-01-preview",
    ]);
    for (const feed of swaggerFeeds) {
      expect(feed.operations.length).toBeGreaterThan(10);
      expect(Object.keys(feed.doc.definitions).length).toBeGreaterThan(10);
    }
  });

  test("109 operations: 84 in the default feeds and 25 in the tasks feed at 2025-03-01-preview", () => {
    expect(swaggerFeeds.flatMap((f) => f.operations)).toHaveLength(109);
    expect(generatedFeeds.flatMap((f) => f.operations)).toHaveLength(109);
    expect(defaultFeeds.flatMap((f) => f.operations)).toHaveLength(84);
    expect(alternativeFeeds.map((f) => [f.apiVersion, f.alternativeTo, f.operations.length])).toEqual([
      ["2025-03-01-preview", "2019-06-01-preview", 25],
    ]);
  });

  test("the 2025-03-01-preview feed has exactly the operations of 2019-06-01-preview, on the same paths", () => {
    const shape = (apiVersion: string) =>
      swaggerFeeds
        .find((f) => f.apiVersion === apiVersion)!
        .operations.map((o) => `${o.operationId} ${o.method} ${o.path}`)
        .sort();
    expect(shape("2025-03-01-preview")).toEqual(shape("2019-06-01-preview"));
  });

  test("the catalog has no operation that is not in the swagger of its feed", () => {
    for (const feed of generatedFeeds) {
      const swagger = swaggerFeeds.find((f) => f.apiVersion === feed.apiVersion)!;
      const ids = new Set(swagger.operations.map((o) => o.operationId));
      expect(feed.operations.map((o) => o.operationId).filter((id) => !ids.has(id))).toEqual([]);
      expect(new Set(feed.operations.map((o) => o.operationId)).size).toBe(feed.operations.length);
    }
  });
});

describe.each(operations)("operation %s", (_label, operation) => {
  const spec = specFor(operation);

  test("has a generated OperationSpec with the swagger's method, path template and api-version", () => {
    expect(spec, `no OperationSpec for ${operation.operationId}`).toBeDefined();
    expect(spec!.method).toBe(operation.method);
    expect(spec!.path).toBe(operation.path);
    expect(spec!.apiVersion).toBe(operation.feed.apiVersion);
  });

  test("has a client method client[camelCase(group)][camelCase(name)]", () => {
    const group = (client as unknown as Record<string, Record<string, unknown>>)[camelCase(operation.group)];
    expect(group, `client.${camelCase(operation.group)}`).toBeTypeOf("object");
    expect(
      group[camelCase(operation.name)],
      `client.${camelCase(operation.group)}.${camelCase(operation.name)}`,
    ).toBeTypeOf("function");
  });

  test("path parameters follow the path template in order (subscriptionId from the client)", () => {
    const inTemplate = [...operation.path.matchAll(/\{([^}]+)\}/g)]
      .map((m) => m[1])
      .filter((n) => n !== "subscriptionId");
    expect(spec!.pathParameters.map((p) => p.serializedName)).toEqual(inTemplate);
    for (const parameter of spec!.pathParameters) {
      const swagger = operation.parameters.find((p) => p.in === "path" && p.name === parameter.serializedName)!;
      expect(swagger, parameter.serializedName).toBeDefined();
      expect(parameter.required).toBe(true);
      if (swagger.pattern) expect((parameter.schema as { pattern?: string }).pattern).toBe(swagger.pattern);
      if (swagger.minLength !== undefined)
        expect((parameter.schema as { minLength?: number }).minLength).toBe(swagger.minLength);
      if (swagger.maxLength !== undefined)
        expect((parameter.schema as { maxLength?: number }).maxLength).toBe(swagger.maxLength);
    }
  });

  test("query parameters (other than api-version) match the swagger", () => {
    const swagger = operation.parameters.filter((p) => p.in === "query" && p.name !== "api-version");
    expect(spec!.queryParameters.map((p) => p.serializedName).sort()).toEqual(swagger.map((p) => p.name).sort());
    for (const parameter of spec!.queryParameters) {
      expect(parameter.name).toBe(camelCase(parameter.serializedName.replace(/^\$/, "")));
      expect(parameter.required).toBe(Boolean(swagger.find((p) => p.name === parameter.serializedName)!.required));
    }
  });

  test("the body parameter matches the swagger (name, required, model)", () => {
    const body = operation.parameters.find((p) => p.in === "body");
    if (!body) {
      expect(spec!.body).toBeUndefined();
      return;
    }
    expect(spec!.body, "spec.body").toBeDefined();
    expect(spec!.body!.name).toBe(body.name);
    expect(spec!.body!.required).toBe(Boolean(body.required));
    const ref: string | undefined = body.schema?.$ref;
    if (ref) expect((spec!.body!.schema as { name?: string }).name).toBe(ref.split("/").pop());
  });

  test("success responses match the swagger's status codes and body models", () => {
    const swagger = Object.entries<any>(operation.op.responses).filter(([code]) => code !== "default");
    expect(Object.keys(spec!.responses).sort()).toEqual(swagger.map(([code]) => code).sort());
    for (const [code, response] of swagger) {
      const model = response.schema?.$ref?.split("/").pop();
      expect(spec!.responses[code].bodyType, `response ${code}`).toBe(model);
    }
  });

  test("the pageable flag matches x-ms-pageable (nextLinkName and itemName too)", () => {
    const pageable = operation.op["x-ms-pageable"];
    if (!pageable) {
      expect(spec!.paging).toBeUndefined();
      return;
    }
    expect(spec!.paging).toBeDefined();
    expect(spec!.paging!.nextLinkName).toBe(pageable.nextLinkName ?? null);
    expect(spec!.paging!.itemName).toBe(pageable.itemName ?? "value");
  });

  test("the LRO flag matches x-ms-long-running-operation (and final-state-via)", () => {
    const lro = operation.op["x-ms-long-running-operation"] === true;
    expect(Boolean(spec!.lro)).toBe(lro);
    if (lro) {
      expect(spec!.lro!.finalStateVia).toBe(operation.op["x-ms-long-running-operation-options"]?.["final-state-via"]);
      // restorePoller finds long-running operations through the group's table.
      const group = (
        client as unknown as Record<
          string,
          { constructor: { longRunningOperations?: Record<string, OperationSpec | VersionedOperation> } }
        >
      )[camelCase(operation.group)];
      const entry = group.constructor.longRunningOperations?.[camelCase(operation.name)];
      expect(entry && "versions" in entry ? entry.versions[operation.feed.apiVersion] : entry).toBe(spec);
      const methods = group as unknown as Record<string, unknown>;
      const begin = `begin${operation.name}`;
      expect(methods[begin], begin).toBeTypeOf("function");
      expect(methods[`${begin}AndWait`], `${begin}AndWait`).toBeTypeOf("function");
    }
  });
});

describe.each(swaggerFeeds.map((f) => [f.apiVersion, f] as const))("definitions of %s", (_label, feed) => {
  const modelsFile = join(ROOT, "src/generated", feed.folder, "models.ts");
  const text = readFileSync(modelsFile, "utf8");
  // A model identical to one of an earlier feed is re-exported from it rather than declared again.
  test.each(Object.keys(feed.doc.definitions).map((name) => [name]))("%s has an exported model", (name) => {
    expect(text).toMatch(new RegExp(`export (interface|type) ${name}\\b|export \\{[^}]*\\btype ${name}\\b[^}]*\\}`));
  });
});

describe("generated files", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(".ts")) files.push(full);
    }
  };
  walk(join(ROOT, "src/generated"));

  test("there are generated files for every feed", () => {
    for (const feed of swaggerFeeds) {
      for (const name of ["models.ts", "operations.ts", "schemas.ts"]) {
        expect(files).toContain(join(ROOT, "src/generated", feed.folder, name));
      }
    }
  });

  test.each(files.map((f) => [f.slice(ROOT.length + 1)]))("%s starts with the Do-not-edit header", (file) => {
    const head = readFileSync(join(ROOT, file), "utf8").split("\n").slice(0, 2).join("\n");
    expect(head).toMatch(/^\/\/ Generated by codegen\/.*Do not edit by hand/s);
  });
});
