// Go's strconv.ParseInt / ParseUint (base 0: 0x, 0o, 0b and a leading 0 for octal, `_` between digits) and
// ParseFloat, which both go-yaml's typing and text/template's number literals rely on.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function underscoreOK(text: string): boolean {
  let saw = "^";
  let s = text;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  let i = 0;
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "boxBOX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1]!.toLowerCase() === "x";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) saw = "0";
    else if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
    } else {
      if (saw === "_") return false;
      saw = "!";
    }
  }
  return saw !== "_";
}

function unsignedDigits(text: string): bigint | undefined {
  if (text.includes("_") && !underscoreOK(text)) return undefined;
  let s = text;
  let base = 10;
  let prefix = "";
  if (s.length >= 3 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    const marker = s[1]!.toLowerCase();
    base = marker === "x" ? 16 : marker === "b" ? 2 : 8;
    prefix = `0${marker}`;
    s = s.slice(2);
  } else if (s.length > 1 && s[0] === "0") {
    base = 8;
    prefix = "0o";
    s = s.slice(1);
  }
  const digits = s.replace(/_/g, "");
  if (digits === "") return undefined;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base]!;
  if (!valid.test(digits)) return undefined;
  return base === 10 ? BigInt(digits) : BigInt(`${prefix}${digits}`);
}

/** strconv.ParseInt(text, 0, 64), or undefined where Go returns an error. */
export function parseGoInt(text: string): bigint | undefined {
  const negative = text.startsWith("-");
  const body = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  const magnitude = unsignedDigits(body);
  if (magnitude === undefined) return undefined;
  const value = negative ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** strconv.ParseUint(text, 0, 64), or undefined where Go returns an error. */
export function parseGoUint(text: string): bigint | undefined {
  const value = unsignedDigits(text);
  return value === undefined || value > UINT64_MAX ? undefined : value;
}

const decimalFloat = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const hexFloat = /^([+-]?)0[xX]((?:[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?|\.[0-9a-fA-F_]+))[pP]([+-]?\d+)$/;

/** strconv.ParseFloat(text, 64), or undefined where Go returns an error (bad syntax or overflow). */
export function parseGoFloat(text: string): number | undefined {
  const lower = text.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, "");
  if (unsigned === "inf" || unsigned === "infinity") return lower.startsWith("-") ? -Infinity : Infinity;
  if (unsigned === "nan") return NaN;
  if (decimalFloat.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  const hex = hexFloat.exec(text);
  if (hex && underscoreOK(text.replace(/[pP][+-]?\d+$/, "").replace(".", ""))) {
    const [, sign, mantissa = "", exponent = "0"] = hex;
    const [whole = "", fraction = ""] = mantissa.replace(/_/g, "").split(".");
    const value =
      (parseInt(whole || "0", 16) + (fraction ? parseInt(fraction, 16) / 16 ** fraction.length : 0)) *
      2 ** Number(exponent);
    if (!Number.isFinite(value)) return undefined;
    return sign === "-" ? -value : value;
  }
  return undefined;
}

export { INT64_MAX, INT64_MIN };
