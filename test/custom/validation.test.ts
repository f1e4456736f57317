// Input validation happens before anything is sent: the error is a ValidationError naming the
// parameter (or field path) and the rule, and nock sees no request. Path segments are
// percent-encoded, so no argument can change the path the request goes to.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ContainerRegistryTasksClient, ValidationError, type RunRequest, type Task } from "../../src/index.js";
import {
  ARM,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  fakeCredential,
  makeClient,
  scripted,
  setupNock,
  teardownNock,
} from "./_support/client.js";

let sent: ReturnType<typeof scripted>;
beforeEach(() => {
  setupNock();
  sent = scripted(ARM, [{ status: 200, body: {} }]);
});
afterEach(teardownNock);

/** Runs a call (promise, poller or listing) and returns what it was rejected with. */
async function failure(call: () => unknown): Promise<ValidationError> {
  let error: unknown;
  try {
    const result = call() as { next?: () => Promise<unknown> } | PromiseLike<unknown>;
    if (result && typeof (result as { next?: unknown }).next === "function" && !("then" in (result as object)))
      await (result as { next: () => Promise<unknown> }).next();
    else await result;
  } catch (e) {
    error = e;
  }
  expect(error, "the call must fail").toBeInstanceOf(ValidationError);
  expect(sent.requests, "no request may be sent").toEqual([]);
  return error as ValidationError;
}

const dockerBuild: RunRequest = {
  type: "DockerBuildRequest",
  dockerFilePath: "Dockerfile",
  platform: { os: "Linux" },
  sourceLocation: "https://github.com/org/repo.git",
};

describe("registryName", () => {
  test.each([
    ["my-registry", "must match the pattern ^[a-zA-Z0-9]*$"],
    ["my_registry", "must match the pattern ^[a-zA-Z0-9]*$"],
    ["régistre1", "must match the pattern ^[a-zA-Z0-9]*$"],
    ["abcd", "must be at least 5 characters long"],
    ["a".repeat(51), "must be at most 50 characters long"],
  ])("%j is refused: %s", async (registryName, rule) => {
    const error = await failure(() => makeClient().runs.get(RG, registryName, "cf1"));
    expect(error.parameter).toBe("registryName");
    expect(error.rule).toBe(rule);
    expect(error.operationId).toBe("Runs_Get");
    expect(error.message).toBe(`Runs_Get: registryName ${rule}`);
  });

  test.each([["abcde"], ["a".repeat(50)], ["MyRegistry01"]])("%j is accepted", async (registryName) => {
    await makeClient().runs.get(RG, registryName, "cf1");
    expect(sent.requests).toHaveLength(1);
  });

  test("the same rule applies to every kind of method: list, poller, begin*, begin*AndWait", async () => {
    const client = makeClient();
    expect((await failure(() => client.runs.list(RG, "bad-name"))).parameter).toBe("registryName");
    expect((await failure(() => client.registries.scheduleRun(RG, "bad-name", dockerBuild))).parameter).toBe(
      "registryName",
    );
    expect((await failure(() => client.registries.beginScheduleRun(RG, "bad-name", dockerBuild))).parameter).toBe(
      "registryName",
    );
    expect(
      (await failure(() => client.registries.beginScheduleRunAndWait(RG, "bad-name", dockerBuild))).parameter,
    ).toBe("registryName");
  });

  test("a promise-returning method never throws synchronously on bad input (it rejects)", async () => {
    const client = makeClient();
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = client.registries.beginScheduleRunAndWait(RG, "bad-name", dockerBuild);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(ValidationError);
    expect(() => {
      pending = client.taskRuns.beginCreateAndWait(RG, REGISTRY, "x", { properties: {} });
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ parameter: "taskRunName" });
  });

  test("so does a poller done with its first response (scheduleRun at 2025-03-01-preview), sending nothing", async () => {
    const client = makeClient({ tasksApiVersion: "2025-03-01-preview" });
    let pending: PromiseLike<unknown> | undefined;
    expect(() => {
      pending = client.registries.scheduleRun(RG, "bad-name", dockerBuild);
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ name: "ValidationError", parameter: "registryName" });
    expect(() => {
      pending = client.registries.beginScheduleRunAndWait(RG, "bad-name", dockerBuild);
    }).not.toThrow();
    await expect(pending).rejects.toMatchObject({ name: "ValidationError", parameter: "registryName" });
    expect(sent.requests).toEqual([]);
  });
});

describe("required parameters", () => {
  test.each([
    ["resourceGroupName", () => makeClient().runs.get("", REGISTRY, "cf1")],
    ["resourceGroupName", () => makeClient().runs.get(undefined as never, REGISTRY, "cf1")],
    ["registryName", () => makeClient().runs.get(RG, null as never, "cf1")],
    ["runId", () => makeClient().runs.get(RG, REGISTRY, "")],
    ["runRequest", () => makeClient().registries.scheduleRun(RG, REGISTRY, undefined as never)],
  ])("%s", async (parameter, call) => {
    const error = await failure(call);
    expect(error.parameter).toBe(parameter);
    expect(error.rule).toMatch(/is required/);
  });

  test("path parameters must be strings", async () => {
    const error = await failure(() => makeClient().runs.get(RG, REGISTRY, 42 as never));
    expect(error).toMatchObject({ parameter: "runId", rule: "must be a string" });
  });

  test("the client itself needs a credential, a subscription and an https endpoint", () => {
    expect(() => new ContainerRegistryTasksClient({} as never, "sub")).toThrow(ValidationError);
    expect(() => new ContainerRegistryTasksClient(fakeCredential(), " ")).toThrow(/subscriptionId/);
    expect(
      () => new ContainerRegistryTasksClient(fakeCredential(), "sub", { endpoint: "http://management.azure.com" }),
    ).toThrow(/endpoint/);
    expect(() => new ContainerRegistryTasksClient(fakeCredential(), "sub", { endpoint: "https://h/?q=1" })).toThrow(
      /endpoint/,
    );
  });
});

describe("body constraints", () => {
  test("a required field of the chosen variant", async () => {
    const { dockerFilePath: _omit, ...missing } = dockerBuild as Extract<RunRequest, { type: "DockerBuildRequest" }>;
    const error = await failure(() => makeClient().registries.scheduleRun(RG, REGISTRY, missing as never));
    expect(error).toMatchObject({
      parameter: "runRequest.dockerFilePath",
      rule: "is required",
      operationId: "Registries_ScheduleRun",
    });
  });

  test("a required nested field", async () => {
    const error = await failure(() =>
      makeClient().registries.scheduleRun(RG, REGISTRY, { ...dockerBuild, platform: {} } as never),
    );
    expect(error).toMatchObject({ parameter: "runRequest.platform.os", rule: "is required" });
  });

  test("fields inside arrays are named with their index", async () => {
    const error = await failure(() =>
      makeClient().registries.scheduleRun(RG, REGISTRY, {
        ...dockerBuild,
        arguments: [{ name: "a", value: "1" }, { name: "b" }],
      } as never),
    );
    expect(error).toMatchObject({ parameter: "runRequest.arguments[1].value", rule: "is required" });
  });

  test.each([
    [299, "must be at least 300"],
    [28801, "must be at most 28800"],
    [600.5, "must be an integer"],
    ["600", "must be a number"],
  ])("timeout %j: %s", async (timeout, rule) => {
    const error = await failure(() =>
      makeClient().registries.scheduleRun(RG, REGISTRY, { ...dockerBuild, timeout } as never),
    );
    expect(error).toMatchObject({ parameter: "runRequest.timeout", rule });
  });

  test("timeout at the bounds is accepted", async () => {
    sent = scripted(ARM, [
      { status: 200, body: {} },
      { status: 200, body: {} },
    ]);
    await makeClient().registries.scheduleRun(RG, REGISTRY, { ...dockerBuild, timeout: 300 });
    await makeClient().registries.scheduleRun(RG, REGISTRY, { ...dockerBuild, timeout: 28800 });
    expect(sent.requests).toHaveLength(2);
  });

  test("a sealed enum (ResourceIdentityType) refuses other values, quoting each allowed one", async () => {
    const task: Task = {
      location: "eastus",
      identity: { type: "Sometimes" as never },
      properties: { platform: { os: "Linux" }, step: { type: "Docker", dockerFilePath: "Dockerfile" } },
    };
    const error = await failure(() => makeClient().tasks.create(RG, REGISTRY, "myTask", task));
    expect(error.parameter).toBe("taskCreateParameters.identity.type");
    // One of the values holds ", " itself: quoting each keeps the list readable.
    expect(error.rule).toBe('must be one of "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"');
  });

  test("a sealed enum of the 2021 feed (PasswordName)", async () => {
    const error = await failure(() =>
      makeClient().registries.regenerateCredential(RG, REGISTRY, { name: "password3" as never }),
    );
    expect(error).toMatchObject({
      parameter: "regenerateCredentialParameters.name",
      rule: 'must be one of "password", "password2"',
    });
  });

  test("a constant (RegistryNameCheckRequest.type)", async () => {
    const error = await failure(() =>
      makeClient().registries.checkNameAvailability({ name: "myregistry", type: "Other" as never }),
    );
    expect(error).toMatchObject({
      parameter: "registryNameCheckRequest.type",
      rule: 'must be "Microsoft.ContainerRegistry/registries"',
    });
  });

  test.each([
    ["SystemAssigned, UserAssigned without its space", "SystemAssigned,UserAssigned"],
    ["a trailing space", "systemAssigned "],
    ["a word split in two", "System Assigned"],
    ["a non-ASCII letter that upper-cases to S", "\u017FystemAssigned"],
    ["an empty string", ""],
  ])("a closed enum still refuses a value matching none in any case: %s", async (_, type) => {
    const registry = { location: "westus", sku: { name: "Premium" }, identity: { type: type as never } };
    const error = await failure(() => makeClient().registries.create(RG, REGISTRY, registry));
    expect(error.parameter).toBe("registry.identity.type");
    expect(error.rule).toMatch(/^must be one of "SystemAssigned", /);
  });

  test("a pattern on a body field (RegistryNameCheckRequest.name)", async () => {
    const error = await failure(() =>
      makeClient().registries.checkNameAvailability({
        name: "bad name",
        type: "Microsoft.ContainerRegistry/registries",
      }),
    );
    expect(error).toMatchObject({
      parameter: "registryNameCheckRequest.name",
      rule: "must match the pattern ^[a-zA-Z0-9]*$",
    });
  });

  test("the body must be an object", async () => {
    const error = await failure(() => makeClient().registries.scheduleRun(RG, REGISTRY, "docker build ." as never));
    expect(error.parameter).toBe("runRequest");
    expect(error.rule).toMatch(/must be an object/);
  });

  test("read-only fields are ignored, as ARM ignores them", async () => {
    await makeClient().runs.update(RG, REGISTRY, "cf1", { isArchiveEnabled: true, provisioningState: 42 } as never);
    expect(sent.requests).toHaveLength(1);
  });

  test("a dictionary value of the wrong type is named by its key, quoted when it is not a plain name", async () => {
    const update = { properties: { credentials: { customRegistries: { "myregistry.azurecr.io": "user:pass" } } } };
    const error = await failure(() => makeClient().tasks.update(RG, REGISTRY, "myTask", update as never));
    expect(error.parameter).toBe(
      'taskUpdateParameters.properties.credentials.customRegistries["myregistry.azurecr.io"]',
    );
    expect(error.rule).toBe("must be an object (CustomRegistryCredentials)");
  });
});

describe("what the service accepts is never refused", () => {
  const LRO = { updateIntervalInMs: 0 };

  test.each([
    ["systemAssigned"],
    ["userAssigned"],
    ["systemAssigned, userAssigned"],
    ["SYSTEMASSIGNED, USERASSIGNED"],
    ["none"],
  ])("identity.type %j (a casing the service returns) is accepted and sent as given", async (type) => {
    const registry = { location: "westus", sku: { name: "Premium" }, identity: { type: type as never } };
    await makeClient().registries.create(RG, REGISTRY, registry, LRO);
    expect(sent.requests).toHaveLength(1);
    expect(sent.requests[0].body).toEqual(registry);
  });

  test("every closed enum and constant of both feeds matches in any letter case", async () => {
    sent = scripted(ARM, [
      { status: 200, body: {} },
      { status: 200, body: {} },
      { status: 200, body: {} },
    ]);
    const client = makeClient();
    const task = {
      location: "eastus",
      identity: { type: "systemassigned" as never },
      properties: { platform: { os: "Linux" }, step: { type: "Docker" as const, dockerFilePath: "Dockerfile" } },
    };
    await client.tasks.create(RG, REGISTRY, "myTask", task, LRO);
    await client.registries.regenerateCredential(RG, REGISTRY, { name: "PASSWORD2" as never });
    await client.registries.checkNameAvailability({
      name: "myregistry",
      type: "microsoft.containerregistry/REGISTRIES" as never,
    });
    expect(sent.requests.map((request) => request.body)).toEqual([
      task,
      { name: "PASSWORD2" },
      { name: "myregistry", type: "microsoft.containerregistry/REGISTRIES" },
    ]);
  });

  test('a registry fetched with identity.type "systemAssigned, userAssigned" can be sent back (update and create)', async () => {
    const fetched = {
      id: `${REGISTRY_PATH}`,
      name: REGISTRY,
      type: "Microsoft.ContainerRegistry/registries",
      location: "westus",
      sku: { name: "Premium", tier: "Premium" },
      identity: {
        type: "systemAssigned, userAssigned",
        principalId: "p",
        tenantId: "t",
        userAssignedIdentities: {
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1": {
            principalId: "p1",
            clientId: "c1",
          },
        },
      },
      properties: {
        loginServer: "myregistry.azurecr.io",
        adminUserEnabled: false,
        provisioningState: "Succeeded",
        creationDate: "2021-06-15T21:38:26.1537861Z",
      },
    };
    sent = scripted(ARM, [
      { status: 200, body: fetched },
      { status: 200, body: fetched },
      { status: 200, body: fetched },
    ]);
    const client = makeClient();
    const registry = await client.registries.get(RG, REGISTRY);
    expect(registry.identity?.type).toBe("systemAssigned, userAssigned");
    registry.properties!.adminUserEnabled = true;
    await client.registries.update(RG, REGISTRY, registry, LRO);
    await client.registries.create(RG, REGISTRY, registry, LRO);
    expect(sent.requests.map((request) => request.method)).toEqual(["GET", "PATCH", "PUT"]);
    expect((sent.requests[1].body as typeof fetched).identity.type).toBe("systemAssigned, userAssigned");
    expect((sent.requests[2].body as typeof fetched).properties.adminUserEnabled).toBe(true);
  });

  test("a task fetched with null customRegistries entries can be sent back; null removes one in a PATCH, as az does", async () => {
    const fetched = {
      location: "eastus",
      properties: {
        platform: { os: "linux" },
        step: {
          type: "Docker",
          dockerFilePath: "Dockerfile",
          baseImageDependencies: [
            { type: "Runtime", registry: "mcr.microsoft.com", repository: "dotnet/runtime", tag: "8.0" },
          ],
        },
        credentials: { customRegistries: { "myregistry.azurecr.io": null }, sourceRegistry: null },
      },
    };
    sent = scripted(ARM, [
      { status: 200, body: fetched },
      { status: 200, body: fetched },
      { status: 200, body: fetched },
    ]);
    const client = makeClient();
    const task = await client.tasks.get(RG, REGISTRY, "myTask");
    // Values outside an open enum's known ones ("Linux"/"Windows", "BuildTime"/"RunTime") arrive as sent.
    expect(task.properties?.platform?.os).toBe("linux");
    expect(task.properties?.step?.baseImageDependencies?.[0]?.type).toBe("Runtime");
    await client.tasks.create(RG, REGISTRY, "myTask", task, LRO);
    // `az acr task credential remove` sends exactly this body.
    const removal = { properties: { credentials: { customRegistries: { "myregistry.azurecr.io": null } } } };
    // The types allow it too: customRegistries values are `CustomRegistryCredentials | null`.
    await client.tasks.update(RG, REGISTRY, "myTask", removal, LRO);
    expect(sent.requests.map((request) => request.method)).toEqual(["GET", "PUT", "PATCH"]);
    expect(sent.requests[1].body).toMatchObject({
      properties: { platform: { os: "linux" }, credentials: { customRegistries: { "myregistry.azurecr.io": null } } },
    });
    expect(sent.requests[2].body).toEqual(removal);
  });
});

describe("discriminators", () => {
  test.each([["Bogus"], [undefined], [""]])("RunRequest.type %j is refused with the list of variants", async (type) => {
    const error = await failure(() =>
      makeClient().registries.scheduleRun(RG, REGISTRY, { ...dockerBuild, type } as never),
    );
    expect(error.parameter).toBe("runRequest.type");
    expect(error.rule).toBe(
      'must be one of "DockerBuildRequest", "EncodedTaskRunRequest", "FileTaskRunRequest", "TaskRunRequest"',
    );
  });

  test("a nested discriminated union (TaskStepProperties inside a Task)", async () => {
    const task = {
      location: "eastus",
      properties: { platform: { os: "Linux" }, step: { type: "Shell", script: "make" } },
    };
    const error = await failure(() => makeClient().tasks.create(RG, REGISTRY, "myTask", task as never));
    expect(error.parameter).toBe("taskCreateParameters.properties.step.type");
    expect(error.rule).toMatch(/"Docker", "EncodedTask", "FileTask"/);
  });

  test("the variant's own rules apply (EncodedTask without encodedTaskContent)", async () => {
    const task = { location: "eastus", properties: { platform: { os: "Linux" }, step: { type: "EncodedTask" } } };
    const error = await failure(() => makeClient().tasks.create(RG, REGISTRY, "myTask", task as never));
    expect(error).toMatchObject({
      parameter: "taskCreateParameters.properties.step.encodedTaskContent",
      rule: "is required",
    });
  });
});

describe("query options", () => {
  test("$top must be an integer", async () => {
    const error = await failure(() => makeClient().runs.list(RG, REGISTRY, { top: 2.5 }));
    expect(error).toMatchObject({ parameter: "top", rule: "must be an integer" });
  });
});

describe("path segments are percent-encoded", () => {
  test.each([
    ["../x", "..%2Fx"],
    ["../../../../providers/Microsoft.Evil", "..%2F..%2F..%2F..%2Fproviders%2FMicrosoft.Evil"],
    ["a/b", "a%2Fb"],
    ["a?b#c", "a%3Fb%23c"],
    ["%2e%2e", "%252e%252e"],
    ["...", "%2E%2E%2E"],
    ["run id", "run%20id"],
  ])("runId %j is sent as the single segment %j", async (runId, segment) => {
    await makeClient().runs.get(RG, REGISTRY, runId);
    expect(sent.requests).toHaveLength(1);
    expect(sent.requests[0].pathname).toBe(`${REGISTRY_PATH}/runs/${segment}`);
    expect(sent.requests[0].query).toEqual({ "api-version": "2019-06-01-preview" });
  });

  test.each([[".."], ["."]])(
    "runId %j cannot be sent at all (URL parsers remove dot segments, even encoded)",
    async (runId) => {
      const error = await failure(() => makeClient().runs.get(RG, REGISTRY, runId));
      expect(error.parameter).toBe("runId");
      expect(error.rule).toMatch(/must not be "\." or "\.\."/);
    },
  );

  test("a dot-segment resource group or subscription cannot climb the path either", async () => {
    expect((await failure(() => makeClient().runs.get("..", REGISTRY, "cf1"))).parameter).toBe("resourceGroupName");
    expect((await failure(() => makeClient({ subscriptionId: ".." }).runs.get(RG, REGISTRY, "cf1"))).parameter).toBe(
      "subscriptionId",
    );
  });

  test("the subscription id is encoded too", async () => {
    await makeClient({ subscriptionId: "sub/../x" }).runs.get(RG, REGISTRY, "cf1");
    expect(sent.requests[0].pathname).toBe(
      `/subscriptions/sub%2F..%2Fx/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REGISTRY}/runs/cf1`,
    );
  });
});

describe("the options bag", () => {
  test.each([
    ["options.abortSignal", { abortSignal: 5 }],
    ["options.onResponse", { onResponse: 1 }],
    ["options.requestOptions", { requestOptions: "fast" }],
    ["options.requestOptions.headers", { requestOptions: { headers: { "x-a": 1 } } }],
    ["options.requestOptions.timeout", { requestOptions: { timeout: -1 } }],
  ])("a wrong-typed %s is a ValidationError, not a TypeError from the pipeline", async (parameter, options) => {
    const error = await failure(() => makeClient().runs.get(RG, REGISTRY, "cb1", options as never));
    expect(error.parameter).toBe(parameter);
  });

  test("pollers and listings check their options the same way", async () => {
    expect(
      (await failure(() => makeClient().runs.cancel(RG, REGISTRY, "cb1", { abortSignal: {} as never }))).parameter,
    ).toBe("options.abortSignal");
    expect((await failure(() => makeClient().runs.list(RG, REGISTRY, { onResponse: "x" as never }))).parameter).toBe(
      "options.onResponse",
    );
  });
});
