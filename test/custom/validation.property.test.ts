// The SDK never refuses a body that came from the service. Every response body of every swagger example
// of every feed (each item of a list; the 2025-03-01-preview tasks feed through a client that selects it) is sent back through the public client as the body of its update
// operation (the PATCH on the resource) and of its create operation (the PUT on the resource, where that
// PUT takes the model the service returned): validation passes and the body goes out as given. As
// properties: the same holds whatever letter case the closed-enum values come in (ARM compares them
// case-insensitively, and the service itself answers `systemAssigned`), and a value that matches no
// enum value in any case is still refused, naming its path. Requests go to a stub HttpClient.
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ContainerRegistryTasksClient, ValidationError, type TasksApiVersion } from "acr-tasks";
import {
  alternativeFeeds,
  feeds as defaultFeeds,
  type FeedCatalog,
  type ObjectSchema,
  type OperationSpec,
  type SchemaRef,
} from "acr-tasks/catalog";
import { existsSync, readFileSync } from "node:fs";
import { camelCase, feeds, rel, type Json } from "./_support/swagger.js";

const ENDPOINT = "https://management.azure.com";
const NUM_RUNS = 300;

interface SendBackCase {
  label: string;
  [fc.toStringMethod]: () => string;
  target: OperationSpec;
  pathArguments: string[];
  subscriptionId: string;
  /** Set for a feed the client speaks only when told to (`tasksApiVersion`). */
  tasksApiVersion: TasksApiVersion | undefined;
  /** The body as the service sent it (JSON), and as the client returns it (date-time fields as Dates). */
  raw: Json;
  deserialized: Json;
}

const catalogFeeds: readonly FeedCatalog[] = [...defaultFeeds, ...alternativeFeeds];
const selectedFeeds = new Set(alternativeFeeds.map((feed) => feed.apiVersion));

function resolve(ref: SchemaRef) {
  return typeof ref === "function" ? ref() : ref;
}

/** The model of each item the operation returns in its `status` response: the body's, or a list's items'. */
function itemModel(spec: OperationSpec, status: string): string | undefined {
  const bodyType = spec.responses[status]?.bodyType;
  if (!bodyType || !spec.paging) return bodyType;
  // The list model is the one the list's item property is declared in (a feed may import it from another).
  const list = catalogFeeds
    .flatMap((feed) => Object.values(feed.schemas))
    .find((schema) => schema.name === bodyType && spec.paging!.itemName in schema.properties)!;
  const items = resolve(list.properties[spec.paging.itemName]!.schema);
  return items.kind === "array" ? (resolve(items.items) as ObjectSchema).name : undefined;
}

/** The operations a body of `model` goes back through: the PATCH of the resource, and its PUT when that PUT takes `model` itself. */
function sendBackTargets(specs: readonly OperationSpec[], model: string): OperationSpec[] {
  const resourcePaths = new Set(
    specs.filter((s) => s.method === "GET" && !s.paging && s.responses["200"]?.bodyType === model).map((s) => s.path),
  );
  return specs.filter(
    (s) =>
      s.body &&
      resourcePaths.has(s.path) &&
      (s.method === "PATCH" || (s.method === "PUT" && s.body.schema.kind === "object" && s.body.schema.name === model)),
  );
}

function collectCases(): { cases: SendBackCase[]; bodies: number; targets: Set<string> } {
  const cases: SendBackCase[] = [];
  const targets = new Set<string>();
  let bodies = 0;
  for (const feed of feeds()) {
    const specs = catalogFeeds.find((f) => f.apiVersion === feed.apiVersion)!.operations;
    for (const operation of feed.operations) {
      const spec = specs.find((s) => s.operationId === operation.operationId)!;
      for (const { file } of operation.exampleRefs) {
        if (!existsSync(file)) continue;
        const example = JSON.parse(readFileSync(file, "utf8")) as {
          parameters: Record<string, Json>;
          responses: Record<string, { body?: Json }>;
        };
        for (const [status, response] of Object.entries(example.responses)) {
          const model = itemModel(spec, status);
          if (!/^2/.test(status) || response.body === undefined || !model) continue;
          const deserializedBody =
            spec.responses[status]?.deserialize?.(structuredClone(response.body)) ?? structuredClone(response.body);
          const raw: Json[] = spec.paging ? (response.body[spec.paging.itemName] ?? []) : [response.body];
          const deserialized: Json[] = spec.paging
            ? ((deserializedBody as Json)[spec.paging.itemName] ?? [])
            : [deserializedBody];
          raw.forEach((item, index) => {
            const sendBack = sendBackTargets(specs, model);
            if (sendBack.length) bodies++;
            for (const target of sendBack) {
              targets.add(`${feed.apiVersion} ${target.operationId}`);
              const label = `${target.operationId} <- ${operation.operationId} ${status} ${rel(file).split("/examples/")[1]}${spec.paging ? ` [${index}]` : ""}`;
              cases.push({
                // fast-check prints a counterexample by its label, not as the whole operation spec.
                [fc.toStringMethod]: () => label,
                label,
                target,
                pathArguments: target.pathParameters.map((p) => example.parameters[p.serializedName] ?? item.name),
                subscriptionId: example.parameters.subscriptionId,
                tasksApiVersion: selectedFeeds.has(feed.apiVersion) ? (feed.apiVersion as TasksApiVersion) : undefined,
                raw: item,
                deserialized: deserialized[index],
              });
            }
          });
        }
      }
    }
  }
  return { cases, bodies, targets };
}

const { cases, bodies, targets } = collectCases();

/** Sends a body through the client method for `target`; resolves to the JSON it sent, or rejects. */
async function sendThroughClient(sendBack: SendBackCase, body: Json): Promise<unknown> {
  const sent: (string | undefined)[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      // Checked against the schemas of the feed the body came from: the request goes out at its api-version.
      expect(new URL(request.url).searchParams.get("api-version")).toBe(sendBack.target.apiVersion);
      sent.push(typeof request.body === "string" ? request.body : undefined);
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: "{}",
      };
    },
  };
  const client = new ContainerRegistryTasksClient(
    { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) },
    sendBack.subscriptionId,
    {
      endpoint: ENDPOINT,
      httpClient,
      retryOptions: { maxRetries: 0 },
      tasksApiVersion: sendBack.tasksApiVersion,
    },
  );
  const [group, name] = sendBack.target.operationId.split("_") as [string, string];
  const operations = (
    client as unknown as Record<string, Record<string, (...args: unknown[]) => PromiseLike<unknown>>>
  )[camelCase(group)]!;
  await operations[camelCase(name)]!.call(
    operations,
    ...sendBack.pathArguments,
    body,
    sendBack.target.lro ? { updateIntervalInMs: 0 } : {},
  );
  expect(sent, "one request").toHaveLength(1);
  return JSON.parse(sent[0]!);
}

// --- where the closed enums are in a body ------------------------------------------------------

interface EnumSite {
  /** The path validation reports, e.g. `registry.identity.type`. */
  path: string;
  allowed: readonly string[];
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

/** The closed-enum and string-constant values of `value` that validation checks (read-only ones are not checked). */
function enumSites(
  ref: SchemaRef,
  value: unknown,
  path: string,
  out: EnumSite[] = [],
  holder?: EnumSite["holder"],
  key?: EnumSite["key"],
): EnumSite[] {
  const schema = resolve(ref);
  if (value === null || value === undefined) return out;
  if (schema.kind === "string" && schema.enum && holder) out.push({ path, allowed: schema.enum, holder, key: key! });
  else if (schema.kind === "constant" && typeof schema.value === "string" && holder)
    out.push({ path, allowed: [schema.value], holder, key: key! });
  else if (schema.kind === "array" && Array.isArray(value))
    value.forEach((item, i) => enumSites(schema.items, item, `${path}[${i}]`, out, value, i));
  else if (schema.kind === "dictionary" && typeof value === "object") {
    for (const [k, item] of Object.entries(value)) {
      const keyPath = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      enumSites(schema.values, item, keyPath, out, value as Record<string, unknown>, k);
    }
  } else if (schema.kind === "object" && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const effective = schema.discriminator
      ? (schema.discriminator.variants()[record[schema.discriminator.property] as string] ?? schema)
      : schema;
    for (const [name, property] of Object.entries(effective.properties)) {
      if (!property.readOnly) enumSites(property.schema, record[name], `${path}.${name}`, out, record, name);
    }
  }
  return out;
}

/** Upper-cases the ASCII letters where the mask (repeated) says so, lower-cases the others. */
function recase(text: string, mask: readonly boolean[]): string {
  return [...text]
    .map((c, i) => (/[a-z]/i.test(c) ? (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase()) : c))
    .join("");
}

function bodyOf(sendBack: SendBackCase, asReturned: boolean): Json {
  return structuredClone(asReturned ? sendBack.deserialized : sendBack.raw);
}

describe("every example response body, sent back, passes validation", () => {
  test("the examples give bodies for every create and update operation whose resource has an example", () => {
    expect(bodies).toBeGreaterThanOrEqual(100);
    expect(cases.length).toBeGreaterThanOrEqual(170);
    const build = [
      "Tasks_Create",
      "Tasks_Update",
      "Runs_Update",
      "TaskRuns_Create",
      "TaskRuns_Update",
      "AgentPools_Create",
      "AgentPools_Update",
    ];
    const expected = [
      ...build.map((operationId) => `2019-06-01-preview ${operationId}`),
      ...["Tasks_Create", "Tasks_Update", "Runs_Update", "AgentPools_Update"].map(
        (operationId) => `2025-03-01-preview ${operationId}`,
      ),
      ...[
        "Registries_Create",
        "Registries_Update",
        "PipelineRuns_Create",
        "Webhooks_Update",
        "Tokens_Create",
        "ScopeMaps_Update",
        "ConnectedRegistries_Update",
      ].map((operationId) => `2021-08-01-preview ${operationId}`),
    ];
    for (const target of expected) expect(targets, target).toContain(target);
  });

  test.each(cases.map((c) => [c.label, c] as const))("%s", async (_label, sendBack) => {
    for (const asReturned of [false, true]) {
      const body = bodyOf(sendBack, asReturned);
      expect(await sendThroughClient(sendBack, body)).toEqual(JSON.parse(JSON.stringify(body)));
    }
  });
});

describe("properties over the example bodies", () => {
  const withEnums = cases.filter((c) => enumSites(c.target.body!.schema, c.raw, c.target.body!.name).length > 0);

  test("some example bodies carry closed-enum values (identity.type, password names)", () => {
    expect(withEnums.length).toBeGreaterThan(5);
  });

  test("any letter case of their closed-enum values passes, and is sent as given", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        async (sendBack, asReturned, mask) => {
          const body = bodyOf(sendBack, asReturned);
          for (const site of enumSites(sendBack.target.body!.schema, body, sendBack.target.body!.name)) {
            (site.holder as Record<string | number, unknown>)[site.key] = recase(
              String((site.holder as Record<string | number, unknown>)[site.key]),
              mask,
            );
          }
          expect(await sendThroughClient(sendBack, body)).toEqual(JSON.parse(JSON.stringify(body)));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  // ASCII-only candidates, so toLowerCase is exactly the case-insensitive comparison ARM makes.
  const wrongValue = fc.stringMatching(/^[A-Za-z ,]{0,40}$/);

  test("a closed-enum value that matches none in any case is refused, naming its path, and nothing is sent", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withEnums), fc.nat(), wrongValue, async (sendBack, pick, candidate) => {
        const body = bodyOf(sendBack, false);
        const sites = enumSites(sendBack.target.body!.schema, body, sendBack.target.body!.name);
        const site = sites[pick % sites.length]!;
        fc.pre(!site.allowed.some((allowed) => allowed.toLowerCase() === candidate.toLowerCase()));
        (site.holder as Record<string | number, unknown>)[site.key] = candidate;
        const error = await sendThroughClient(sendBack, body).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).parameter).toBe(site.path);
        expect((error as ValidationError).rule).toMatch(/^must be (one of )?"/);
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);
});
