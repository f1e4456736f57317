// Sprig's defaults, lists, dicts, numbers and JSON functions (sprig v2 semantics, spf13/cast conversions).
import { INT64_MAX, INT64_MIN, parseGoFloat, parseGoInt } from "../goNumbers.js";
import { FunctionError, fn, fnAny, type GoFunction } from "./functions.js";
import { formatValue } from "./goFmt.js";
import { GoJsonError, marshalGoJson } from "./goJson.js";
import { AnyMap, goTypeName, isTrue, StrMap, stringList, type GoValue } from "./goValues.js";
import { strval } from "./sprigStrings.js";

/** spf13/cast's ToInt64: numbers truncated, strings parsed (base 0), bools 1/0, anything else 0. */
export function toInt64(value: GoValue): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "string") return parseGoInt(value) ?? 0n;
  return 0n;
}

function toFloat64(value: GoValue): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") return parseGoFloat(value) ?? 0;
  return 0;
}

/** Sprig's strslice: a list's non-nil items as strings, a nil as none, anything else as one. */
function strslice(value: GoValue): string[] {
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(strval);
  if (value === null || value === undefined) return [];
  return [strval(value)];
}

function list(value: GoValue, name: string): GoValue[] {
  if (Array.isArray(value)) return value;
  throw new FunctionError(`Cannot find ${name} on type ${value === null ? "invalid" : kindName(value)}`);
}

function kindName(value: GoValue): string {
  if (value === null || value === undefined) return "invalid";
  if (Array.isArray(value)) return "slice";
  if (value instanceof StrMap || value instanceof AnyMap) return "map";
  return goTypeName(value);
}

function dictArg(value: GoValue): StrMap {
  if (value instanceof StrMap) return value;
  throw new FunctionError(`wrong type for value; expected map[string]interface {}; got ${goTypeName(value)}`);
}

/** reflect.DeepEqual for template values: same type, same printed value. */
const same = (a: GoValue, b: GoValue) => goTypeName(a) === goTypeName(b) && formatValue(a) === formatValue(b);

function divide(args: GoValue[], op: "div" | "mod"): bigint {
  const [a, b] = [toInt64(args[0]), toInt64(args[1])];
  if (b === 0n) throw new FunctionError("runtime error: integer divide by zero");
  return op === "div" ? a / b : a % b;
}

export const sprigData: [string, GoFunction][] = [
  [
    "default",
    fnAny(["any"], ([fallback, ...given]) => (given.length === 0 || !isTrue(given[0]) ? fallback : given[0]!), "any"),
  ],
  ["empty", fn(["any"], ([value]) => !isTrue(value))],
  ["coalesce", fnAny([], (args) => args.find((value) => isTrue(value)) ?? null, "any")],
  ["ternary", fnAny(["any", "any", "bool"], ([yes, no, condition]) => (condition ? yes : no))],
  [
    "toJson",
    fn(["any"], ([value]) => {
      try {
        return marshalGoJson(value);
      } catch (error) {
        if (error instanceof GoJsonError) return "";
        throw error;
      }
    }),
  ],
  ["typeOf", fn(["any"], ([value]) => (value === null ? "<nil>" : goTypeName(value)))],
  ["kindOf", fn(["any"], ([value]) => kindName(value))],
  ["typeIs", fn(["string", "any"], ([target, value]) => target === (value === null ? "<nil>" : goTypeName(value)))],
  ["kindIs", fn(["string", "any"], ([target, value]) => target === kindName(value))],
  ["list", fn([], (args) => [...args], "any")],
  ["tuple", fn([], (args) => [...args], "any")],
  ["join", fn(["string", "any"], ([sep, value]) => strslice(value).join(sep as string))],
  ["toStrings", fn(["any"], ([value]) => stringList(strslice(value)))],
  ["first", fnAny(["any"], ([value]) => list(value, "first")[0] ?? null)],
  ["last", fnAny(["any"], ([value]) => list(value, "last").at(-1) ?? null)],
  ["rest", fn(["any"], ([value]) => list(value, "rest").slice(1))],
  ["initial", fn(["any"], ([value]) => list(value, "initial").slice(0, -1))],
  ["reverse", fn(["any"], ([value]) => [...list(value, "reverse")].reverse())],
  ["compact", fn(["any"], ([value]) => list(value, "compact").filter((item) => isTrue(item)))],
  [
    "uniq",
    fn(["any"], ([value]) =>
      list(value, "uniq").filter((item, i, all) => all.findIndex((other) => same(other, item)) === i),
    ),
  ],
  [
    "has",
    fn(["any", "any"], ([needle, haystack]) =>
      Array.isArray(haystack) ? haystack.some((item) => same(item, needle)) : false,
    ),
  ],
  [
    "without",
    fn(["any"], ([value, ...omit]) => list(value, "without").filter((item) => !omit.some((o) => same(o, item))), "any"),
  ],
  ["append", fn(["any", "any"], ([value, item]) => [...list(value, "append"), item])],
  ["push", fn(["any", "any"], ([value, item]) => [...list(value, "push"), item])],
  ["prepend", fn(["any", "any"], ([value, item]) => [item, ...list(value, "prepend")])],
  ["concat", fn([], (args) => args.flatMap((value) => list(value, "concat")), "any")],
  ["until", fn(["int"], ([count]) => Array.from({ length: Math.max(0, Number(count)) }, (_v, i) => BigInt(i)))],
  [
    "dict",
    fn(
      [],
      (args) => {
        const dict = new StrMap();
        for (let i = 0; i < args.length; i += 2)
          dict.entries.set(strval(args[i]), i + 1 < args.length ? args[i + 1] : "");
        return dict;
      },
      "any",
    ),
  ],
  [
    "get",
    fnAny(["any", "string"], ([dict, key]) =>
      dictArg(dict).entries.has(key as string) ? dictArg(dict).entries.get(key as string)! : "",
    ),
  ],
  ["hasKey", fn(["any", "string"], ([dict, key]) => dictArg(dict).entries.has(key as string))],
  [
    "set",
    fn(["any", "string", "any"], ([dict, key, value]) => (dictArg(dict).entries.set(key as string, value), dict)),
  ],
  ["unset", fn(["any", "string"], ([dict, key]) => (dictArg(dict).entries.delete(key as string), dict))],
  ["keys", fn([], (args) => stringList(args.flatMap((dict) => [...dictArg(dict).entries.keys()])), "any")],
  [
    "pick",
    fn(["any"], ([dict, ...keys]) => new StrMap([...dictArg(dict).entries].filter(([k]) => keys.includes(k))), "any"),
  ],
  [
    "omit",
    fn(["any"], ([dict, ...keys]) => new StrMap([...dictArg(dict).entries].filter(([k]) => !keys.includes(k))), "any"),
  ],
  ["add1", fn(["any"], ([value]) => toInt64(value) + 1n)],
  ["add", fn([], (args) => args.reduce<bigint>((sum, value) => sum + toInt64(value), 0n), "any")],
  ["sub", fn(["any", "any"], ([a, b]) => toInt64(a) - toInt64(b))],
  [
    "mul",
    fn(
      ["any"],
      ([first, ...rest]) => rest.reduce<bigint>((product, value) => product * toInt64(value), toInt64(first)),
      "any",
    ),
  ],
  ["div", fn(["any", "any"], (args) => divide(args, "div"))],
  ["mod", fn(["any", "any"], (args) => divide(args, "mod"))],
  [
    "max",
    fn(
      ["any"],
      ([first, ...rest]) => rest.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(first)),
      "any",
    ),
  ],
  [
    "min",
    fn(
      ["any"],
      ([first, ...rest]) => rest.reduce<bigint>((m, v) => (toInt64(v) < m ? toInt64(v) : m), toInt64(first)),
      "any",
    ),
  ],
  ["int", fn(["any"], ([value]) => toInt64(value))],
  ["int64", fn(["any"], ([value]) => toInt64(value))],
  ["float64", fn(["any"], ([value]) => toFloat64(value))],
  [
    "atoi",
    fn(["string"], ([text]) => {
      const value = /^[+-]?\d+$/.test(text as string) ? BigInt(text as string) : 0n;
      return value >= INT64_MIN && value <= INT64_MAX ? value : 0n;
    }),
  ],
  [
    "fail",
    fn(["string"], ([message]) => {
      throw new FunctionError(message as string);
    }),
  ],
];
