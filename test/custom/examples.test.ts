// Every swagger example replays through the public client against nock: the request the client
// builds from the example's parameters is the example's request (method, path, api-version, query,
// body), and the value the client returns is the example's response body with its date-time fields
// as Dates. Long-running operations replay through each ARM polling flow; pageable ones across two
// pages. Examples referenced by x-ms-examples but absent from the folder are a withheld set: they
// are listed as skipped, and the replay is generic so that any valid example passes.
// The tasks feed at 2025-03-01-preview replays through a client with `tasksApiVersion` set to it. Some of
// its examples come from an older upstream revision (../shared/README.md): what they show that the feed
// does not declare is listed in UPSTREAM_NOISE, checked to be there, listed as skipped, and not replayed.
import { existsSync, readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { OperationSpec } from "../../src/generated/runtime.js";
import { alternativeFeeds, feeds as defaultFeeds } from "../../src/generated/catalog.js";
import { ContainerRegistryTasksClient, type TasksApiVersion, ValidationError } from "../../src/index.js";
import {
  fakeCredential,
  scripted,
  type RecordedRequest,
  type ScriptedReply,
  setupNock,
  teardownNock,
} from "./_support/client.js";
import { camelCase, feeds, globJson, rel, toExpected, type Json, type SwaggerOperation } from "./_support/swagger.js";

/**
 * Examples whose parameters break the swagger's own constraints: the client refuses them before
 * sending (ValidationError), as it must. Each entry names the parameter the client reports.
 * (None of the examples in the folder today; a withheld example that is invalid belongs here.)
 */
const KNOWN_INVALID_EXAMPLES: Record<string, { parameter: string; reason: string }> = {};

/**
 * What example files of an older upstream revision show that their feed does not declare, by
 * `<api-version>/<file under examples/>`: responses with status codes the operation no longer has, or an
 * api-version parameter of another version. The rest of each example is replayed.
 */
const UPSTREAM_NOISE: Record<string, { undeclaredResponses?: string[]; apiVersionParameter?: string }> = {
  "2025-03-01-preview/RegistriesScheduleRun_EncodedTaskRun.json": { undeclaredResponses: ["202"] },
  "2025-03-01-preview/RegistriesScheduleRun_FileTaskRun.json": { undeclaredResponses: ["202"] },
  "2025-03-01-preview/RegistriesScheduleRun_Task.json": { undeclaredResponses: ["202"] },
  "2025-03-01-preview/RunsUpdate.json": { undeclaredResponses: ["201"] },
  "2025-03-01-preview/TasksUpdate.json": { undeclaredResponses: ["201"] },
  "2025-03-01-preview/TasksCreate.json": { apiVersionParameter: "2019-06-01-preview" },
};

/** The api-versions a client selects with `tasksApiVersion` other than its default: set for those feeds' examples. */
const SELECTED_FEEDS = new Set<string>(alternativeFeeds.map((f) => f.apiVersion));
const generatedFeeds = [...defaultFeeds, ...alternativeFeeds];

interface ExampleCase {
  label: string;
  file: string;
  /** `<api-version>/<file under examples/>`, the key of KNOWN_INVALID_EXAMPLES and UPSTREAM_NOISE. */
  key: string;
  operation: SwaggerOperation;
}

const swaggerFeeds = feeds();
const referenced: ExampleCase[] = [];
const withheld: ExampleCase[] = [];
for (const feed of swaggerFeeds) {
  for (const operation of feed.operations) {
    for (const { file } of operation.exampleRefs) {
      const name = rel(file).split("/examples/")[1];
      const entry = {
        label: `${feed.apiVersion} ${operation.operationId} ${name}`,
        file,
        key: `${feed.apiVersion}/${name}`,
        operation,
      };
      (existsSync(file) ? referenced : withheld).push(entry);
    }
  }
}
const globbed = swaggerFeeds.flatMap((f) => globJson(f.examplesDir));

function specFor(operation: SwaggerOperation): OperationSpec {
  const spec = generatedFeeds
    .find((f) => f.apiVersion === operation.feed.apiVersion)
    ?.operations.find((s) => s.operationId === operation.operationId);
  if (!spec) throw new Error(`no OperationSpec for ${operation.operationId}`);
  return spec;
}

describe("example discovery", () => {
  test("every example file in the folders is referenced by an operation's x-ms-examples (so it is replayed)", () => {
    const files = new Set(referenced.map((c) => c.file));
    expect(globbed.filter((f) => !files.has(f)).map(rel)).toEqual([]);
    expect(referenced.length).toBeGreaterThan(50);
  });

  test.skip.each(withheld.map((c) => [c.label]))("withheld (referenced, not in the folder): %s", () => {});

  test.each(referenced.map((c) => [c.label, c] as const))(
    "%s declares only what its feed does, or UPSTREAM_NOISE says otherwise",
    (_label, c) => {
      const example = JSON.parse(readFileSync(c.file, "utf8")) as Example;
      const spec = specFor(c.operation);
      const noise = UPSTREAM_NOISE[c.key] ?? {};
      const undeclared = Object.keys(example.responses).filter((code) => code !== "default" && !spec.responses[code]);
      expect(undeclared, "responses the feed does not declare").toEqual(noise.undeclaredResponses ?? []);
      expect(example.parameters["api-version"], "the example's api-version").toBe(
        noise.apiVersionParameter ?? spec.apiVersion,
      );
    },
  );

  test.skip.each(
    Object.entries(UPSTREAM_NOISE).flatMap(([file, noise]) => [
      ...(noise.undeclaredResponses ?? []).map((code) => [
        `${file}: response ${code}, which the operation no longer declares`,
      ]),
      ...(noise.apiVersionParameter
        ? [[`${file}: api-version parameter ${noise.apiVersionParameter} (replayed at the feed's own)`]]
        : []),
    ]),
  )("upstream noise, not replayed: %s", () => {});

  test("every UPSTREAM_NOISE entry names an example that is here", () => {
    expect(Object.keys(UPSTREAM_NOISE).filter((key) => !referenced.some((c) => c.key === key))).toEqual([]);
  });
});

/** Where the client sends requests: the public ARM endpoint, or a custom endpoint with a base path. */
const ENDPOINTS = [
  {
    name: "management.azure.com",
    endpoint: "https://management.azure.com",
    origin: "https://management.azure.com",
    prefix: "",
  },
  {
    name: "custom endpoint",
    endpoint: "https://arm.contoso.test:8443/arm/",
    origin: "https://arm.contoso.test:8443",
    prefix: "/arm",
  },
] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/** `direct <status>`: one request answered with that response of the example, for an operation that does not poll. */
type Flow = "direct" | `direct ${number}` | "azure-async-operation" | "location" | "provisioning-state";

const TERMINAL = ["succeeded", "failed", "canceled", "cancelled"];

function provisioningStateOf(body: unknown): string | undefined {
  const record = body as { properties?: { provisioningState?: unknown }; provisioningState?: unknown } | undefined;
  const state = record?.properties?.provisioningState ?? record?.provisioningState;
  return typeof state === "string" ? state : undefined;
}

function withProvisioningState(body: Json, state: string): Json {
  const copy = JSON.parse(JSON.stringify(body));
  if (copy.properties && typeof copy.properties === "object") copy.properties.provisioningState = state;
  else copy.provisioningState = state;
  return copy;
}

/** Operations outside a subscription (Operations_List) have no subscriptionId; the client still needs one. */
const PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";

function subscriptionOf(example: Example): string {
  return example.parameters.subscriptionId ?? PLACEHOLDER_SUBSCRIPTION;
}

interface Example {
  parameters: Record<string, Json>;
  responses: Record<string, { body?: Json; headers?: Record<string, string> }>;
}

/** The example's responses with a status code the operation declares (the rest is upstream noise). */
function declaredResponses(spec: OperationSpec, example: Example): Example["responses"] {
  return Object.fromEntries(Object.entries(example.responses).filter(([code]) => spec.responses[code]));
}

/** The response the operation ends with: 200 (or 201, 204, 202), as the example gives it. */
function finalResponse(
  spec: OperationSpec,
  example: Example,
): { status: number; body?: Json; headers?: Record<string, string> } {
  const responses = declaredResponses(spec, example);
  for (const code of ["200", "201", "204", "202"]) {
    const response = responses[code];
    if (response) return { status: Number(code), body: response.body, headers: response.headers };
  }
  const [code, response] = Object.entries(responses).find(([c]) => /^2/.test(c))!;
  return { status: Number(code), body: response.body, headers: response.headers };
}

/** Headers from the example, minus the polling ones (those are synthesized per flow, on the test endpoint). */
function passThroughHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!["location", "azure-asyncoperation", "operation-location", "retry-after"].includes(name.toLowerCase()))
      out[name] = value;
  }
  return out;
}

function flowsFor(spec: OperationSpec, example: Example): Flow[] {
  if (!spec.lro) {
    if (spec.paging) return ["direct"];
    return Object.keys(declaredResponses(spec, example))
      .filter((code) => /^2/.test(code))
      .map((code): Flow => `direct ${Number(code)}`);
  }
  const final = finalResponse(spec, example);
  const state = provisioningStateOf(final.body);
  const terminalOrAbsent = state === undefined || TERMINAL.includes(state.toLowerCase());
  const flows: Flow[] = ["azure-async-operation", "location"];
  // A direct answer ends the operation at once, unless a PUT answer says it is still provisioning.
  if (spec.method !== "PUT" || terminalOrAbsent) flows.unshift("direct");
  // core-lro follows provisioningState on the body for PUT only; it ends on a terminal (or absent) state.
  if (
    spec.method === "PUT" &&
    final.body &&
    typeof final.body === "object" &&
    (state === undefined || state.toLowerCase() === "succeeded")
  ) {
    flows.push("provisioning-state");
  }
  return flows;
}

interface Plan {
  replies: ScriptedReply[];
  /** The method and path (with prefix, without query) each request must have, in order. */
  expected: { method: string; path: string; query?: Record<string, string> }[];
}

function planFor(
  flow: Flow,
  spec: OperationSpec,
  example: Example,
  at: Endpoint,
  requestPath: string,
  requestQuery: Record<string, string>,
): Plan {
  const initial = { method: spec.method, path: requestPath, query: requestQuery };
  if (flow.startsWith("direct ")) {
    const status = flow.slice("direct ".length);
    const { body, headers } = example.responses[status]!;
    return { replies: [{ status: Number(status), body, headers: passThroughHeaders(headers) }], expected: [initial] };
  }
  const final = finalResponse(spec, example);
  const finalReply: ScriptedReply = {
    status: final.status,
    body: final.body,
    headers: passThroughHeaders(final.headers),
  };
  const monitorPath = `${at.prefix}/subscriptions/${subscriptionOf(example)}/providers/Microsoft.ContainerRegistry/locations/westus/operationStatuses/op-1`;
  const resultPath = `${at.prefix}/subscriptions/${subscriptionOf(example)}/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/op-1`;
  const apiVersion = `api-version=${spec.apiVersion}`;
  const monitorUrl = `${at.origin}${monitorPath}?${apiVersion}`;
  const resultUrl = `${at.origin}${resultPath}?${apiVersion}`;
  const retryNow = { "retry-after": "0" };
  // The first answer of a polling flow: 202 where the swagger declares it, else 201 (PUT and PATCH).
  const acceptedStatus = spec.responses["202"] ? 202 : spec.responses["201"] ? 201 : 200;
  const acceptedBody = acceptedStatus === 201 ? example.responses["201"]?.body : undefined;
  switch (flow) {
    case "direct":
      return { replies: [finalReply], expected: [initial] };
    case "azure-async-operation": {
      // 201 (PUT, with the example's 201 body if any) or 202, then the status monitor, then the final GET:
      // the original URI for PUT and PATCH, the Location for POST, none for DELETE.
      const headers: Record<string, string> = { "azure-asyncoperation": monitorUrl, ...retryNow };
      if (spec.method === "POST") headers.location = resultUrl;
      const first: ScriptedReply = { status: acceptedStatus, body: acceptedBody, headers };
      const replies: ScriptedReply[] = [
        first,
        { status: 200, body: { status: "InProgress" }, headers: retryNow },
        { status: 200, body: { status: "Succeeded" } },
      ];
      const expected = [initial, { method: "GET", path: monitorPath }, { method: "GET", path: monitorPath }];
      if (spec.method === "PUT" || spec.method === "PATCH") {
        replies.push({
          ...finalReply,
          status: final.status === 204 || final.status === 202 ? 200 : final.status === 201 ? 200 : final.status,
        });
        expected.push({ method: "GET", path: requestPath, query: { "api-version": spec.apiVersion } });
      } else if (spec.method === "POST") {
        replies.push({ ...finalReply, status: 200 });
        expected.push({ method: "GET", path: resultPath });
      }
      return { replies, expected };
    }
    case "location": {
      const replies: ScriptedReply[] = [
        { status: acceptedStatus, body: acceptedBody, headers: { location: resultUrl, ...retryNow } },
        { status: 202, headers: { location: resultUrl, ...retryNow } },
        { ...finalReply, status: final.status === 202 ? 200 : final.status === 201 ? 200 : final.status },
      ];
      return { replies, expected: [initial, { method: "GET", path: resultPath }, { method: "GET", path: resultPath }] };
    }
    case "provisioning-state": {
      const replies: ScriptedReply[] = [
        { status: 201, body: withProvisioningState(final.body, "Creating"), headers: retryNow },
        { status: 200, body: withProvisioningState(final.body, "InProgress"), headers: retryNow },
        { ...finalReply, status: 200 },
      ];
      const poll = { method: "GET", path: requestPath, query: { "api-version": spec.apiVersion } };
      return { replies, expected: [initial, poll, poll] };
    }
    default:
      throw new Error(`no plan for the flow ${flow}`);
  }
}

function expectedPath(spec: OperationSpec, example: Example, prefix: string): string {
  let path = spec.path.replace("{subscriptionId}", encodeURIComponent(subscriptionOf(example)));
  for (const parameter of spec.pathParameters) {
    path = path.replace(
      `{${parameter.serializedName}}`,
      encodeURIComponent(String(example.parameters[parameter.serializedName])),
    );
  }
  return prefix + path;
}

/** The client call the example describes: path parameters in order, the body by name, query options by name without `$`. */
function callArguments(
  spec: OperationSpec,
  operation: SwaggerOperation,
  example: Example,
): { args: unknown[]; options: Record<string, unknown> } {
  const args: unknown[] = spec.pathParameters.map((p) => example.parameters[p.serializedName]);
  const bodyParameter = operation.parameters.find((p) => p.in === "body");
  if (bodyParameter) args.push(example.parameters[bodyParameter.name]);
  const options: Record<string, unknown> = {};
  for (const parameter of spec.queryParameters) {
    const value = example.parameters[parameter.serializedName];
    if (value !== undefined) options[parameter.serializedName.replace(/^\$/, "")] = value;
  }
  return { args, options };
}

function expectedQuery(spec: OperationSpec, example: Example): Record<string, string> {
  const query: Record<string, string> = { "api-version": spec.apiVersion };
  for (const parameter of spec.queryParameters) {
    const value = example.parameters[parameter.serializedName];
    if (value !== undefined && value !== null) query[parameter.serializedName] = String(value);
  }
  return query;
}

function assertRequests(requests: RecordedRequest[], plan: Plan, expectedBody: unknown, token: string): void {
  expect(requests.map((r) => `${r.method} ${r.pathname}`)).toEqual(plan.expected.map((e) => `${e.method} ${e.path}`));
  requests.forEach((request, i) => {
    const want = plan.expected[i];
    if (want.query) expect(request.query, `query of request ${i}`).toEqual(want.query);
    expect(request.headers.authorization).toBe(`Bearer ${token}`);
  });
  expect(requests[0].body).toEqual(expectedBody);
  if (expectedBody !== undefined) expect(requests[0].headers["content-type"]).toMatch(/^application\/json/);
  expect(
    requests.slice(1).every((r) => r.body === undefined),
    "polls carry no body",
  ).toBe(true);
}

describe.each(ENDPOINTS.map((e) => [e.name, e] as const))("examples replayed against %s", (_name, at) => {
  beforeEach(setupNock);
  afterEach(teardownNock);

  const cases = referenced.flatMap((c) => {
    const example = JSON.parse(readFileSync(c.file, "utf8")) as Example;
    const spec = specFor(c.operation);
    return flowsFor(spec, example).map(
      (flow) => [`${c.label} (${spec.paging ? "two pages" : flow})`, c, example, spec, flow] as const,
    );
  });

  test.each(cases)(
    "%s",
    async (_label, c, example, spec, flow) => {
      const { operation } = c;
      const doc = operation.feed.doc;
      const token = `token-${operation.operationId}`;
      const tasksApiVersion = SELECTED_FEEDS.has(operation.feed.apiVersion)
        ? (operation.feed.apiVersion as TasksApiVersion)
        : undefined;
      const client = new ContainerRegistryTasksClient(fakeCredential(token), subscriptionOf(example), {
        endpoint: at.endpoint,
        tasksApiVersion,
      });
      const method = (client as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
        camelCase(operation.group)
      ][camelCase(operation.name)];
      const { args, options } = callArguments(spec, operation, example);
      const bodyParameter = operation.parameters.find((p) => p.in === "body");
      const expectedBody = bodyParameter ? example.parameters[bodyParameter.name] : undefined;
      const path = expectedPath(spec, example, at.prefix);
      const query = expectedQuery(spec, example);

      const group = (client as unknown as Record<string, object>)[camelCase(operation.group)];
      const known = KNOWN_INVALID_EXAMPLES[c.key];
      if (known) {
        const { requests } = scripted(at.origin, []);
        const attempt = async () => {
          const result = method.call(group, ...args, options) as AsyncIterator<unknown> | Promise<unknown>;
          return spec.paging ? (result as AsyncIterator<unknown>).next() : await result;
        };
        await expect(attempt()).rejects.toSatisfy(
          (e: unknown) => e instanceof ValidationError && e.parameter === known.parameter,
        );
        expect(requests).toEqual([]);
        return;
      }

      if (spec.paging) {
        const final = finalResponse(spec, example);
        const itemName = spec.paging.itemName;
        const items: Json[] = final.body?.[itemName] ?? [];
        const half = Math.ceil(items.length / 2);
        const nextPath = `${path}/page2`;
        const nextLink = `${at.origin}${nextPath}?api-version=${spec.apiVersion}&$skiptoken=abc`;
        const { [spec.paging.nextLinkName ?? "nextLink"]: _ignored, ...rest } = final.body ?? {};
        const firstPage: Json = { ...rest, [itemName]: items.slice(0, half) };
        if (spec.paging.nextLinkName) firstPage[spec.paging.nextLinkName] = nextLink;
        const replies: ScriptedReply[] = [{ status: final.status, body: firstPage }];
        const expectedRequests = [{ method: spec.method, path, query }];
        if (spec.paging.nextLinkName) {
          replies.push({ status: final.status, body: { ...rest, [itemName]: items.slice(half) } });
          expectedRequests.push({
            method: "GET",
            path: nextPath,
            query: { "api-version": spec.apiVersion, $skiptoken: "abc" },
          });
        }
        const { requests, remaining } = scripted(at.origin, replies);
        const got: unknown[] = [];
        for await (const item of method.call(group, ...args, options) as AsyncIterable<unknown>) got.push(item);
        assertRequests(requests, { replies, expected: expectedRequests }, expectedBody, token);
        const responseSchema = operation.op.responses[String(final.status)]?.schema;
        const expectedItems = (
          toExpected(doc, responseSchema, {
            [itemName]: spec.paging.nextLinkName ? items : items.slice(0, half),
          }) as Json
        )[itemName];
        expect(got).toEqual(expectedItems);
        expect(got.some((item) => typeof item === "string" && /^\d{4}-\d\d-\d\dT/.test(item))).toBe(false);
        expect(remaining()).toBe(0);
        return;
      }

      const plan = planFor(flow, spec, example, at, path, query);
      const { requests, remaining } = scripted(at.origin, plan.replies);
      const lroOptions = spec.lro ? { ...options, updateIntervalInMs: 60_000 } : options;
      const returned = method.call(group, ...args, lroOptions) as Promise<unknown> & {
        isDone?: boolean;
        submitted?: unknown;
      };
      const result = await returned;
      assertRequests(requests, plan, expectedBody, token);
      expect(remaining()).toBe(0);
      // A method long-running at another api-version returns a poller, done with this one answer.
      if (!spec.lro && typeof returned.submitted === "function") expect(returned.isDone).toBe(true);

      const final = flow.startsWith("direct ")
        ? { status: Number(flow.slice(7)), body: example.responses[flow.slice(7)]!.body }
        : finalResponse(spec, example);
      if (spec.method === "DELETE" || final.body === undefined) {
        expect(result).toBeUndefined();
      } else {
        const responseSchema = operation.op.responses[String(final.status)]?.schema;
        expect(result).toEqual(toExpected(doc, responseSchema, final.body));
      }
    },
    10_000,
  );
});

describe("the expected-value converter (schema driven)", () => {
  const doc2019 = swaggerFeeds.find((f) => f.apiVersion === "2019-06-01-preview")!.doc;
  test("converts date-time fields through $ref, allOf and discriminated variants, and nothing else", () => {
    const run = {
      id: "x",
      properties: {
        runId: "1",
        createTime: "2020-01-01T00:00:00Z",
        lastUpdatedTime: "2020-01-02T00:00:00Z",
        status: "Running",
      },
    };
    expect(toExpected(doc2019, { $ref: "#/definitions/Run" }, run)).toEqual({
      id: "x",
      properties: {
        runId: "1",
        createTime: new Date("2020-01-01T00:00:00Z"),
        lastUpdatedTime: new Date("2020-01-02T00:00:00Z"),
        status: "Running",
      },
    });
    const list = toExpected(doc2019, { $ref: "#/definitions/RunListResult" }, { value: [run] }) as {
      value: { properties: { createTime: unknown } }[];
    };
    expect(list.value[0].properties.createTime).toBeInstanceOf(Date);
    // a string that merely looks like a date stays a string when the schema says string
    expect(toExpected(doc2019, { $ref: "#/definitions/Run" }, { name: "2020-01-01T00:00:00Z" })).toEqual({
      name: "2020-01-01T00:00:00Z",
    });
  });
});
