// Checks a value against a generated schema: shared by the client (before sending) and the emulator
// (before accepting). It catches mistakes (wrong types, missing required fields, values no enum has)
// but never refuses what the service itself accepts or returns:
// - read-only properties are ignored, as ARM ignores them in requests;
// - closed enums and string constants match in any letter case, as ARM compares them (and as the
//   service answers: `identity.type` comes back as `systemAssigned` too); the value is sent as given;
// - a null dictionary value is accepted: the service returns them (a task's `customRegistries` entries
//   hide their credentials as null) and takes them (null removes the entry in a PATCH, as
//   `az acr task credential remove` sends it).
import type { ObjectSchema, Schema, SchemaRef } from "../generated/runtime.js";

/** The first rule a value breaks: `path` names the parameter or field, `rule` says what it must be. */
export interface ValidationIssue {
  path: string;
  rule: string;
}

const patterns = new Map<string, RegExp>();

function resolve(ref: SchemaRef): Schema {
  return typeof ref === "function" ? ref() : ref;
}

function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source, "u");
    patterns.set(source, re);
  }
  return re;
}

export function validateValue(ref: SchemaRef, value: unknown, path: string): ValidationIssue | undefined {
  const schema = resolve(ref);
  switch (schema.kind) {
    case "string": {
      if (typeof value !== "string") return { path, rule: "must be a string" };
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return { path, rule: `must be at least ${schema.minLength} characters long` };
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        return { path, rule: `must be at most ${schema.maxLength} characters long` };
      }
      if (schema.pattern !== undefined && !pattern(schema.pattern).test(value)) {
        return { path, rule: `must match the pattern ${schema.pattern}` };
      }
      if (schema.enum && !schema.enum.some((allowed) => sameIgnoringCase(allowed, value))) {
        return { path, rule: `must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(", ")}` };
      }
      return undefined;
    }
    case "number": {
      if (typeof value !== "number" || Number.isNaN(value)) return { path, rule: "must be a number" };
      if (schema.integer && !Number.isInteger(value)) return { path, rule: "must be an integer" };
      if (
        schema.minimum !== undefined &&
        (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)
      ) {
        return { path, rule: `must be ${schema.exclusiveMinimum ? "greater than" : "at least"} ${schema.minimum}` };
      }
      if (
        schema.maximum !== undefined &&
        (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)
      ) {
        return { path, rule: `must be ${schema.exclusiveMaximum ? "less than" : "at most"} ${schema.maximum}` };
      }
      return undefined;
    }
    case "boolean":
      return typeof value === "boolean" ? undefined : { path, rule: "must be a boolean" };
    case "date-time":
      if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? { path, rule: "must be a valid date" } : undefined;
      return typeof value === "string" && !Number.isNaN(Date.parse(value))
        ? undefined
        : { path, rule: "must be a Date or an ISO 8601 date-time string" };
    case "constant": {
      const matches =
        typeof schema.value === "string" && typeof value === "string"
          ? sameIgnoringCase(schema.value, value)
          : value === schema.value;
      return matches ? undefined : { path, rule: `must be ${JSON.stringify(schema.value)}` };
    }
    case "array": {
      if (!Array.isArray(value)) return { path, rule: "must be an array" };
      if (schema.minItems !== undefined && value.length < schema.minItems)
        return { path, rule: `must have at least ${schema.minItems} items` };
      if (schema.maxItems !== undefined && value.length > schema.maxItems)
        return { path, rule: `must have at most ${schema.maxItems} items` };
      for (let i = 0; i < value.length; i++) {
        const issue = validateValue(schema.items, value[i], `${path}[${i}]`);
        if (issue) return issue;
      }
      return undefined;
    }
    case "dictionary": {
      if (!isPlainObject(value)) return { path, rule: "must be an object" };
      for (const [key, item] of Object.entries(value)) {
        if (item === null || item === undefined) continue;
        const issue = validateValue(schema.values, item, keyPath(path, key));
        if (issue) return issue;
      }
      return undefined;
    }
    case "object":
      return validateObject(schema, value, path);
    case "any":
      return undefined;
  }
}

function validateObject(schema: ObjectSchema, value: unknown, path: string): ValidationIssue | undefined {
  if (!isPlainObject(value)) return { path, rule: `must be an object (${schema.name})` };
  let effective = schema;
  if (schema.discriminator) {
    const variants = schema.discriminator.variants();
    const key = schema.discriminator.property;
    const discriminatorValue = value[key];
    const variant = typeof discriminatorValue === "string" ? variants[discriminatorValue] : undefined;
    if (!variant) {
      return {
        path: `${path}.${key}`,
        rule: `must be one of ${Object.keys(variants)
          .map((v) => JSON.stringify(v))
          .join(", ")}`,
      };
    }
    effective = variant;
  }
  for (const [name, prop] of Object.entries(effective.properties)) {
    if (prop.readOnly) continue;
    const item = value[name];
    if (item === undefined || item === null) {
      if (prop.required) return { path: `${path}.${name}`, rule: "is required" };
      continue;
    }
    const issue = validateValue(prop.schema, item, `${path}.${name}`);
    if (issue) return issue;
  }
  return undefined;
}

/** ARM's comparison of enum strings: ASCII letters in any case, everything else exactly. */
function sameIgnoringCase(allowed: string, value: string): boolean {
  return allowed.length === value.length && asciiLowerCase(allowed) === asciiLowerCase(value);
}

function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** `tags.env`, or `customRegistries["myregistry.azurecr.io"]` when the key is not a plain name. */
function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
