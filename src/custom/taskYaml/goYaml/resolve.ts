// go-yaml v2's resolution of a scalar to a YAML 1.1 type: null, bool (yes/no/on/off/y/n...), int (0x, 0o,
// 0b, octal, `_`), float, timestamp or string. Only untagged plain scalars and the !!-typed ones resolve;
// quoted and block scalars are strings.
import type { GoValue } from "../goTemplate/goValues.js";
import { parseGoFloat, parseGoInt, parseGoUint } from "../goNumbers.js";
import type { YScalar } from "./yamlTree.js";

export type Resolved =
  | { tag: "!!null"; value: null }
  | { tag: "!!bool"; value: boolean }
  /** `uint` marks a value only uint64 holds (above int64's range). */
  | { tag: "!!int"; value: bigint; uint: boolean }
  | { tag: "!!float"; value: number }
  | { tag: "!!timestamp"; value: string }
  | { tag: string; value: string };

const words = new Map<string, Resolved>();
const add = (resolved: Resolved, list: string[]) => list.forEach((word) => words.set(word, resolved));
add({ tag: "!!bool", value: true }, ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]);
add({ tag: "!!bool", value: false }, ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]);
add({ tag: "!!null", value: null }, ["", "~", "null", "Null", "NULL"]);
add({ tag: "!!float", value: NaN }, [".nan", ".NaN", ".NAN"]);
add({ tag: "!!float", value: Infinity }, [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]);
add({ tag: "!!float", value: -Infinity }, ["-.inf", "-.Inf", "-.INF"]);

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const resolvableTags = new Set(["", "!!str", "!!bool", "!!null", "!!int", "!!float", "!!timestamp"]);

/** A tagged scalar go-yaml cannot read as its tag says (`!!int abc`): Unmarshal fails as a whole. */
export class ResolveError extends Error {}

/** A timestamp go-yaml v2 accepts: YYYY-M-D, optionally with a time (and a zone after a T). */
function isTimestamp(text: string): boolean {
  const match =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})|( )(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?$/.exec(
      text,
    );
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [hour, minute, second] = (match[4] ? match.slice(5, 8) : match.slice(9, 12)).map((part) => Number(part ?? 0));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour! < 24 && minute! < 60 && second! < 60;
}

function resolvePlain(text: string): Resolved {
  const hint = text[0];
  if (hint === undefined || "+-0123456789yYnNtTfFoO~.".includes(hint)) {
    const word = words.get(text);
    if (word) return word;
  }
  if (hint === ".") {
    const value = parseGoFloat(text);
    if (value !== undefined) return { tag: "!!float", value };
  }
  if (hint !== undefined && (hint === "+" || hint === "-" || (hint >= "0" && hint <= "9"))) {
    if (isTimestamp(text)) return { tag: "!!timestamp", value: text };
    const plain = text.replace(/_/g, "");
    const int = parseGoInt(plain);
    if (int !== undefined) return { tag: "!!int", value: int, uint: false };
    const uint = parseGoUint(plain);
    if (uint !== undefined) return { tag: "!!int", value: uint, uint: true };
    if (yamlStyleFloat.test(plain)) {
      const value = parseGoFloat(plain);
      if (value !== undefined) return { tag: "!!float", value };
    }
  }
  return { tag: "!!str", value: text };
}

/** resolve(tag, text): the scalar's YAML type and value, as go-yaml v2 resolves it. */
export function resolveScalar(tag: string, text: string, plain: boolean): Resolved {
  if (tag === "" && !plain) return { tag: "!!str", value: text };
  if (!resolvableTags.has(tag)) return { tag, value: text };
  if (tag === "!!str") return { tag: "!!str", value: text };
  const resolved = resolvePlain(text);
  if (tag === "" || tag === resolved.tag) return resolved;
  if (tag === "!!float" && resolved.tag === "!!int") return { tag: "!!float", value: Number(resolved.value) };
  throw new ResolveError(`cannot decode ${resolved.tag} \`${text}\` as a ${tag}`);
}

/** A scalar decoded into interface{}: ints as int, floats as float64, timestamps as the text written. */
export function anyScalar(resolved: Resolved, node: YScalar): GoValue {
  switch (resolved.tag) {
    case "!!bool":
    case "!!int":
    case "!!float":
      return resolved.value as GoValue;
    case "!!timestamp":
      return node.value;
    default:
      return resolved.value as string;
  }
}
