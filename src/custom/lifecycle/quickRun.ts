// `az acr run` as a function: queue a task given as YAML (or a single command), with its values
// encoded the way ACR reads them, and an optional local folder uploaded as its context.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RegistriesOperations } from "../../generated/groups/registries.js";
import type {
  EncodedTaskRunRequest,
  PlatformProperties,
  Run,
  SetValue,
} from "../../generated/v2019_06_01_preview/models.js";
import { ValidationError } from "../errors.js";
import type { BlobTransport } from "./blobTransport.js";
import { withoutUndefined } from "./quickBuild.js";
import { sendSourceContext } from "./sourceContext.js";
import type { RunSubmissionProgress } from "./submissionProgress.js";
import { lintBeforeRun, requireLintMode } from "./taskYamlLint.js";
import {
  namedValues,
  optionalAbortSignal,
  optionalFunction,
  optionalRunTimeout,
  optionalString,
  requirePlatform,
  requireRegistryAddress,
  requireString,
} from "./validateInputs.js";

export interface QuickRunOptions {
  /** The task definition (the content of an acr-task.yaml). Give this or `cmd`. */
  taskYaml?: string;
  /** A single command, run as the task's only step (`az acr run --cmd`). Give this or `taskYaml`. */
  cmd?: string;
  /**
   * Values for the task's `{{.Values.name}}` placeholders: a record, or a list of { name, value, isSecret? }.
   * Without `valuesYaml`, plain values travel as ACR's values file; secret ones as secret values, which
   * ACR keeps out of logs. With it, they all travel as values given one by one (`az acr run --set`), which
   * win over the file's.
   */
  values?: Record<string, string> | SetValue[];
  /**
   * A values file's text (YAML, as `az acr run --values` names one: nested values and lists too), sent as
   * the run's values file (encodedValuesContent). `values` win over its values of the same name.
   */
  valuesYaml?: string;
  /**
   * A local folder to upload as the run's context, packed as quickBuild packs one (VCS metadata left
   * out, its .dockerignore honoured, the same bytes for the same files).
   */
  sourceDir?: string;
  platform: PlatformProperties;
  /** The run's timeout in seconds (300 to 28800). */
  timeout?: number;
  agentPoolName?: string;
  /**
   * Checks the task as ACR's runner reads it, before anything is uploaded: "error" (the default) refuses
   * what the runner would refuse with a ValidationError naming the line and the rule, and sends warnings
   * (unknown keys, replaced timeouts...) to the SDK's logger; "off" skips the check. See docs/task-yaml.md.
   */
  lint?: "error" | "off";
  /**
   * Told what the run's submission is doing, in order: packing and uploading `sourceDir` (when given: files
   * and bytes so far, bytes sent of the archive's size), then queueing. Called at most every 100 ms within
   * a phase, and with each phase's last state.
   */
  onProgress?: (progress: RunSubmissionProgress) => void;
  /** Stops packing, the upload or the scheduling with an AbortError. */
  abortSignal?: AbortSignalLike;
}

/** Queues the task (uploading `sourceDir` first, when given). Resolves to the queued Run. */
export async function quickRun(
  registries: Pick<RegistriesOperations, "getBuildSourceUploadUrl" | "scheduleRun">,
  blob: BlobTransport,
  resourceGroupName: string,
  registryName: string,
  options: QuickRunOptions,
): Promise<Run> {
  requireRegistryAddress(resourceGroupName, registryName);
  if (typeof options !== "object" || options === null)
    throw new ValidationError("options", "is required: { taskYaml or cmd, platform, ... }");
  if (options.taskYaml === undefined && options.cmd === undefined)
    throw new ValidationError("taskYaml", "or cmd is required: give exactly one");
  if (options.taskYaml !== undefined && options.cmd !== undefined)
    throw new ValidationError("cmd", "cannot be given together with taskYaml");
  // The YAML is not parsed as it is: ACR renders it as a Go template first, and templates such as
  // `{{.Run.Registry}}/app` are not valid YAML until rendered. The lint below renders it as ACR does.
  if (options.taskYaml !== undefined) requireString("taskYaml", options.taskYaml);
  if (options.cmd !== undefined) requireString("cmd", options.cmd);
  requirePlatform(options.platform);
  optionalString("sourceDir", options.sourceDir);
  optionalRunTimeout(options.timeout);
  optionalString("agentPoolName", options.agentPoolName);
  optionalFunction("onProgress", options.onProgress);
  optionalAbortSignal(options.abortSignal);
  requireLintMode(options.lint);
  if (options.valuesYaml !== undefined && typeof options.valuesYaml !== "string")
    throw new ValidationError("valuesYaml", "must be a string: a values file's text");
  const values = namedValues("values", options.values);
  const { abortSignal, valuesYaml } = options;
  const taskYaml = options.taskYaml ?? singleCommandTaskYaml(options.cmd as string);
  if (options.lint !== "off") {
    const parameter = options.taskYaml !== undefined ? "taskYaml" : "cmd";
    await lintBeforeRun(parameter, taskYaml, { valuesYaml, values }, registryName, options.platform);
  }

  const sourceLocation =
    options.sourceDir === undefined
      ? undefined
      : (
          await sendSourceContext(registries, blob, resourceGroupName, registryName, options.sourceDir, {
            requireDockerfile: false,
            abortSignal,
            onProgress: options.onProgress,
            neededFor: "quickRun with sourceDir",
          })
        ).sourceLocation;

  // Without a values file, the plain values make one; with it, they all go one by one, over the file's.
  const fileValues = valuesYaml === undefined ? values.filter((value) => !value.isSecret) : [];
  const oneByOne = valuesYaml === undefined ? values.filter((value) => value.isSecret) : values;
  const fileText = valuesYaml ?? (fileValues.length ? valuesFileYaml(fileValues) : undefined);
  const request: EncodedTaskRunRequest = withoutUndefined({
    type: "EncodedTaskRunRequest",
    encodedTaskContent: base64(taskYaml),
    encodedValuesContent: fileText ? base64(fileText) : undefined,
    values: oneByOne.length ? oneByOne : undefined,
    sourceLocation,
    timeout: options.timeout,
    platform: options.platform,
    agentPoolName: options.agentPoolName,
  });
  options.onProgress?.({ phase: "queueing" });
  return await registries.scheduleRun(resourceGroupName, registryName, request, { abortSignal });
}

/** The one-step task `az acr run --cmd` builds: `steps: [{ cmd: <command> }]`. */
export function singleCommandTaskYaml(cmd: string): string {
  return `steps:\n  - cmd: ${yamlString(cmd)}\n`;
}

/** ACR's values file: one `name: value` line per value. */
export function valuesFileYaml(values: readonly SetValue[]): string {
  return values.map((value) => `${yamlString(value.name)}: ${yamlString(value.value)}\n`).join("");
}

/**
 * A YAML double-quoted scalar. JSON's string escapes are all valid YAML escapes, so JSON.stringify
 * quotes any text safely (colons, `#`, leading dashes, "true", "123" all stay plain strings); the
 * Unicode line separators, which YAML 1.1 would read as line breaks, are escaped too.
 */
function yamlString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
