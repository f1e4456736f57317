// Property-based tests of the public methods' inputs. Whatever is passed as resourceGroupName,
// registryName, runId, taskName, taskRunName, a body or the list options, a call either fails with a
// ValidationError (naming `.parameter` and `.rule`, and nothing is sent) or sends one well-formed
// request: exactly the spec's path shape, each argument percent-encoded into its own segment (so the URL
// parser normalises nothing away), the api-version present, and a parseable JSON body equal to the
// input's JSON. Nothing else: no TypeError, no URIError, no crash. Requests go to a recording stub
// HttpClient that answers 200.
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ContainerRegistryTasksClient, ValidationError } from "../../src/index.js";

const ENDPOINT = "https://management.azure.com";
const SUB = "00000000-0000-0000-0000-0000000000cc";
const BUILD_API = "2019-06-01-preview";
const NUM_RUNS = 200;

interface Sent {
  method: string;
  url: string;
  body: string | undefined;
}

function stubClient(): { client: ContainerRegistryTasksClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      sent.push({
        method: request.method,
        url: request.url,
        body:
          typeof request.body === "string"
            ? request.body
            : request.body === undefined
              ? undefined
              : "<non-string body>",
      });
      // A finished run for Runs_Get (so waitForCompletion ends), an empty object otherwise.
      const isRunGet = request.method === "GET" && /\/runs\/[^/?]+\?/.test(request.url);
      const body = isRunGet ? JSON.stringify({ name: "cb1", properties: { status: "Succeeded" } }) : "{}";
      return {
        request,
        status: 200,
        headers: createHttpHeaders({ "content-type": "application/json" }),
        bodyAsText: body,
      };
    },
  };
  const client = new ContainerRegistryTasksClient(
    { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) },
    SUB,
    {
      endpoint: ENDPOINT,
      httpClient,
      retryOptions: { maxRetries: 0 },
    },
  );
  return { client, sent };
}

// --- arbitraries -------------------------------------------------------------------------------

const tricky = fc.constantFrom(
  ".",
  "..",
  "...",
  "../x",
  "..%2F..",
  "%2e%2e",
  "%2F",
  "a/b",
  "a?b=c",
  "a#b",
  "a b",
  "a\\b",
  "%",
  "ünïcødé",
  "🚀",
  "\uD800",
  "a\uDC00b",
  "\uDBFF\uDFFF",
  "",
  " ",
  "\u0000",
  "a".repeat(51),
);
const nameLike = fc.stringMatching(/^[a-zA-Z0-9_-]{0,52}$/);
const anyText = fc.string({ unit: "binary", maxLength: 24 });
const oddUnits = fc.string({
  unit: fc.constantFrom("a", "Z", "9", "-", ".", "/", "%", "?", "#", " ", "\uD800", "\uDFFF", "é", "😀"),
  maxLength: 10,
});
const strangeValue = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withBoxedValues: true,
});
const nameArb = fc.oneof(tricky, nameLike, anyText, oddUnits, strangeValue);
/** Values JSON.stringify cannot take (a BigInt throws a TypeError) next to ones it can. */
const unserialisable = fc.oneof(fc.bigInt(), fc.record({ nested: fc.bigInt() }), strangeValue);

const base64 = fc.base64String({ maxLength: 40 });
const runRequestArb = fc.oneof(
  // Plausible requests with arbitrary text where the spec allows free text.
  fc.record({
    type: fc.constant("EncodedTaskRunRequest"),
    encodedTaskContent: base64,
    platform: fc.record({ os: fc.constantFrom("Linux", "Windows") }),
    values: fc.array(fc.record({ name: anyText, value: anyText, isSecret: fc.boolean() }), { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constant("EncodedTaskRunRequest"),
    encodedTaskContent: base64,
    platform: fc.record({ os: fc.constant("Linux") }),
    extra: unserialisable,
  }),
  fc.record({
    type: fc.constant("DockerBuildRequest"),
    dockerFilePath: anyText,
    platform: fc.record({ os: fc.constant("Linux") }),
    imageNames: fc.array(anyText, { maxLength: 2 }),
    timeout: fc.oneof(fc.integer({ min: 300, max: 28800 }), strangeValue),
  }),
  // Wrong types everywhere.
  fc.record(
    {
      type: fc.oneof(
        fc.constantFrom("EncodedTaskRunRequest", "DockerBuildRequest", "TaskRunRequest", "Nope"),
        strangeValue,
      ),
      encodedTaskContent: strangeValue,
      platform: strangeValue,
      values: strangeValue,
      extra: strangeValue,
    },
    { requiredKeys: [] },
  ),
  strangeValue,
);
const taskBodyArb = fc.oneof(
  fc.record({
    location: anyText,
    properties: fc.record({
      platform: fc.record({ os: fc.constantFrom("Linux", "Windows") }),
      step: fc.record({ type: fc.constant("EncodedTask"), encodedTaskContent: base64 }),
      timeout: fc.integer({ min: 300, max: 28800 }),
    }),
    tags: fc.dictionary(anyText, anyText, { maxKeys: 3 }),
  }),
  // A valid task with an unknown extra property of any kind (BigInt, Map, Set, boxed values...).
  fc.record({
    location: anyText,
    properties: fc.record({
      platform: fc.record({ os: fc.constant("Linux") }),
      step: fc.record({ type: fc.constant("EncodedTask"), encodedTaskContent: base64 }),
      extra: strangeValue,
    }),
    extra: unserialisable,
  }),
  fc.record(
    {
      location: strangeValue,
      properties: fc.record(
        {
          platform: strangeValue,
          step: strangeValue,
          status: strangeValue,
          timeout: strangeValue,
          agentConfiguration: strangeValue,
        },
        { requiredKeys: [] },
      ),
      tags: strangeValue,
      extra: strangeValue,
    },
    { requiredKeys: [] },
  ),
  strangeValue,
);
const taskRunBodyArb = fc.oneof(
  fc.record(
    {
      location: anyText,
      properties: fc.record({ runRequest: runRequestArb, forceUpdateTag: anyText }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  strangeValue,
);
const listOptionsArb = fc.oneof(
  fc.record(
    { top: fc.oneof(fc.integer(), strangeValue), filter: fc.oneof(anyText, oddUnits, strangeValue) },
    { requiredKeys: [] },
  ),
  fc.constant(undefined),
);

// --- the oracle --------------------------------------------------------------------------------

type Segment = string | { parameter: string; value: unknown };

/** The outcome is a ValidationError with nothing sent, or exactly one well-formed request. */
function checkOutcome(
  outcome: { error?: unknown },
  sent: Sent[],
  expected: { method: string; path: Segment[]; query?: Record<string, unknown>; body?: unknown },
): void {
  if (outcome.error !== undefined) {
    const error = outcome.error;
    if (!(error instanceof ValidationError))
      throw new Error(`not a ValidationError: ${String((error as Error)?.stack ?? error)}`);
    expect(typeof error.parameter).toBe("string");
    expect(error.parameter.length).toBeGreaterThan(0);
    expect(typeof error.rule).toBe("string");
    expect(error.rule.length).toBeGreaterThan(0);
    expect(sent).toEqual([]);
    return;
  }
  expect(sent).toHaveLength(1);
  const request = sent[0]!;
  expect(request.method).toBe(expected.method);
  expect(request.url.startsWith(`${ENDPOINT}/`)).toBe(true);
  const [rawPath, rawQuery] = request.url.slice(ENDPOINT.length).split("?") as [string, string | undefined];
  // The URL parser keeps the path as sent: no dot segment, backslash or other normalisation.
  const parsed = new URL(request.url);
  expect(parsed.origin).toBe(ENDPOINT);
  expect(parsed.pathname).toBe(rawPath);
  expect(parsed.hash).toBe("");
  const segments = rawPath.split("/").slice(1);
  expect(segments).toHaveLength(expected.path.length);
  expected.path.forEach((segment, index) => {
    const actual = segments[index]!;
    if (typeof segment === "string") {
      expect(actual).toBe(segment);
    } else {
      expect(typeof segment.value).toBe("string"); // only strings pass validation
      expect(actual).not.toMatch(/[/?#\s\\]/);
      expect(decodeURIComponent(actual)).toBe(segment.value);
    }
  });
  expect(rawQuery).toBeDefined();
  expect(parsed.searchParams.getAll("api-version")).toEqual([BUILD_API]);
  for (const [name, value] of Object.entries(expected.query ?? {})) {
    if (value === undefined || value === null) expect(parsed.searchParams.has(name)).toBe(false);
    else expect(parsed.searchParams.getAll(name)).toEqual([String(value)]);
  }
  if ("body" in expected) {
    expect(request.body).toBeDefined();
    expect(JSON.parse(request.body!)).toEqual(JSON.parse(JSON.stringify(expected.body)));
  } else {
    expect(request.body).toBeUndefined();
  }
}

async function settle(call: () => PromiseLike<unknown>): Promise<{ error?: unknown }> {
  try {
    await call();
    return {};
  } catch (error) {
    return { error: error ?? new Error("rejected with nothing") };
  }
}

const registryPath = (rg: unknown, registry: unknown): Segment[] => [
  "subscriptions",
  SUB,
  "resourceGroups",
  { parameter: "resourceGroupName", value: rg },
  "providers",
  "Microsoft.ContainerRegistry",
  "registries",
  { parameter: "registryName", value: registry },
];

describe("public methods accept arbitrary input safely", () => {
  test("runs.get(resourceGroupName, registryName, runId)", async () => {
    await fc.assert(
      fc.asyncProperty(nameArb, nameArb, nameArb, async (rg, registry, runId) => {
        const { client, sent } = stubClient();
        const outcome = await settle(() => client.runs.get(rg as string, registry as string, runId as string));
        checkOutcome(outcome, sent, {
          method: "GET",
          path: [...registryPath(rg, registry), "runs", { parameter: "runId", value: runId }],
        });
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  test("runs.list(resourceGroupName, registryName, { top, filter }).next()", async () => {
    await fc.assert(
      fc.asyncProperty(nameArb, nameArb, listOptionsArb, async (rg, registry, options) => {
        const { client, sent } = stubClient();
        const outcome = await settle(() =>
          client.runs.list(rg as string, registry as string, options as { top?: number; filter?: string }).next(),
        );
        const query = options
          ? { $top: (options as { top?: unknown }).top, $filter: (options as { filter?: unknown }).filter }
          : {};
        checkOutcome(outcome, sent, { method: "GET", path: [...registryPath(rg, registry), "runs"], query });
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  test("tasks.create(resourceGroupName, registryName, taskName, body)", async () => {
    await fc.assert(
      fc.asyncProperty(nameArb, nameLike, nameArb, taskBodyArb, async (rg, registry, taskName, body) => {
        const { client, sent } = stubClient();
        const outcome = await settle(() =>
          client.tasks.create(rg as string, registry, taskName as string, body as never, { updateIntervalInMs: 0 }),
        );
        checkOutcome(outcome, sent, {
          method: "PUT",
          path: [...registryPath(rg, registry), "tasks", { parameter: "taskName", value: taskName }],
          body,
        });
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  test("taskRuns.create(resourceGroupName, registryName, taskRunName, body)", async () => {
    await fc.assert(
      fc.asyncProperty(nameArb, nameLike, nameArb, taskRunBodyArb, async (rg, registry, taskRunName, body) => {
        const { client, sent } = stubClient();
        const outcome = await settle(() =>
          client.taskRuns.create(rg as string, registry, taskRunName as string, body as never, {
            updateIntervalInMs: 0,
          }),
        );
        checkOutcome(outcome, sent, {
          method: "PUT",
          path: [...registryPath(rg, registry), "taskRuns", { parameter: "taskRunName", value: taskRunName }],
          body,
        });
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  test("registries.scheduleRun(resourceGroupName, registryName, runRequest)", async () => {
    await fc.assert(
      fc.asyncProperty(nameArb, nameArb, runRequestArb, async (rg, registry, runRequest) => {
        const { client, sent } = stubClient();
        const outcome = await settle(() =>
          client.registries.scheduleRun(rg as string, registry as string, runRequest as never),
        );
        checkOutcome(outcome, sent, {
          method: "POST",
          path: [...registryPath(rg, registry), "scheduleRun"],
          body: runRequest,
        });
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);

  test("runs.waitForCompletion(resourceGroupName, registryName, runId) and streamLogs validate the same way", async () => {
    await fc.assert(
      fc.asyncProperty(nameArb, nameLike, nameArb, async (rg, registry, runId) => {
        const { client, sent } = stubClient();
        const outcome = await settle(() =>
          client.runs.waitForCompletion(rg as string, registry, runId as string, { pollIntervalMs: 0 }),
        );
        checkOutcome(outcome, sent, {
          method: "GET",
          path: [...registryPath(rg, registry), "runs", { parameter: "runId", value: runId }],
        });
        // streamLogs validates synchronously, or fails on the stub's empty getLogSasUrl answer after one well-formed POST.
        const stub = stubClient();
        const streamed = await settle(async () => {
          for await (const _line of stub.client.runs.streamLogs(rg as string, registry, runId as string)) break;
        });
        if (streamed.error instanceof ValidationError) expect(stub.sent).toEqual([]);
        else {
          expect((streamed.error as { code?: string })?.code).toBe("MalformedResponse");
          checkOutcome({}, stub.sent, {
            method: "POST",
            path: [...registryPath(rg, registry), "runs", { parameter: "runId", value: runId }, "listLogSasUrl"],
          });
        }
      }),
      { numRuns: NUM_RUNS },
    );
  }, 60_000);
});

describe("regressions the properties found (fixed in src/custom/request.ts)", () => {
  const validTask = {
    location: "westus",
    properties: {
      platform: { os: "Linux" as const },
      step: { type: "EncodedTask" as const, encodedTaskContent: "c3RlcHM6IFtd" },
    },
  };
  const cyclic: Record<string, unknown> = { ...validTask };
  cyclic["self"] = cyclic;
  const cases: [string, (client: ContainerRegistryTasksClient) => PromiseLike<unknown>, string][] = [
    ["a lone surrogate in runId (was a URIError)", (c) => c.runs.get("rg", "myregistry", "cb\uD800"), "runId"],
    [
      "a lone surrogate in resourceGroupName (was a URIError)",
      (c) => c.runs.get("\uDFFF", "myregistry", "cb1"),
      "resourceGroupName",
    ],
    [
      "a lone surrogate in $filter (was a URIError)",
      (c) => c.runs.list("rg", "myregistry", { filter: "status eq '\uD800'" }).next(),
      "filter",
    ],
    [
      "a lone surrogate through waitForCompletion (was a URIError)",
      (c) => c.runs.waitForCompletion("rg", "myregistry", "\uD800"),
      "runId",
    ],
    [
      "a BigInt in an unknown body property (was a TypeError)",
      (c) => c.tasks.create("rg", "myregistry", "mytask", { ...validTask, extra: 1n } as never),
      "taskCreateParameters",
    ],
    [
      "a cyclic body (was a TypeError)",
      (c) => c.tasks.create("rg", "myregistry", "mytask", cyclic as never),
      "taskCreateParameters",
    ],
    [
      "a BigInt in a run request (was a TypeError)",
      (c) =>
        c.registries.scheduleRun("rg", "myregistry", {
          type: "EncodedTaskRunRequest",
          encodedTaskContent: "c3RlcHM6IFtd",
          platform: { os: "Linux" },
          extra: 2n,
        } as never),
      "runRequest",
    ],
  ];
  test.each(cases)("%s is a ValidationError and nothing is sent", async (_title, call, parameter) => {
    const { client, sent } = stubClient();
    const outcome = await settle(() => call(client));
    expect(outcome.error).toBeInstanceOf(ValidationError);
    expect(outcome.error).toMatchObject({ parameter });
    expect(sent).toEqual([]);
  });
});
