// text/template's predefined functions: and, or, not, len, index, slice, print(f/ln), html, js, urlquery and
// the comparisons, with the errors Go returns for them.
import { FunctionError, fn, fnAny, unsupported, type GoFunction } from "./functions.js";
import { sprint, sprintf, sprintln } from "./goFmt.js";
import { AnyMap, goTypeName, isTrue, StrMap, utf8Length, type GoValue } from "./goValues.js";

type Kind = "bool" | "int" | "float" | "string" | "invalid" | "other";
const kindOf = (value: GoValue): Kind =>
  value === undefined || value === null
    ? "invalid"
    : typeof value === "boolean"
      ? "bool"
      : typeof value === "bigint"
        ? "int"
        : typeof value === "number"
          ? "float"
          : typeof value === "string"
            ? "string"
            : "other";

function eq(args: GoValue[]): GoValue {
  const [first, ...rest] = args;
  if (rest.length === 0) throw new FunctionError("missing argument for comparison");
  const k1 = kindOf(first);
  for (const other of rest) {
    const k2 = kindOf(other);
    if (k1 !== k2) {
      if (k1 !== "invalid" && k2 !== "invalid") throw new FunctionError("incompatible types for comparison");
      continue;
    }
    if (k1 === "other") {
      if (Array.isArray(first) || first instanceof StrMap || first instanceof AnyMap)
        throw new FunctionError(`non-comparable type ${goTypeName(first)}`);
    }
    if (k1 === "invalid" || first === other) return true;
  }
  return false;
}

function lessThan(args: GoValue[]): boolean {
  const [a, b] = args;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "invalid" || ka === "other" || kb === "invalid" || kb === "other" || ka === "bool" || kb === "bool")
    throw new FunctionError("invalid type for comparison");
  if (ka !== kb) throw new FunctionError("incompatible types for comparison");
  return (a as number) < (b as number);
}

function length(args: GoValue[]): GoValue {
  const [item] = args;
  if (item === undefined || item === null) throw new FunctionError("len of untyped nil");
  if (typeof item === "string") return BigInt(utf8Length(item));
  if (Array.isArray(item)) return BigInt(item.length);
  if (item instanceof StrMap || item instanceof AnyMap) return BigInt(item.entries.size);
  throw new FunctionError(`len of type ${goTypeName(item)}`);
}

function index(args: GoValue[]): GoValue {
  let [item, ...keys] = args;
  if (item === undefined || item === null) throw new FunctionError("index of untyped nil");
  for (const key of keys) {
    if (Array.isArray(item) || typeof item === "string") {
      if (typeof key !== "bigint") throw new FunctionError(`cannot index slice/array with type ${goTypeName(key)}`);
      const size = typeof item === "string" ? Buffer.byteLength(item) : item.length;
      if (key < 0n || key >= BigInt(size)) throw new FunctionError(`index out of range: ${key}`);
      item = typeof item === "string" ? BigInt(Buffer.from(item)[Number(key)]!) : item[Number(key)];
    } else if (item instanceof StrMap) {
      if (typeof key !== "string") throw new FunctionError(`value has type ${goTypeName(key)}; should be string`);
      item = item.entries.has(key) ? item.entries.get(key) : null;
    } else if (item instanceof AnyMap) {
      item = item.entries.has(key) ? item.entries.get(key) : null;
    } else throw new FunctionError(`can't index item of type ${goTypeName(item)}`);
  }
  return item;
}

const htmlEscape = (text: string) =>
  text.replace(
    /[<>&'"\0]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&#34;", "\0": "\uFFFD" })[c]!,
  );
const jsEscape = (text: string) =>
  text.replace(/[\\'"<>&=\n\r\t\u2028\u2029]|[\0-\x1f]/g, (c) => {
    const named: Record<string, string> = {
      "\\": "\\\\",
      "'": "\\'",
      '"': '\\"',
      "\n": "\\n",
      "\r": "\\r",
      "\t": "\\t",
    };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  });
const evalArgs = (args: GoValue[]) => (args.length === 1 && typeof args[0] === "string" ? args[0] : sprint(args));

export const builtins: ReadonlyMap<string, GoFunction> = new Map<string, GoFunction>([
  ["and", fnAny(["any"], (args) => args.at(-1), "any")],
  ["or", fnAny(["any"], (args) => args.at(-1), "any")],
  ["not", fn(["any"], ([value]) => !isTrue(value))],
  ["len", fn(["any"], length)],
  ["index", fnAny(["any"], index, "any")],
  [
    "slice",
    fnAny(
      ["any"],
      ([item, ...bounds]) => {
        const numbers = bounds.map((b) => (typeof b === "bigint" ? Number(b) : NaN));
        if (typeof item === "string" || Array.isArray(item)) return item.slice(numbers[0] ?? 0, numbers[1]) as GoValue;
        throw new FunctionError(`can't slice item of type ${goTypeName(item)}`);
      },
      "any",
    ),
  ],
  ["print", fn([], (args) => sprint(args), "any")],
  ["printf", fn(["string"], ([format, ...args]) => sprintf(format as string, args), "any")],
  ["println", fn([], (args) => sprintln(args), "any")],
  ["html", fn([], (args) => htmlEscape(evalArgs(args)), "any")],
  ["js", fn([], (args) => jsEscape(evalArgs(args)), "any")],
  [
    "urlquery",
    fn(
      [],
      (args) =>
        encodeURIComponent(evalArgs(args))
          .replace(/%20/g, "+")
          .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
      "any",
    ),
  ],
  ["eq", fn(["any"], eq, "any")],
  ["ne", fn(["any", "any"], ([a, b]) => !eq([a, b]))],
  ["lt", fn(["any", "any"], lessThan)],
  ["le", fn(["any", "any"], ([a, b]) => lessThan([a, b]) || eq([a, b]) === true)],
  ["gt", fn(["any", "any"], ([a, b]) => !lessThan([a, b]) && eq([a, b]) === false)],
  ["ge", fn(["any", "any"], ([a, b]) => !lessThan([a, b]))],
  ["call", unsupported("call")],
]);
