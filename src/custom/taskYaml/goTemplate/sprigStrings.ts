// Sprig's string and encoding functions as acb has them (sprig v2, with acb's own b64enc), byte-for-byte
// where Go slices strings by bytes.
import { createHash } from "node:crypto";
import { FunctionError, fn, type GoFunction } from "./functions.js";
import { formatValue, quoteGo } from "./goFmt.js";
import { stringList, type GoValue } from "./goValues.js";

/** Sprig's strval: strings as they are, anything else as fmt's %v. */
export const strval = (value: GoValue): string => (typeof value === "string" ? value : formatValue(value));
const str = (value: GoValue) => value as string;
const int = (value: GoValue) => Number(value as bigint);
const bytes = (text: string) => Buffer.from(text, "utf8");
const sliceBytes = (text: string, start: number, end?: number) => {
  const buffer = bytes(text);
  const stop = end ?? buffer.length;
  if (start < 0 || stop > buffer.length || start > stop)
    throw new FunctionError(`runtime error: slice bounds out of range [${start}:${stop}]`);
  return buffer.subarray(start, stop).toString("utf8");
};
const isGoSpace = (c: string) => /^[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]$/u.test(c);

function title(text: string): string {
  let previous = " ";
  let out = "";
  for (const c of text) {
    const separator = /^[\p{L}\p{Nd}_]$/u.test(previous) ? false : previous.charCodeAt(0) < 0x80 || isGoSpace(previous);
    out += separator ? c.toUpperCase() : c;
    previous = c;
  }
  return out;
}

function base64Decode(text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    const bad = text.search(/[^A-Za-z0-9+/=]/);
    const at = bad === -1 ? text.length - (text.length % 4 || 4) : bad;
    return `illegal base64 data at input byte ${Math.max(0, at)}`;
  }
  return Buffer.from(text, "base64").toString("utf8");
}

const digest = (algorithm: string) => (args: GoValue[]) =>
  createHash(algorithm)
    .update(bytes(str(args[0])))
    .digest("hex");

function regex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, "(?<"), "u");
  } catch {
    return undefined;
  }
}

export const sprigStrings: [string, GoFunction][] = [
  ["upper", fn(["string"], ([s]) => str(s).toUpperCase())],
  ["lower", fn(["string"], ([s]) => str(s).toLowerCase())],
  ["title", fn(["string"], ([s]) => title(str(s)))],
  [
    "untitle",
    fn(["string"], ([s]) =>
      str(s).replace(/(^|[^\p{L}\p{Nd}_])(\p{L})/gu, (_m, a: string, b: string) => a + b.toLowerCase()),
    ),
  ],
  ["trim", fn(["string"], ([s]) => str(s).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, ""))],
  ["trimAll", fn(["string", "string"], ([cut, s]) => trimSet(str(s), str(cut)))],
  ["trimall", fn(["string", "string"], ([cut, s]) => trimSet(str(s), str(cut)))],
  [
    "trimPrefix",
    fn(["string", "string"], ([prefix, s]) =>
      str(s).startsWith(str(prefix)) ? str(s).slice(str(prefix).length) : str(s),
    ),
  ],
  [
    "trimSuffix",
    fn(["string", "string"], ([suffix, s]) =>
      str(suffix) && str(s).endsWith(str(suffix)) ? str(s).slice(0, -str(suffix).length) : str(s),
    ),
  ],
  ["nospace", fn(["string"], ([s]) => [...str(s)].filter((c) => !isGoSpace(c)).join(""))],
  [
    "repeat",
    fn(["int", "string"], ([count, s]) => {
      if (int(count) < 0) throw new FunctionError("strings: negative Repeat count");
      return str(s).repeat(int(count));
    }),
  ],
  [
    "substr",
    fn(["int", "int", "string"], ([start, end, s]) => {
      const length = bytes(str(s)).length;
      if (int(start) < 0) return sliceBytes(str(s), 0, int(end));
      if (int(end) < 0 || int(end) > length) return sliceBytes(str(s), int(start));
      return sliceBytes(str(s), int(start), int(end));
    }),
  ],
  [
    "trunc",
    fn(["int", "string"], ([count, s]) => {
      const length = bytes(str(s)).length;
      if (int(count) < 0 && length + int(count) > 0) return sliceBytes(str(s), length + int(count));
      if (int(count) >= 0 && length > int(count)) return sliceBytes(str(s), 0, int(count));
      return str(s);
    }),
  ],
  ["contains", fn(["string", "string"], ([needle, s]) => str(s).includes(str(needle)))],
  ["hasPrefix", fn(["string", "string"], ([prefix, s]) => str(s).startsWith(str(prefix)))],
  ["hasSuffix", fn(["string", "string"], ([suffix, s]) => str(s).endsWith(str(suffix)))],
  [
    "quote",
    fn(
      [],
      (args) =>
        args
          .filter((a) => a !== null)
          .map((a) => quoteGo(strval(a)))
          .join(" "),
      "any",
    ),
  ],
  [
    "squote",
    fn(
      [],
      (args) =>
        args
          .filter((a) => a !== null)
          .map((a) => `'${strval(a)}'`)
          .join(" "),
      "any",
    ),
  ],
  [
    "cat",
    fn(
      [],
      (args) =>
        args
          .filter((a) => a !== null)
          .map(formatValue)
          .join(" "),
      "any",
    ),
  ],
  ["indent", fn(["int", "string"], ([spaces, s]) => indent(int(spaces), str(s)))],
  ["nindent", fn(["int", "string"], ([spaces, s]) => `\n${indent(int(spaces), str(s))}`)],
  ["replace", fn(["string", "string", "string"], ([from, to, s]) => replaceAll(str(s), str(from), str(to)))],
  ["plural", fn(["string", "string", "int"], ([one, many, count]) => (int(count) === 1 ? str(one) : str(many)))],
  ["toString", fn(["any"], ([value]) => strval(value))],
  // acb replaces sprig's b64enc: nil gives "", anything else is encoded from reflect's String() of it.
  ["b64enc", fn(["any"], ([value]) => (value === null ? "" : Buffer.from(reflectString(value)).toString("base64")))],
  ["b64dec", fn(["string"], ([s]) => base64Decode(str(s)))],
  ["sha256sum", fn(["string"], digest("sha256"))],
  ["sha1sum", fn(["string"], digest("sha1"))],
  ["splitList", fn(["string", "string"], ([sep, s]) => stringList(split(str(s), str(sep))))],
  ["regexMatch", fn(["string", "string"], ([pattern, s]) => regex(str(pattern))?.test(str(s)) ?? false)],
  ["regexFind", fn(["string", "string"], ([pattern, s]) => regex(str(pattern))?.exec(str(s))?.[0] ?? "")],
  [
    "regexReplaceAll",
    fn(["string", "string", "string"], ([pattern, s, repl]) => {
      const compiled = regex(str(pattern));
      return compiled
        ? str(s).replace(new RegExp(compiled.source, "gu"), str(repl).replace(/\$\{(\w+)\}/g, "$$<$1>"))
        : str(s);
    }),
  ],
  [
    "regexReplaceAllLiteral",
    fn(["string", "string", "string"], ([pattern, s, repl]) => {
      const compiled = regex(str(pattern));
      return compiled ? str(s).replace(new RegExp(compiled.source, "gu"), () => str(repl)) : str(s);
    }),
  ],
  ["regexQuoteMeta", fn(["string"], ([s]) => str(s).replace(/[\\.+*?()|[\]{}^$]/g, "\\$&"))],
  ["base", fn(["string"], ([s]) => pathBase(str(s)))],
  ["ext", fn(["string"], ([s]) => /\.[^./]*$/.exec(str(s))?.[0] ?? "")],
  ["isAbs", fn(["string"], ([s]) => str(s).startsWith("/"))],
];

/** reflect.Value.String(): a string's text, "<T Value>" for other kinds. */
function reflectString(value: GoValue): string {
  if (typeof value === "string") return value;
  const kind =
    typeof value === "bigint"
      ? "int"
      : typeof value === "number"
        ? "float64"
        : typeof value === "boolean"
          ? "bool"
          : Array.isArray(value)
            ? "[]interface {}"
            : "map[string]interface {}";
  return `<${kind} Value>`;
}

function trimSet(text: string, cutset: string): string {
  const chars = new Set(cutset);
  const list = [...text];
  let start = 0;
  let end = list.length;
  while (start < end && chars.has(list[start]!)) start++;
  while (end > start && chars.has(list[end - 1]!)) end--;
  return list.slice(start, end).join("");
}

function indent(spaces: number, text: string): string {
  const pad = " ".repeat(Math.max(0, spaces));
  return pad + text.split("\n").join(`\n${pad}`);
}

/** strings.Replace(s, old, new, -1), including Go's rule for an empty old string. */
function replaceAll(text: string, from: string, to: string): string {
  if (from === "") return [...text].map((c) => to + c).join("") + to;
  return text.split(from).join(to);
}

/** strings.Split, including Go's rule for an empty separator. */
function split(text: string, sep: string): string[] {
  return sep === "" ? [...text] : text.split(sep);
}

function pathBase(path: string): string {
  if (path === "") return ".";
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
