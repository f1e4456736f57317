// Input checks the helpers run before sending anything, so that a typo costs no upload and no run.
// Each failure is a ValidationError naming the parameter or option, like the client's own checks.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { Argument, PlatformProperties, SetValue } from "../../generated/v2019_06_01_preview/models.js";
import { Runs_Get } from "../../generated/v2019_06_01_preview/operations.js";
import { ValidationError } from "../errors.js";
import { validateValue } from "../validate.js";
import { requireString } from "./stringInput.js";

export { requireString };

/** ACR's bounds for a run's timeout, in seconds. */
export const MIN_RUN_TIMEOUT_SECONDS = 300;
export const MAX_RUN_TIMEOUT_SECONDS = 28800;

/** The swagger's rule for registryName (pattern and length), as the generated operations carry it. */
const registryNameSchema = Runs_Get.pathParameters.find((parameter) => parameter.name === "registryName")!.schema;

export function requireRegistryName(value: unknown): asserts value is string {
  requireString("registryName", value);
  const issue = validateValue(registryNameSchema, value, "registryName");
  if (issue) throw new ValidationError(issue.path, issue.rule);
}

/** The resource group and registry that every helper addresses. */
export function requireRegistryAddress(resourceGroupName: unknown, registryName: unknown): void {
  requireString("resourceGroupName", resourceGroupName);
  requireRegistryName(registryName);
}

export function optionalString(name: string, value: unknown): void {
  if (value !== undefined) requireString(name, value);
}

export function optionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") throw new ValidationError(name, "must be a function");
}

export function optionalBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") throw new ValidationError(name, "must be a boolean");
}

/** A duration in milliseconds: a finite number, at least `min`. */
export function optionalMilliseconds(name: string, value: unknown, min = 0): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new ValidationError(name, `must be a finite number of milliseconds, at least ${min}`);
  }
}

export function optionalRunTimeout(value: unknown): void {
  if (value === undefined) return;
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < MIN_RUN_TIMEOUT_SECONDS ||
    value > MAX_RUN_TIMEOUT_SECONDS
  ) {
    throw new ValidationError(
      "timeout",
      `must be a whole number of seconds from ${MIN_RUN_TIMEOUT_SECONDS} to ${MAX_RUN_TIMEOUT_SECONDS}`,
    );
  }
}

export function requirePlatform(value: unknown): asserts value is PlatformProperties {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError("platform", 'is required: an object such as { os: "Linux", architecture: "amd64" }');
  }
  const platform = value as Record<string, unknown>;
  requireString("platform.os", platform.os);
  optionalString("platform.architecture", platform.architecture);
  optionalString("platform.variant", platform.variant);
}

export function optionalStringArray(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw new ValidationError(name, "must be an array of strings");
  value.forEach((item, index) => requireString(`${name}[${index}]`, item));
}

export function optionalAbortSignal(value: unknown): asserts value is AbortSignalLike | undefined {
  if (value === undefined) return;
  const signal = value as Partial<AbortSignalLike>;
  if (typeof signal !== "object" || signal === null || typeof signal.addEventListener !== "function") {
    throw new ValidationError("abortSignal", "must be an AbortSignal");
  }
}

/**
 * Name/value pairs given either as a record or as a list ({ name, value, isSecret? }), checked and
 * returned as a list. Names must be unique: a duplicate is almost always a mistake.
 */
export function namedValues(
  name: string,
  value: Record<string, string> | readonly (SetValue | Argument)[] | undefined,
): SetValue[] {
  if (value === undefined) return [];
  const list: SetValue[] = Array.isArray(value)
    ? value.map((item, index) => {
        if (typeof item !== "object" || item === null)
          throw new ValidationError(`${name}[${index}]`, "must be an object { name, value, isSecret? }");
        requireString(`${name}[${index}].name`, item.name);
        if (typeof item.value !== "string") throw new ValidationError(`${name}[${index}].value`, "must be a string");
        optionalBoolean(`${name}[${index}].isSecret`, item.isSecret);
        return { name: item.name, value: item.value, ...(item.isSecret ? { isSecret: true } : {}) };
      })
    : typeof value === "object" && value !== null
      ? Object.entries(value).map(([key, item]) => {
          if (typeof item !== "string") throw new ValidationError(`${name}.${key}`, "must be a string");
          return { name: key, value: item };
        })
      : (() => {
          throw new ValidationError(name, "must be a record of strings or an array of { name, value, isSecret? }");
        })();
  const seen = new Set<string>();
  for (const item of list) {
    if (item.name.trim() === "") throw new ValidationError(name, "must not contain an empty name");
    if (seen.has(item.name)) throw new ValidationError(name, `names ${JSON.stringify(item.name)} twice`);
    seen.add(item.name);
  }
  return list;
}
