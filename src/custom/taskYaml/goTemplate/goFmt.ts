// Go's fmt and strconv output for the values templates print: %v of every value kind, float64 in its
// shortest form, strconv.Quote, and the Sprint/Sprintf family text/template and sprig call.
import { AnyMap, StrMap, type GoValue } from "./goValues.js";

/** strconv.FormatFloat(f, 'g' | 'e', -1, 64): the shortest digits that read back to f ('g' as %v prints it). */
export function formatFloat(value: number, verb: "g" | "e" = "g"): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = value === 0 ? 0 : Number(exponentText);
  // The shortest %g switches to an exponent below 1e-4 and from 1e6 (strconv uses precision 6 for it).
  if (verb === "e" || exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : "";
    const expSign = exponent < 0 ? "-" : "+";
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return sign + positional(digits, exponent);
}

function positional(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${"0".repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return digits + "0".repeat(exponent + 1 - digits.length);
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** fmt's %v. */
export function formatValue(value: GoValue): string {
  if (value === undefined || value === null) return "<nil>";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "number") return formatFloat(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(" ")}]`;
  if (value instanceof StrMap || value instanceof AnyMap) {
    const pairs = [...value.entries].sort(([a], [b]) => compareKeys(a, b));
    return `map[${pairs.map(([key, item]) => `${formatValue(key)}:${formatValue(item)}`).join(" ")}]`;
  }
  return "0x0";
}

/** fmt prints map keys in order: numbers by value, strings by bytes, other kinds grouped by kind. */
export function compareKeys(a: GoValue, b: GoValue): number {
  const rank = (v: GoValue) => (v === null ? 0 : typeof v === "boolean" ? 1 : typeof v === "string" ? 3 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "string" && typeof b === "string") return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return Number(a) - Number(b);
}

/** strconv.Quote: Go escapes, printable characters kept as they are. */
export function quoteGo(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (isPrintable(char)) out += char;
    else out += escapeRune(code);
  }
  return `${out}"`;
}

const namedEscapes: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  12: "\\f",
  10: "\\n",
  13: "\\r",
  9: "\\t",
  11: "\\v",
};

function escapeRune(code: number): string {
  if (namedEscapes[code]) return namedEscapes[code]!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code >= 0xd800 && code <= 0xdfff) return "\\ufffd";
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrintable(char: string): boolean {
  return char === " " || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(char);
}

/** fmt.Sprint: a space between operands when neither side is a string. */
export function sprint(args: GoValue[]): string {
  let out = "";
  args.forEach((arg, index) => {
    if (index > 0 && typeof arg !== "string" && typeof args[index - 1] !== "string") out += " ";
    out += formatValue(arg);
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a newline. */
export function sprintln(args: GoValue[]): string {
  return `${args.map(formatValue).join(" ")}\n`;
}

/** fmt.Sprintf for the verbs templates use (%s %v %d %q %t %f %e %g %x %X %o %c %%), flags, width, precision. */
export function sprintf(format: string, args: GoValue[]): string {
  let out = "";
  let next = 0;
  const verbPattern = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;
  let last = 0;
  for (let match = verbPattern.exec(format); match; match = verbPattern.exec(format)) {
    out += format.slice(last, match.index);
    last = verbPattern.lastIndex;
    const [, flags = "", width, precision, verb = "v"] = match;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (next >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[next++];
    const text = formatVerb(verb, arg, precision === undefined ? undefined : Number(precision || 0), flags);
    out += pad(text, width ? Number(width) : 0, flags);
  }
  out += format.slice(last);
  if (next < args.length) {
    const extra = args.slice(next).map((arg) => `${typeLabel(arg)}=${formatValue(arg)}`);
    out += `%!(EXTRA ${extra.join(", ")})`;
  }
  return out;
}

function typeLabel(arg: GoValue): string {
  if (arg === null || arg === undefined) return "<nil>";
  return typeof arg === "string"
    ? "string"
    : typeof arg === "bigint"
      ? "int"
      : typeof arg === "number"
        ? "float64"
        : typeof arg === "boolean"
          ? "bool"
          : "[]interface {}";
}

function formatVerb(verb: string, arg: GoValue, precision: number | undefined, flags: string): string {
  const bad = () => `%!${verb}(${typeLabel(arg)}=${formatValue(arg)})`;
  switch (verb) {
    case "v":
      return formatValue(arg);
    case "s":
      if (typeof arg === "string" || Array.isArray(arg)) {
        const text = formatValue(arg);
        return precision === undefined ? text : [...text].slice(0, precision).join("");
      }
      return bad();
    case "q":
      return typeof arg === "string"
        ? quoteGo(arg)
        : typeof arg === "bigint"
          ? `'${String.fromCodePoint(Number(arg))}'`
          : bad();
    case "d":
      return typeof arg === "bigint" ? (flags.includes("+") && arg >= 0n ? `+${arg}` : String(arg)) : bad();
    case "t":
      return typeof arg === "boolean" ? String(arg) : bad();
    case "c":
      return typeof arg === "bigint" ? String.fromCodePoint(Number(arg)) : bad();
    case "x":
    case "X":
    case "o": {
      const base = verb === "o" ? 8 : 16;
      let text: string;
      if (typeof arg === "bigint") text = arg.toString(base);
      else if (typeof arg === "string") text = Buffer.from(arg, "utf8").toString("hex");
      else return bad();
      return verb === "X" ? text.toUpperCase() : text;
    }
    case "f":
    case "F":
    case "e":
    case "g": {
      if (typeof arg !== "number") return bad();
      if (verb === "g") return formatFloat(arg, "g");
      if (verb === "e")
        return precision === undefined
          ? formatFloat(arg, "e")
          : arg.toExponential(precision).replace(/e([+-])(\d)$/, "e$10$2");
      return Number.isFinite(arg) ? arg.toFixed(precision ?? 6) : formatFloat(arg);
    }
    default:
      return bad();
  }
}

function pad(text: string, width: number, flags: string): string {
  const length = [...text].length;
  if (length >= width) return text;
  const fill = (flags.includes("0") && !flags.includes("-") ? "0" : " ").repeat(width - length);
  return flags.includes("-") ? text + fill : fill + text;
}
