// Type-level tests (checked by `tsc -p .`, which `npm test` runs; vitest does not execute this file):
// code written for @azure/arm-containerregistry 11.x that imports its type names compiles against acr-tasks
// (src/custom/migration/). The names are deprecated aliases of acr-tasks' own: options types take the same
// options, response types are the models, which are wire-shaped here (test/custom/migration/aliases.test.ts
// checks the full list against the 11.0.0 package).
import type { TokenCredential } from "@azure/core-auth";
import {
  ContainerRegistryTasksClient,
  type AgentPoolsGetQueueStatusResponse,
  type RegistriesGetBuildSourceUploadUrlOptionalParams,
  type RegistriesGetBuildSourceUploadUrlResponse,
  type RegistriesScheduleRunResponse,
  type RunRequestUnion,
  type RunsCancelOptionalParams,
  type RunsGetLogSasUrlResponse,
  type RunsGetResponse,
  type RunsListOptionalParams,
  type TaskRunsCreateResponse,
  type TasksCreateOptionalParams,
  type TasksGetResponse,
  type TasksListNextOptionalParams,
  type TaskStepPropertiesUnion,
  type TaskStepUpdateParametersUnion,
} from "../../src/index.js";

declare const credential: TokenCredential;
const client = new ContainerRegistryTasksClient(credential, "sub");

/** vscode-docker's way of listing a registry's runs, typed with the 11.x names. */
export async function latestRuns(top: number): Promise<RunsGetResponse[]> {
  const options: RunsListOptionalParams = { filter: "TaskName eq null", top };
  const runs: RunsGetResponse[] = [];
  for await (const run of client.runs.list("rg", "registry", options)) runs.push(run);
  return runs;
}

/** Upload, schedule, read the log link: every result typed with its 11.x name. */
export async function buildFromUpload(): Promise<string | undefined> {
  const uploadOptions: RegistriesGetBuildSourceUploadUrlOptionalParams = { abortSignal: AbortSignal.timeout(10_000) };
  const upload: RegistriesGetBuildSourceUploadUrlResponse = await client.registries.getBuildSourceUploadUrl(
    "rg",
    "registry",
    uploadOptions,
  );
  const request: RunRequestUnion = {
    type: "DockerBuildRequest",
    dockerFilePath: "Dockerfile",
    platform: { os: "Linux" },
    sourceLocation: upload.relativePath,
  };
  const run: RegistriesScheduleRunResponse = await client.registries.beginScheduleRunAndWait("rg", "registry", request);
  const log: RunsGetLogSasUrlResponse = await client.runs.getLogSasUrl("rg", "registry", run.properties!.runId!);
  const cancel: RunsCancelOptionalParams = { updateIntervalInMs: 1_000 };
  await client.runs.beginCancelAndWait("rg", "registry", run.properties!.runId!, cancel);
  return log.logLink;
}

/** A task's life and an agent pool's queue, typed with the 11.x names. */
export async function taskLife(step: TaskStepPropertiesUnion, update: TaskStepUpdateParametersUnion): Promise<number> {
  const createOptions: TasksCreateOptionalParams = { updateIntervalInMs: 500, resumeFrom: undefined };
  const task: TasksGetResponse = await client.tasks.beginCreateAndWait(
    "rg",
    "registry",
    "task",
    { location: "westus", properties: { platform: { os: "Linux" }, step } },
    createOptions,
  );
  await client.tasks.beginUpdateAndWait("rg", "registry", "task", { properties: { step: update } });
  const taskRun: TaskRunsCreateResponse = await client.taskRuns.beginCreateAndWait("rg", "registry", "tr", {
    properties: { runRequest: { type: "TaskRunRequest", taskId: task.id! } },
  });
  const queue: AgentPoolsGetQueueStatusResponse = await client.agentPools.getQueueStatus("rg", "registry", "pool");
  return (queue.count ?? 0) + (taskRun.properties?.runResult ? 1 : 0);
}

/** 11.x's listNext options are plain operation options here: pages come from `byPage`. */
export const nextPageOptions: TasksListNextOptionalParams = { requestOptions: { timeout: 5_000 } };

/** The models behind the old names are wire-shaped: 11.x's flattened members are under `properties`. */
export function flattenedMembersMoved(run: RunsGetResponse): string | undefined {
  // @ts-expect-error 11.x's run.runId is run.properties?.runId
  void run.runId;
  return run.properties?.runId;
}

/** The unions are closed here: 11.x's open base (`RunRequest` with any `type`) is not one of them. */
// @ts-expect-error "ShellRunRequest" is no run request
export const unknownRequest: RunRequestUnion = { type: "ShellRunRequest", isArchiveEnabled: true };
