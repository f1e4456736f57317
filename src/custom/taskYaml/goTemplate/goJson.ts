// encoding/json's Marshal for template values: sorted map keys, HTML-safe escapes, and its refusals
// (go-yaml v2's map[interface{}]interface{} is not serialisable; neither are NaN and infinities).
import { AnyMap, StrMap, type GoValue } from "./goValues.js";

/** Why json.Marshal refuses a value, worded as Go words it. */
export class GoJsonError extends Error {}

export function marshalGoJson(value: GoValue): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return quoteJson(value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new GoJsonError(
        `json: unsupported value: ${value === Infinity ? "+Inf" : value === -Infinity ? "-Inf" : "NaN"}`,
      );
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(marshalGoJson).join(",")}]`;
  if (value instanceof StrMap) {
    const keys = [...value.entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${quoteJson(key)}:${marshalGoJson(value.entries.get(key))}`).join(",")}}`;
  }
  if (value instanceof AnyMap) throw new GoJsonError("json: unsupported type: map[interface {}]interface {}");
  throw new GoJsonError("json: unsupported type: func()");
}

function quoteJson(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
