// Secrets never reach a log line or an error message: @azure/logger is captured at verbose level
// while operations send and receive secrets (isSecret SetValues and arguments, custom registry
// passwords, tasks.getDetails/taskRuns.getDetails results, x-ms-secret webhook serviceUri and
// customHeaders, SAS signatures in getLogSasUrl/getBuildSourceUploadUrl), including when the service
// rejects the call, a poll fails, the connection breaks, or validation refuses the input.
import { inspect } from "node:util";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { RunRequest, Task, TaskRun } from "../../src/index.js";
import {
  ARM,
  REGISTRY,
  REGISTRY_PATH,
  RG,
  SUBSCRIPTION,
  makeClient,
  scripted,
  setupNock,
  teardownNock,
  type ScriptedReply,
} from "./_support/client.js";
import { capturedLogs } from "./_support/logCapture.js";

const SECRETS = {
  setValue: "s3cr3t-SetValue-7f1e",
  argument: "s3cr3t-BuildArg-91aa",
  customPassword: "s3cr3t-CustomRegistryPassword-22bc",
  customUser: "s3cr3t-CustomRegistryUser-5d0e",
  sourcePassword: "s3cr3t-details-password-0c0c",
  detailsValue: "s3cr3t-details-SetValue-ab12",
  webhookUri: "s3cr3t-webhook-token-3e3e",
  webhookHeader: "s3cr3t-webhook-header-4f4f",
  callbackUri: "s3cr3t-callback-token-5a5a",
  callbackHeader: "s3cr3t-callback-header-6b6b",
  logSig: "s3cr3tLogSig8c8c%3D",
  uploadSig: "s3cr3tUploadSig9d9d%3D",
  runDetailsPassword: "s3cr3t-taskrun-details-1212",
};
const ALL = Object.values(SECRETS);

const lines = capturedLogs("verbose", { acrossTests: true });
const errorTexts: string[] = [];
beforeEach(setupNock);
afterEach(teardownNock);

/** Every way an error gets printed. */
function recordError(error: unknown): void {
  errorTexts.push(
    String(error),
    (error as Error).message ?? "",
    inspect(error, { depth: 10 }),
    JSON.stringify(error) ?? "",
    (error as Error).stack ?? "",
  );
}

function expectNoSecretIn(texts: string[], secrets: string[] = ALL): void {
  for (const text of texts) {
    for (const secret of secrets) {
      expect(text.includes(secret), `secret ${secret} found in: ${text.slice(0, 400)}`).toBe(false);
      expect(
        text.includes(decodeURIComponent(secret)),
        `secret ${secret} (decoded) found in: ${text.slice(0, 400)}`,
      ).toBe(false);
    }
  }
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  recordError(error);
  return error;
}

const encodedRun: RunRequest = {
  type: "EncodedTaskRunRequest",
  encodedTaskContent: Buffer.from("steps:\n  - cmd: echo {{.Values.pw}}\n").toString("base64"),
  values: [
    { name: "plain", value: "visible", isSecret: false },
    { name: "pw", value: SECRETS.setValue, isSecret: true },
  ],
  platform: { os: "Linux" },
  credentials: {
    customRegistries: {
      "other.azurecr.io": {
        userName: { type: "Opaque", value: SECRETS.customUser },
        password: { type: "Opaque", value: SECRETS.customPassword },
      },
    },
  },
};
const dockerRun: RunRequest = {
  type: "DockerBuildRequest",
  dockerFilePath: "Dockerfile",
  platform: { os: "Linux" },
  arguments: [{ name: "TOKEN", value: SECRETS.argument, isSecret: true }],
};
const runBody = { id: `${REGISTRY_PATH}/runs/cf1`, name: "cf1", properties: { runId: "cf1", status: "Queued" } };
const location = `${ARM}/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerRegistry/locations/eastus/operationResults/op1?api-version=2019-06-01-preview`;
const refusal: ScriptedReply = {
  status: 400,
  body: {
    error: {
      code: "InvalidRequest",
      message: "The request is invalid.",
      details: [{ code: "BadValue", message: "values[1] is not accepted" }],
    },
  },
  headers: { "x-ms-request-id": "req-1" },
};

describe("requests carrying secrets", () => {
  test("scheduleRun with secret SetValues and custom registry credentials, polled to completion", async () => {
    const { requests } = scripted(ARM, [
      { status: 202, headers: { location, "retry-after": "0" } },
      { status: 202, headers: { location, "retry-after": "0" } },
      { status: 200, body: runBody },
    ]);
    const run = await makeClient().registries.scheduleRun(RG, REGISTRY, encodedRun, { updateIntervalInMs: 60_000 });
    expect(run.name).toBe("cf1");
    // the secrets did go to the service (so the capture below is meaningful)
    expect(JSON.stringify(requests[0].body)).toContain(SECRETS.setValue);
    expect(JSON.stringify(requests[0].body)).toContain(SECRETS.customPassword);
  });

  test("scheduleRun with a secret build argument (beginScheduleRunAndWait)", async () => {
    scripted(ARM, [{ status: 200, body: runBody }]);
    await makeClient().registries.beginScheduleRunAndWait(RG, REGISTRY, dockerRun);
  });

  test("webhooks.create with an x-ms-secret serviceUri and customHeaders", async () => {
    scripted(ARM, [
      {
        status: 200,
        body: {
          id: "w",
          name: "myHook",
          location: "eastus",
          properties: { status: "enabled", actions: ["push"], provisioningState: "Succeeded" },
        },
      },
    ]);
    await makeClient().webhooks.create(RG, REGISTRY, "myHook", {
      location: "eastus",
      properties: {
        serviceUri: `https://hooks.example.com/acr?token=${SECRETS.webhookUri}`,
        customHeaders: { Authorization: `Bearer ${SECRETS.webhookHeader}` },
        actions: ["push"],
      },
    });
  });
});

describe("responses carrying secrets", () => {
  test("tasks.getDetails returns the credentials and secret values", async () => {
    const task: Task = {
      id: `${REGISTRY_PATH}/tasks/myTask1`,
      name: "myTask1",
      location: "eastus",
      properties: {
        platform: { os: "Linux" },
        step: {
          type: "EncodedTask",
          encodedTaskContent: "c3RlcHM6IFtd",
          values: [{ name: "pw", value: SECRETS.detailsValue, isSecret: true }],
        },
        credentials: {
          sourceRegistry: { loginMode: "Default" },
          customRegistries: { "x.azurecr.io": { password: { type: "Opaque", value: SECRETS.sourcePassword } } },
        },
      },
    };
    scripted(ARM, [{ status: 200, body: task }]);
    const details = await makeClient().tasks.getDetails(RG, REGISTRY, "myTask1");
    expect(JSON.stringify(details)).toContain(SECRETS.sourcePassword);
  });

  test("taskRuns.getDetails returns the run request's secrets", async () => {
    const taskRun: TaskRun = {
      name: "tr",
      properties: {
        runRequest: {
          type: "EncodedTaskRunRequest",
          encodedTaskContent: "c3RlcHM6IFtd",
          platform: { os: "Linux" },
          credentials: {
            customRegistries: { "x.azurecr.io": { password: { type: "Opaque", value: SECRETS.runDetailsPassword } } },
          },
        },
      },
    };
    scripted(ARM, [{ status: 200, body: taskRun }]);
    const details = await makeClient().taskRuns.getDetails(RG, REGISTRY, "myTaskRun");
    expect(JSON.stringify(details)).toContain(SECRETS.runDetailsPassword);
  });

  test("webhooks.getCallbackConfig returns the secret serviceUri and headers", async () => {
    scripted(ARM, [
      {
        status: 200,
        body: {
          serviceUri: `https://hooks.example.com/?t=${SECRETS.callbackUri}`,
          customHeaders: { "X-Key": SECRETS.callbackHeader },
        },
      },
    ]);
    const config = await makeClient().webhooks.getCallbackConfig(RG, REGISTRY, "myHook");
    expect(config.customHeaders?.["X-Key"]).toBe(SECRETS.callbackHeader);
  });

  test("SAS URLs from runs.getLogSasUrl and registries.getBuildSourceUploadUrl", async () => {
    scripted(ARM, [
      {
        status: 200,
        body: {
          logLink: `https://acct.blob.core.windows.net/logs/cf1.log?sv=2020-08-04&se=2030-01-01&sr=b&sp=r&sig=${SECRETS.logSig}`,
        },
      },
      {
        status: 200,
        body: {
          uploadUrl: `https://acct.blob.core.windows.net/src/u.tar.gz?sv=2020-08-04&sr=b&sp=cw&sig=${SECRETS.uploadSig}`,
          relativePath: "src/u.tar.gz",
        },
      },
    ]);
    const client = makeClient();
    expect((await client.runs.getLogSasUrl(RG, REGISTRY, "cf1")).logLink).toContain(SECRETS.logSig);
    expect((await client.registries.getBuildSourceUploadUrl(RG, REGISTRY)).uploadUrl).toContain(SECRETS.uploadSig);
  });
});

describe("failures around secrets", () => {
  test("the service rejects scheduleRun (HTTP 400)", async () => {
    scripted(ARM, [refusal]);
    const error = await rejected(makeClient().registries.scheduleRun(RG, REGISTRY, encodedRun));
    expect((error as Error).message).toContain("InvalidRequest");
    // the request is available to the program, but without its body
    expect((error as { request?: { body?: unknown } }).request?.body).toBeUndefined();
  });

  test("the service rejects webhooks.create (HTTP 409) and a poll of scheduleRun fails", async () => {
    scripted(ARM, [{ status: 409, body: { error: { code: "Conflict", message: "exists" } } }]);
    const conflict = await rejected(
      makeClient().webhooks.create(RG, REGISTRY, "myHook", {
        location: "eastus",
        properties: {
          serviceUri: `https://h/?token=${SECRETS.webhookUri}`,
          customHeaders: { A: SECRETS.webhookHeader },
          actions: ["push"],
        },
      }),
    );
    expect(conflict).toMatchObject({ code: "Conflict", statusCode: 409 });
    scripted(ARM, [
      { status: 202, headers: { location, "retry-after": "0" } },
      { status: 500, body: { error: { code: "InternalServerError", message: "boom" } } },
    ]);
    expect(
      await rejected(makeClient({ retryOptions: { maxRetries: 0 } }).registries.scheduleRun(RG, REGISTRY, dockerRun)),
    ).toMatchObject({
      code: "InternalServerError",
    });
  });

  test("an LRO that fails", async () => {
    scripted(ARM, [
      { status: 202, headers: { "azure-asyncoperation": location, "retry-after": "0" } },
      { status: 200, body: { status: "Failed", error: { code: "RunFailed", message: "step failed" } } },
    ]);
    expect(
      await rejected(makeClient().registries.scheduleRun(RG, REGISTRY, encodedRun, { updateIntervalInMs: 60_000 })),
    ).toMatchObject({ code: "RunFailed" });
  });

  test("the connection breaks while sending a secret body", async () => {
    nock(ARM)
      .post(() => true)
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    expect(await rejected(makeClient().registries.scheduleRun(RG, REGISTRY, encodedRun))).toMatchObject({
      code: "ECONNRESET",
    });
  });

  test("validation refuses a request that carries secrets (the values are not echoed)", async () => {
    const { requests } = scripted(ARM, []);
    const bad = {
      ...encodedRun,
      timeout: 5,
      values: [{ name: "pw", value: SECRETS.setValue, isSecret: "yes" }],
    } as never;
    expect(await rejected(makeClient().registries.scheduleRun(RG, REGISTRY, bad))).toMatchObject({
      name: "ValidationError",
      parameter: "runRequest.values[0].isSecret",
    });
    const badPassword = {
      ...dockerRun,
      credentials: {
        customRegistries: { "x.azurecr.io": { password: { type: "Opaque", value: [SECRETS.customPassword] } } },
      },
    } as never;
    expect(await rejected(makeClient().registries.scheduleRun(RG, REGISTRY, badPassword))).toMatchObject({
      name: "ValidationError",
      parameter: 'runRequest.credentials.customRegistries["x.azurecr.io"].password.value',
    });
    expect(requests).toEqual([]);
  });
});

describe("what was captured", () => {
  test("the logger was capturing (verbose lines from the pipeline and the poller)", () => {
    expect(lines.some((l) => l.includes("Request:"))).toBe(true);
    expect(lines.some((l) => l.includes("LRO:"))).toBe(true);
    expect(errorTexts.length).toBeGreaterThan(10);
  });

  test("no secret appears in any log line", () => {
    expectNoSecretIn(lines);
  });

  test("no secret appears in any error message, inspection, JSON or stack", () => {
    expectNoSecretIn(errorTexts);
  });
});
