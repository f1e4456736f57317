// Builders for the encoded variants of the closed unions: the user gives YAML text and values,
// the base64 is done here, and the decoders give the text back.
import type {
  EncodedTaskRunRequest,
  EncodedTaskStep,
  EncodedTaskStepUpdateParameters,
  PlatformProperties,
  SetValue,
} from "../generated/models.js";
import { ValidationError } from "./errors.js";

/** Values for `{{.Values.name}}` in a task: a map, or ACR's SetValue list (which can mark secrets). */
export type TaskValues = Record<string, string> | SetValue[];

export interface EncodedTaskRunRequestOptions extends Omit<
  EncodedTaskRunRequest,
  "type" | "encodedTaskContent" | "encodedValuesContent" | "values" | "platform"
> {
  /** The task's YAML, as text. */
  taskYaml: string;
  /** A values file (YAML text) for the task's templates. */
  valuesYaml?: string;
  /** Values for the task's templates; a SetValue with `isSecret` stays a secret. */
  values?: TaskValues;
  platform: PlatformProperties;
}

/** Builds an EncodedTaskRunRequest from YAML text: the base64 is done for you. */
export function createEncodedTaskRunRequest(options: EncodedTaskRunRequestOptions): EncodedTaskRunRequest {
  const { taskYaml, valuesYaml, values, ...rest } = options;
  return {
    ...rest,
    type: "EncodedTaskRunRequest",
    encodedTaskContent: encodeYaml(taskYaml, "taskYaml"),
    ...encodedValues(valuesYaml, values),
  };
}

export interface EncodedTaskStepOptions extends Omit<
  EncodedTaskStep,
  "type" | "encodedTaskContent" | "encodedValuesContent" | "values"
> {
  taskYaml: string;
  valuesYaml?: string;
  values?: TaskValues;
}

/** Builds an EncodedTask step (for tasks.create) from YAML text. */
export function createEncodedTaskStep(options: EncodedTaskStepOptions): EncodedTaskStep {
  const { taskYaml, valuesYaml, values, ...rest } = options;
  return {
    ...rest,
    type: "EncodedTask",
    encodedTaskContent: encodeYaml(taskYaml, "taskYaml"),
    ...encodedValues(valuesYaml, values),
  };
}

export interface EncodedTaskStepUpdateOptions extends Omit<
  EncodedTaskStepUpdateParameters,
  "type" | "encodedTaskContent" | "encodedValuesContent" | "values"
> {
  taskYaml?: string;
  valuesYaml?: string;
  values?: TaskValues;
}

/** Builds an EncodedTask step update (for tasks.update) from YAML text. */
export function createEncodedTaskStepUpdate(options: EncodedTaskStepUpdateOptions): EncodedTaskStepUpdateParameters {
  const { taskYaml, valuesYaml, values, ...rest } = options;
  return {
    ...rest,
    type: "EncodedTask",
    ...(taskYaml !== undefined ? { encodedTaskContent: encodeYaml(taskYaml, "taskYaml") } : {}),
    ...encodedValues(valuesYaml, values),
  };
}

/** The values fields common to requests, steps and step updates; only those given are set. */
function encodedValues(
  valuesYaml: string | undefined,
  values: TaskValues | undefined,
): { encodedValuesContent?: string; values?: SetValue[] } {
  return {
    ...(valuesYaml !== undefined ? { encodedValuesContent: encodeYaml(valuesYaml, "valuesYaml") } : {}),
    ...(values !== undefined ? { values: toSetValues(values) } : {}),
  };
}

/** The YAML texts of an encoded request or step. */
export interface DecodedTask {
  taskYaml: string | undefined;
  valuesYaml: string | undefined;
}

/** Decodes the base64 task and values content of an encoded request or step. */
export function decodeEncodedTask(encoded: {
  encodedTaskContent?: string;
  encodedValuesContent?: string;
}): DecodedTask {
  return {
    taskYaml: decodeBase64(encoded.encodedTaskContent, "encodedTaskContent"),
    valuesYaml: decodeBase64(encoded.encodedValuesContent, "encodedValuesContent"),
  };
}

function encodeYaml(text: string, parameter: string): string {
  if (typeof text !== "string" || text.trim() === "")
    throw new ValidationError(parameter, "must be non-empty YAML text");
  return Buffer.from(text, "utf8").toString("base64");
}

function decodeBase64(value: string | undefined, parameter: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0)
    throw new ValidationError(parameter, "must be base64");
  return Buffer.from(value, "base64").toString("utf8");
}

function toSetValues(values: TaskValues): SetValue[] {
  if (Array.isArray(values)) return values;
  return Object.entries(values).map(([name, value]) => ({ name, value, isSecret: false }));
}
