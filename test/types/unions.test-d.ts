// Type-level tests (checked by `tsc -p .`, which `npm test` runs; vitest does not execute this file):
// RunRequest, TaskStepProperties and TaskStepUpdateParameters are closed discriminated unions.
// Each `@ts-expect-error` below must be an error; if the union were open (e.g. a base type or
// `string` in the discriminator), the directive itself would fail to compile.
import type { RunRequest, TaskStepProperties, TaskStepUpdateParameters } from "../../src/index.js";

// ---- RunRequest -------------------------------------------------------------------------------

/** `switch (x.type)` narrows each case to its variant, and the default is `never`. */
export function runRequestSummary(request: RunRequest): string {
  switch (request.type) {
    case "DockerBuildRequest":
      return request.dockerFilePath;
    case "EncodedTaskRunRequest":
      return request.encodedTaskContent;
    case "FileTaskRunRequest":
      return request.taskFilePath;
    case "TaskRunRequest":
      return request.taskId;
    default: {
      const exhaustive: never = request;
      return exhaustive;
    }
  }
}

/** A case for a variant that does not exist is an error. */
export function runRequestUnknownCase(request: RunRequest): void {
  switch (request.type) {
    // @ts-expect-error "ShellRunRequest" is not one of the variants
    case "ShellRunRequest":
      break;
  }
}

/** Members of one variant are not readable before narrowing. */
export function runRequestNotNarrowed(request: RunRequest): string {
  // @ts-expect-error taskId exists on TaskRunRequest only
  return request.taskId;
}

export const validDocker: RunRequest = {
  type: "DockerBuildRequest",
  dockerFilePath: "Dockerfile",
  platform: { os: "Linux" },
};
export const validTask: RunRequest = { type: "TaskRunRequest", taskId: "/subscriptions/x/tasks/t" };

// @ts-expect-error DockerBuildRequest needs dockerFilePath
export const dockerMissingPath: RunRequest = { type: "DockerBuildRequest", platform: { os: "Linux" } };

// @ts-expect-error EncodedTaskRunRequest needs platform
export const encodedMissingPlatform: RunRequest = { type: "EncodedTaskRunRequest", encodedTaskContent: "c3RlcHM6IFtd" };

// @ts-expect-error TaskRunRequest needs taskId
export const taskMissingId: RunRequest = { type: "TaskRunRequest" };

export const taskWithDockerMember: RunRequest = {
  type: "TaskRunRequest",
  taskId: "t",
  // @ts-expect-error dockerFilePath belongs to DockerBuildRequest, not TaskRunRequest
  dockerFilePath: "Dockerfile",
};

export const fileWithEncodedMember: RunRequest = {
  type: "FileTaskRunRequest",
  taskFilePath: "acb.yaml",
  platform: { os: "Linux" },
  // @ts-expect-error encodedTaskContent belongs to EncodedTaskRunRequest
  encodedTaskContent: "c3RlcHM6IFtd",
};

export const unknownVariant: RunRequest = {
  // @ts-expect-error there is no "ShellRunRequest" variant
  type: "ShellRunRequest",
  taskId: "t",
};

// @ts-expect-error the discriminator is required
export const noDiscriminator: RunRequest = { taskId: "t" };

// ---- TaskStepProperties -----------------------------------------------------------------------

export function stepSummary(step: TaskStepProperties): string {
  switch (step.type) {
    case "Docker":
      return step.dockerFilePath;
    case "EncodedTask":
      return step.encodedTaskContent;
    case "FileTask":
      return step.taskFilePath;
    default: {
      const exhaustive: never = step;
      return exhaustive;
    }
  }
}

export const validStep: TaskStepProperties = {
  type: "FileTask",
  taskFilePath: "acb.yaml",
  contextPath: "https://github.com/a/b",
};

// @ts-expect-error a Docker step needs dockerFilePath
export const dockerStepMissingPath: TaskStepProperties = { type: "Docker", imageNames: ["a:b"] };

// @ts-expect-error an EncodedTask step needs encodedTaskContent
export const encodedStepMissingContent: TaskStepProperties = { type: "EncodedTask" };

export const dockerStepWithFileMember: TaskStepProperties = {
  type: "Docker",
  dockerFilePath: "Dockerfile",
  // @ts-expect-error taskFilePath belongs to FileTask
  taskFilePath: "acb.yaml",
};

export const stepUnknownVariant: TaskStepProperties = {
  // @ts-expect-error there is no "Shell" step
  type: "Shell",
  dockerFilePath: "Dockerfile",
};

// ---- TaskStepUpdateParameters -----------------------------------------------------------------

export function stepUpdateSummary(update: TaskStepUpdateParameters): string | undefined {
  switch (update.type) {
    case "Docker":
      return update.dockerFilePath;
    case "EncodedTask":
      return update.encodedTaskContent;
    case "FileTask":
      return update.taskFilePath;
    default: {
      const exhaustive: never = update;
      return exhaustive;
    }
  }
}

// Update variants have optional members, but still need their discriminator.
export const validUpdate: TaskStepUpdateParameters = { type: "EncodedTask", encodedValuesContent: "eDogMQ==" };

// @ts-expect-error an update variant needs its type
export const updateWithoutType: TaskStepUpdateParameters = { contextPath: "https://github.com/a/b" };

export const updateWithOtherMembers: TaskStepUpdateParameters = {
  type: "FileTask",
  // @ts-expect-error encodedTaskContent belongs to the EncodedTask update
  encodedTaskContent: "c3RlcHM6IFtd",
};

export const updateDockerWithFileMember: TaskStepUpdateParameters = {
  type: "Docker",
  // @ts-expect-error valuesFilePath belongs to the FileTask update
  valuesFilePath: "values.yaml",
};

/** A step (with its required members) is not an update of another kind. */
export function updateNarrowing(update: TaskStepUpdateParameters): void {
  if (update.type === "Docker") {
    // @ts-expect-error taskFilePath is not on the Docker update
    void update.taskFilePath;
  }
}
