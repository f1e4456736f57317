// Type-level tests (checked by `tsc -p .`, which `npm test` runs; vitest does not execute this file):
// one public surface for both tasks api-versions. The same code compiles whichever version a client
// selects: the methods, their results (a poller for the seven operations answered at once at
// 2025-03-01-preview too) and the models, with the 2025-only SourceRegistryCredentials.identity optional.
import type { TokenCredential } from "@azure/core-auth";
import {
  ContainerRegistryTasksClient,
  type ContainerRegistryTasksClientOptions,
  type OperationPoller,
  type Run,
  type SourceRegistryCredentials,
  type Task,
  type TasksApiVersion,
} from "../../src/index.js";
import type * as Public from "../../src/index.js";

declare const credential: TokenCredential;

export const versions: TasksApiVersion[] = ["2019-06-01-preview", "2025-03-01-preview"];
// @ts-expect-error the 2021 feed's version is not a tasks api-version
export const notATasksVersion: TasksApiVersion = "2021-08-01-preview";
export const options: ContainerRegistryTasksClientOptions = { tasksApiVersion: "2025-03-01-preview" };

/** Written once, for a client of either version. */
export async function sameCode(tasksApiVersion: TasksApiVersion): Promise<void> {
  const client = new ContainerRegistryTasksClient(credential, "sub", { tasksApiVersion });
  const created: OperationPoller<Task> = client.tasks.create("rg", "registry", "task", { location: "westus" });
  const scheduled: Run = await client.registries.scheduleRun("rg", "registry", { type: "TaskRunRequest", taskId: "t" });
  const cancelled: void = await client.runs.cancel("rg", "registry", "cb1");
  const deleted: void = await client.tasks.beginDeleteAndWait("rg", "registry", "task");
  void [created, scheduled, cancelled, deleted];
}

/** 2019-style credentials compile; the 2025 identity is an optional string. */
export const without: SourceRegistryCredentials = { loginMode: "Default" };
export const withIdentity: SourceRegistryCredentials = { identity: "[system]" };
// @ts-expect-error identity is a string
export const wrongIdentity: SourceRegistryCredentials = { identity: 42 };

/** No per-version duplicates of the tasks models in the public API. */
// @ts-expect-error there is one SourceRegistryCredentials
export type NoDuplicate = Public.SourceRegistryCredentialsV2025;
// @ts-expect-error nor a 2025 copy of the error models (errors are RestErrors)
export type NoErrorDetail = Public.ErrorDetail;
