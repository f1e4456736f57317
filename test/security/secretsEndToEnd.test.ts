// Secrets never reach a log line (@azure/logger captured at verbose) or an error message, across a real
// end-to-end flow against the emulator: tasks with secret SetValues, custom-registry passwords and a
// source-control token; scheduleRun with secrets, waitForCompletion, streamLogs; quickBuild with a
// secret build argument (SAS upload); the SAS signatures ACR hands out; the bearer tokens; and failing
// calls — a 404 from ARM, a failed run, a validation refusal, and blob-side failures (upload and log
// read answered 500 by the storage host).
import { format, inspect } from "node:util";
import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningEmulator } from "acr-tasks-emulator";
import { ContainerRegistryTasksClient, type EncodedTaskRunRequest } from "../../src/index.js";
import { makeTree, removeTrees } from "../custom/lifecycle/support/tree.js";
import {
  FAST_POLL,
  FAST_RETRY,
  LINUX,
  LRO,
  RG,
  SUBSCRIPTION,
  b64,
  collect,
  emulatorWith,
} from "../reliability/_support/env.js";

const SECRET = {
  setValue: "sv-S3cr3t-91f2e0",
  password: "pw-S3cr3t-77abcd",
  userName: "user-S3cr3t-1a1a",
  scmToken: "scm-S3cr3t-4c4c4c",
  scmRefresh: "scmrefresh-S3cr3t-5e5e",
  buildArg: "arg-S3cr3t-5d5d5d",
};
const lines: string[] = [];
const errorTexts: string[] = [];
const bearerTokens = new Set<string>();
const sasSignatures = new Set<string>();
let previousLog: typeof AzureLogger.log;
let previousLevel: AzureLogLevel | undefined;
let emulator: RunningEmulator;
let brokenBlobs: RunningEmulator;

beforeAll(async () => {
  previousLog = AzureLogger.log;
  previousLevel = getLogLevel();
  setLogLevel("verbose");
  AzureLogger.log = (...args: unknown[]) => {
    lines.push(format(...args));
  };
  emulator = await emulatorWith({ timeScale: 0.002 });
  // A storage host that fails every request: the blob-side error paths.
  brokenBlobs = await emulatorWith({ timeScale: 0.002, faults: { rate500: 1, applyTo: "blob" } });
});
afterAll(async () => {
  AzureLogger.log = previousLog;
  setLogLevel(previousLevel);
  await emulator?.close();
  await brokenBlobs?.close();
  await removeTrees();
});

/** Records every `sig=` value in the responses the client receives, so the test knows the SAS secrets. */
const recordSignatures: PipelinePolicy = {
  name: "recordSignatures",
  async sendRequest(request, next) {
    const response = await next(request);
    for (const match of (response.bodyAsText ?? "").matchAll(/[?&]sig=([^&"\s]+)/g)) sasSignatures.add(match[1]!);
    return response;
  },
};

function clientOf(target: RunningEmulator): ContainerRegistryTasksClient {
  const credential = {
    getToken: async (scopes: string | string[]) => {
      const token = await target.credential.getToken(scopes);
      bearerTokens.add(token!.token);
      return token;
    },
  };
  return new ContainerRegistryTasksClient(credential, SUBSCRIPTION, {
    ...target.clientOptions,
    endpoint: target.endpoint,
    retryOptions: FAST_RETRY,
    additionalPolicies: [{ policy: recordSignatures, position: "perRetry" }],
  });
}

function recordError(error: unknown): void {
  errorTexts.push(
    String(error),
    (error as Error)?.message ?? "",
    inspect(error, { depth: 10 }),
    safeJson(error),
    (error as Error)?.stack ?? "",
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

async function rejected(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  recordError(error);
  return error as Error;
}

const secretValues = [
  { name: "pw", value: SECRET.setValue, isSecret: true },
  { name: "plain", value: "visible-value", isSecret: false },
];
const credentials = {
  customRegistries: {
    "other.azurecr.io": {
      userName: { type: "Opaque" as const, value: SECRET.userName },
      password: { type: "Opaque" as const, value: SECRET.password },
    },
  },
};
const encodedRun = (yaml: string): EncodedTaskRunRequest => ({
  type: "EncodedTaskRunRequest",
  encodedTaskContent: b64(yaml),
  values: secretValues,
  platform: LINUX,
  credentials,
});

describe("an end-to-end flow full of secrets", () => {
  test("no secret, SAS signature or bearer token appears in any log line or error message", async () => {
    const registry = "secretsreg01";
    const client = clientOf(emulator);
    await client.registries.create(RG, registry, { location: "westus", sku: { name: "Premium" } }, LRO);

    // A task with a secret SetValue, custom-registry credentials and a source-control token.
    await client.tasks.create(
      RG,
      registry,
      "secret-task",
      {
        location: "westus",
        properties: {
          platform: LINUX,
          step: {
            type: "EncodedTask",
            encodedTaskContent: b64("steps:\n  - cmd: bash echo {{.Values.pw}}\n"),
            values: secretValues,
          },
          credentials,
          trigger: {
            sourceTriggers: [
              {
                name: "commits",
                sourceTriggerEvents: ["commit"],
                sourceRepository: {
                  sourceControlType: "Github",
                  repositoryUrl: "https://github.com/contoso/app",
                  branch: "main",
                  sourceControlAuthProperties: {
                    tokenType: "PAT",
                    token: SECRET.scmToken,
                    refreshToken: SECRET.scmRefresh,
                  },
                },
              },
            ],
          },
        },
      },
      LRO,
    );
    const details = JSON.stringify(await client.tasks.getDetails(RG, registry, "secret-task"));
    // The secrets did travel (so their absence from the logs below means something).
    expect(details).toContain(SECRET.setValue);
    expect(details).toContain(SECRET.password);

    // A run of the task, and an encoded run with the same secrets: waited for and logs streamed.
    const taskRun = await client.registries.scheduleRun(RG, registry, {
      type: "TaskRunRequest",
      taskId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${registry}/tasks/secret-task`,
    });
    const encoded = await client.registries.scheduleRun(
      RG,
      registry,
      encodedRun("steps:\n  - cmd: bash echo {{.Values.pw}}\n"),
    );
    for (const runId of [taskRun.name!, encoded.name!]) {
      expect((await client.runs.waitForCompletion(RG, registry, runId, FAST_POLL)).properties?.status).toBe(
        "Succeeded",
      );
      await collect(client.runs.streamLogs(RG, registry, runId, FAST_POLL));
    }
    await client.runs.getLogSasUrl(RG, registry, encoded.name!);

    // quickBuild with a secret build argument: the SAS upload, then the log.
    const sourceDir = await makeTree({ Dockerfile: "FROM alpine\nARG TOKEN\n", "app.sh": "echo app\n" });
    const built = await client.registries.quickBuild(RG, registry, {
      sourceDir,
      platform: LINUX,
      buildArguments: [{ name: "TOKEN", value: SECRET.buildArg, isSecret: true }],
    });
    await collect(client.runs.streamLogs(RG, registry, built.name!, FAST_POLL));

    // Failures carrying secrets: a 404 from ARM, a failed run, a refused input.
    await rejected(client.registries.scheduleRun(RG, "nosuchregistry", encodedRun("steps:\n  - cmd: bash echo x\n")));
    const failing = await client.registries.scheduleRun(
      RG,
      registry,
      encodedRun("steps:\n  - cmd: bash echo {{.Values.pw}} && exit 3\n"),
    );
    await rejected(client.runs.waitForCompletion(RG, registry, failing.name!, FAST_POLL));
    await rejected(
      client.registries.scheduleRun(RG, registry, {
        ...encodedRun("steps: []\n"),
        values: [{ name: "pw", value: SECRET.setValue, isSecret: "yes" as unknown as boolean }],
      }),
    );
    await rejected(
      client.tasks.create(
        RG,
        "nosuchregistry",
        "secret-task-2",
        {
          location: "westus",
          properties: {
            platform: LINUX,
            step: { type: "EncodedTask", encodedTaskContent: b64("steps: []\n"), values: secretValues },
            credentials,
          },
        },
        LRO,
      ),
    );

    // Blob-side failures: the storage host answers 500 to the upload and to log reads.
    const broken = clientOf(brokenBlobs);
    await broken.registries.create(RG, registry, { location: "westus", sku: { name: "Premium" } }, LRO);
    await rejected(
      broken.registries.quickBuild(RG, registry, {
        sourceDir,
        platform: LINUX,
        buildArguments: [{ name: "TOKEN", value: SECRET.buildArg, isSecret: true }],
      }),
    );
    const brokenRun = await broken.registries.scheduleRun(RG, registry, encodedRun("steps:\n  - cmd: bash echo hi\n"));
    await rejected(collect(broken.runs.streamLogs(RG, registry, brokenRun.name!, FAST_POLL)));

    // The capture worked, and the secrets to look for are known.
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.some((line) => /Request|Response/.test(line))).toBe(true);
    expect(errorTexts.length).toBe(6 * 5);
    expect(sasSignatures.size).toBeGreaterThanOrEqual(4);
    expect(bearerTokens.size).toBeGreaterThan(0);

    const secrets = [...Object.values(SECRET), ...bearerTokens, ...sasSignatures];
    const forms = (secret: string) => [
      ...new Set([secret, safeDecode(secret), encodeURIComponent(safeDecode(secret))]),
    ];
    for (const text of [...lines, ...errorTexts]) {
      for (const secret of secrets) {
        for (const form of forms(secret)) {
          expect(text.includes(form), `secret ${form} found in: ${text.slice(0, 300)}`).toBe(false);
        }
      }
    }
  }, 120_000);
});

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
