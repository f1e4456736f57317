// The .Values a run renders with, as acb builds them: the values file decoded by go-yaml into
// map[string]interface{} (nested maps become map[interface{}]interface{}), --set values (always strings) taking
// precedence, then serialised to JSON for .ValuesJSON, which is where a nested map makes acb fail.
import { unmarshalYaml } from "./goYaml/decode.js";
import { AnyMap, StrMap, type GoValue } from "./goTemplate/goValues.js";

export class ValuesError extends Error {}

/** yaml.Unmarshal(text, &Values{}): the values file, or why go-yaml refuses it. */
export function deserializeValues(text: string): StrMap {
  const decoded = unmarshalYaml<StrMap>(text, { kind: "values" });
  if ("error" in decoded) throw new ValuesError(decoded.error);
  return decoded.value;
}

/** A JavaScript value as go-yaml would have decoded the same YAML into interface{}. */
export function goValueOf(value: unknown): GoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(goValueOf);
  if (typeof value === "object") return new AnyMap(Object.entries(value).map(([key, item]) => [key, goValueOf(item)]));
  return String(value);
}

/** The run's values, as ACR passes them to acb. */
export interface ValuesInput {
  /**
   * The values file (ACR's encodedValuesContent) as text, or as names to values (read as the file would be:
   * numbers, booleans and lists keep their type, a nested object is a nested map).
   */
  file?: string | Readonly<Record<string, unknown>>;
  /** --set values (ACR's secret values); they win over the file's. */
  set?: Readonly<Record<string, string>>;
}

/** OverrideValues(c1, c2): c2's values, then c1's for keys c2 lacks (a nil in c2 removes the key). */
export function overrideValues(base: StrMap, overrides: StrMap): StrMap {
  const merged = new StrMap(overrides.entries);
  for (const [key, value] of base.entries) {
    if (!merged.entries.has(key)) merged.entries.set(key, value);
    else if (merged.entries.get(key) === null) merged.entries.delete(key);
  }
  return merged;
}

/** The run's .Values: the values file's, overridden by the --set ones. */
export function mergeValues(input: ValuesInput): StrMap {
  const set = new StrMap(Object.entries(input.set ?? {}));
  if (input.file === undefined || input.file === "") return set;
  let fileValues: StrMap;
  try {
    fileValues = typeof input.file === "string" ? deserializeValues(input.file) : valuesFromRecord(input.file);
  } catch (error) {
    if (error instanceof ValuesError)
      throw new ValuesError(`Failed to deserialize values. Try linting your template locally. Err: ${error.message}`);
    throw error;
  }
  return overrideValues(fileValues, set);
}

/** A record given to the lint: read as the values file would be (nested objects become nested maps). */
export function valuesFromRecord(record: Readonly<Record<string, unknown>>): StrMap {
  return new StrMap(Object.entries(record).map(([key, value]) => [key, goValueOf(value)]));
}
