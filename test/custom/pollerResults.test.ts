// Every long-running method of every feed, at both tasks api-versions, resolves to what its type says:
// nothing where the generated signature says `void`, whatever body the service sends (Azure's Runs_Cancel
// answers with the run), and otherwise the model, with every date-time field a Date. The declared types
// are read from the generated group classes' source (the signatures apps compile against), the
// operations from their `longRunningOperations` tables, the arguments from the swagger examples. Each
// method is driven answered at once and, where long-running, through a polling flow; and through
// `await poller`, `beginXAndWait`, `beginX` + `pollUntilDone`, and `restorePoller` from `serialize()`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { alternativeFeeds, feeds as catalogFeeds } from "../../src/generated/catalog.js";
import type { OperationSpec, SchemaRef, VersionedOperation } from "../../src/generated/runtime.js";
import { ContainerRegistryTasksClient, restorePoller } from "../../src/index.js";
import { ARM, fakeCredential, setupNock, teardownNock } from "./_support/client.js";
import { clientFor, exampleCall } from "./_support/exampleCall.js";
import { ROOT, type Json } from "./_support/swagger.js";

const DATE = "2021-01-02T03:04:05.000Z";
const TASKS = "2019-06-01-preview";
const GROUPS = join(ROOT, "src/generated/groups");

/** `OperationPoller<X>` of each long-running method, by group file and method: X without its namespace. */
function declaredResults(group: string): Map<string, string> {
  const file = join(GROUPS, `${group}.ts`);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const declared = new Map<string, string>();
  source.forEachChild(function visit(node): void {
    if (ts.isMethodDeclaration(node) && node.type) {
      const match = /^OperationPoller<(?:\w+\.)?(\w+)>$/.exec(node.type.getText(source));
      if (match) declared.set(node.name.getText(source), match[1]);
    }
    node.forEachChild(visit);
  });
  return declared;
}

interface Case {
  label: string;
  group: string;
  method: string;
  spec: OperationSpec;
  declared: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const client = new ContainerRegistryTasksClient(fakeCredential(), "sub");
  for (const [group, instance] of Object.entries(client)) {
    const table = (instance as object)?.constructor as {
      longRunningOperations?: Record<string, OperationSpec | VersionedOperation>;
    };
    if (!table?.longRunningOperations) continue;
    const declared = declaredResults(group);
    for (const [method, operation] of Object.entries(table.longRunningOperations)) {
      for (const spec of "versions" in operation ? Object.values(operation.versions) : [operation]) {
        out.push({
          label: `${group}.${method} at ${spec.apiVersion}`,
          group,
          method,
          spec,
          declared: declared.get(method) ?? "(no OperationPoller<...> signature)",
        });
      }
    }
  }
  return out;
}

const ALL = cases();

/** A model's schema in the feed of an api-version. */
function schemaNamed(apiVersion: string, name: string): SchemaRef {
  const feed = [...catalogFeeds, ...alternativeFeeds].find((f) => f.apiVersion === apiVersion)!;
  const schema = Object.values(feed.schemas).find((s) => s.name === name);
  if (!schema) throw new Error(`${apiVersion} has no schema ${name}`);
  return schema;
}

/** A value of the schema with every member filled in (a discriminated base as its first variant), dates as DATE. */
function sample(ref: SchemaRef, depth = 8): unknown {
  const schema = typeof ref === "function" ? ref() : ref;
  switch (schema.kind) {
    case "date-time":
      return DATE;
    case "string":
      return schema.enum?.[0] ?? "text";
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "constant":
      return schema.value;
    case "any":
      return { any: "value" };
    case "array":
      return depth > 0 ? [sample(schema.items, depth - 1)] : [];
    case "dictionary":
      return depth > 0 ? { key: sample(schema.values, depth - 1) } : {};
    case "object": {
      if (depth <= 0) return {};
      const variant = schema.discriminator ? (Object.values(schema.discriminator.variants())[0] ?? schema) : schema;
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(variant.properties))
        value[name] = sample(property.schema, depth - 1);
      if (schema.discriminator && variant.discriminatorValue)
        value[schema.discriminator.property] = variant.discriminatorValue;
      return value;
    }
  }
}

/** The paths where the schema has a date-time and the value holds something else than a Date. */
function undatedPaths(ref: SchemaRef, value: unknown, path = "result"): string[] {
  const schema = typeof ref === "function" ? ref() : ref;
  if (value === undefined || value === null) return [];
  switch (schema.kind) {
    case "date-time":
      return value instanceof Date ? [] : [path];
    case "array":
      return (value as unknown[]).flatMap((item, i) => undatedPaths(schema.items, item, `${path}[${i}]`));
    case "dictionary":
      return Object.entries(value as object).flatMap(([k, v]) => undatedPaths(schema.values, v, `${path}.${k}`));
    case "object": {
      const record = value as Record<string, unknown>;
      const variants = schema.discriminator?.variants() ?? {};
      const variant = (schema.discriminator && variants[String(record[schema.discriminator.property])]) || schema;
      return Object.entries(variant.properties).flatMap(([name, property]) =>
        undatedPaths(property.schema, record[name], `${path}.${name}`),
      );
    }
    default:
      return [];
  }
}

/** What the service answers with: the declared model, finished; for a `void` method, a run as Azure's cancel sends. */
function answerBody(c: Case): Record<string, unknown> {
  const body = (
    c.declared === "void" ? sample(schemaNamed(TASKS, "Run")) : sample(schemaNamed(c.spec.apiVersion, c.declared))
  ) as Record<string, any>;
  if ("provisioningState" in body) body.provisioningState = "Succeeded";
  if (body.properties && "provisioningState" in body.properties) body.properties.provisioningState = "Succeeded";
  return body;
}

type Flow = "answered at once" | "polled";

/** Answers by method and path: the operation itself, then its status monitor, Location and resource. */
function serve(c: Case, flow: Flow, body: unknown): { requests: string[] } {
  const requests: string[] = [];
  const monitor = `${ARM}/subscriptions/s/providers/Microsoft.ContainerRegistry/locations/westus/operationStatuses/op-1?api-version=${c.spec.apiVersion}`;
  const location = `${ARM}/subscriptions/s/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op-1?api-version=${c.spec.apiVersion}`;
  const json = { "content-type": "application/json" };
  // Answered at once: with the first success status the operation declares (a 2025 DELETE has no 200).
  const answered = [200, 201, 204].find((status) => c.spec.responses[status]) ?? 200;
  for (const method of ["GET", "PUT", "POST", "PATCH", "DELETE"]) {
    nock(ARM)
      .persist()
      .intercept(() => true, method)
      .reply(function (uri) {
        requests.push(`${method} ${uri.split("?")[0]}`);
        if (method !== "GET" && flow === "answered at once")
          return answered === 204 ? [204, ""] : [answered, JSON.stringify(body), json];
        if (method === "PUT" || method === "PATCH")
          return [201, JSON.stringify(body), { ...json, "azure-asyncoperation": monitor, "retry-after": "0" }];
        if (method !== "GET") return [202, "", { location, "retry-after": "0" }];
        if (uri.includes("/operationStatuses/")) return [200, JSON.stringify({ status: "Succeeded" }), json];
        return [200, JSON.stringify(body), json];
      });
  }
  return { requests };
}

function flowsOf(c: Case): Flow[] {
  return c.spec.lro ? ["answered at once", "polled"] : ["answered at once"];
}

beforeEach(setupNock);
afterEach(teardownNock);

describe("the long-running methods found", () => {
  test("cover every long-running operation of every feed, at both tasks api-versions", () => {
    const lroSpecs = [...catalogFeeds, ...alternativeFeeds].flatMap((f) => f.operations.filter((o) => o.lro));
    const covered = new Set(ALL.map((c) => c.spec));
    expect(lroSpecs.filter((s) => !covered.has(s)).map((s) => `${s.operationId} at ${s.apiVersion}`)).toEqual([]);
    expect(ALL.filter((c) => c.spec.apiVersion === "2025-03-01-preview").length).toBe(12);
  });

  test.each(ALL.map((c) => [c.label, c] as const))("%s: its signature names its answer's model, or void", (_, c) => {
    const withModel = Object.entries(c.spec.responses).filter(([, r]) => r.bodyType);
    const model = (withModel.find(([status]) => status !== "202") ?? withModel[0])?.[1].bodyType;
    expect(c.declared).toBe(c.spec.method === "DELETE" || !model ? "void" : model);
  });
});

describe.each(ALL.map((c) => [c.label, c] as const))("%s", (_, c) => {
  test.each(flowsOf(c))("resolves to what its type says, %s", async (flow) => {
    const call = exampleCall(c.spec);
    const { args } = call;
    const client = clientFor(call);
    const group = (client as unknown as Record<string, Record<string, (...a: unknown[]) => any>>)[c.group];
    const begin = `begin${c.method.charAt(0).toUpperCase()}${c.method.slice(1)}`;
    const body = answerBody(c);
    const served = serve(c, flow, body);
    const options = { updateIntervalInMs: 1 };

    const poller = group[c.method](...args, options);
    const results = [await poller, poller.result, await group[`${begin}AndWait`](...args, options)];
    results.push(await (await group[begin](...args, options)).pollUntilDone());
    results.push(await restorePoller(client, await poller.serialize(), group[c.method]));
    expect(served.requests.length).toBeGreaterThanOrEqual(flow === "polled" ? 6 : 3);

    for (const result of results) {
      if (c.declared === "void") {
        expect(result).toBeUndefined();
      } else {
        expect(JSON.parse(JSON.stringify(result))).toEqual(body);
        expect(undatedPaths(schemaNamed(c.spec.apiVersion, c.declared), result)).toEqual([]);
      }
    }
  });
});

describe("the answer sampler", () => {
  test("puts a date in every date-time field it can reach, so a missed conversion shows", () => {
    const taskRun = schemaNamed(TASKS, "TaskRun");
    const run = sample(taskRun) as Json;
    expect(run.properties.runResult.properties.createTime).toBe(DATE);
    expect(undatedPaths(taskRun, run)).toContain("result.properties.runResult.properties.createTime");
  });
});
