// Go's text/template lexer: text, {{ }} actions with their trim markers and comments, and the tokens inside an
// action. It stops at the first error, as Go's does, so the parser meets tokens in the order Go meets them.
import { lineLocator } from "../lineMap.js";

export type TokenType =
  | "text"
  | "leftDelim"
  | "rightDelim"
  | "space"
  | "field"
  | "identifier"
  | "keyword"
  | "bool"
  | "number"
  | "string"
  | "rawString"
  | "char"
  | "charConstant"
  | "variable"
  | "dot"
  | "nil"
  | "pipe"
  | "leftParen"
  | "rightParen"
  | "declare"
  | "assign"
  | "comment"
  | "error"
  | "eof";

export interface Token {
  type: TokenType;
  value: string;
  /** Offset in the template text. */
  pos: number;
  /** 1-based line where the token starts. */
  line: number;
}

const keywords = new Set(["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"]);
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlphaNumeric = (c: string | undefined) => c !== undefined && (c === "_" || /^[\p{L}\p{Nd}]$/u.test(c));

export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  const lineAt = lineLocator(input);
  const emit = (type: TokenType, value = input.slice(start, pos)) => {
    tokens.push({ type, value, pos: start, line: lineAt(start) });
    start = pos;
  };
  const fail = (message: string) => {
    tokens.push({ type: "error", value: message, pos: start, line: lineAt(start) });
    return tokens;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (isSpace(input[pos]) && input[pos + 1] === "-" && input.startsWith("}}", pos + 2))
      return { delim: true, trim: true };
    return { delim: input.startsWith("}}", pos), trim: false };
  };
  const atTerminator = () => {
    const c = input[pos];
    return c === undefined || isSpace(c) || ".,|:)(".includes(c) || atRightDelim().delim;
  };
  const leftTrimLength = (from: number) => {
    let n = 0;
    while (isSpace(input[from + n])) n++;
    return n;
  };

  for (;;) {
    // Text up to the next action.
    const open = input.indexOf("{{", pos);
    if (open === -1) {
      pos = input.length;
      if (pos > start) emit("text");
      emit("eof", "");
      return tokens;
    }
    const trimLeft = input[open + 2] === "-" && isSpace(input[open + 3]);
    let textEnd = open;
    if (trimLeft) while (textEnd > start && isSpace(input[textEnd - 1])) textEnd--;
    if (textEnd > start) {
      pos = textEnd;
      emit("text");
    }
    pos = open + 2;
    start = open;
    const afterMarker = trimLeft ? 2 : 0;
    if (input.startsWith("/*", pos + afterMarker)) {
      pos += afterMarker + 2;
      const close = input.indexOf("*/", pos);
      if (close === -1) return fail("unclosed comment");
      pos = close + 2;
      const { delim, trim } = atRightDelim();
      if (!delim) return fail("comment ends before closing delimiter");
      pos += (trim ? 2 : 0) + 2;
      if (trim) pos += leftTrimLength(pos);
      start = pos;
      continue;
    }
    emit("leftDelim", "{{");
    pos += afterMarker;
    start = pos;
    parenDepth = 0;
    const failure = lexInsideAction();
    if (failure) return failure;
  }

  function lexInsideAction(): Token[] | undefined {
    for (;;) {
      const { delim, trim } = atRightDelim();
      if (delim) {
        if (parenDepth !== 0) return fail("unclosed left paren");
        if (trim) pos += 2;
        start = pos;
        pos += 2;
        emit("rightDelim");
        if (trim) pos += leftTrimLength(pos);
        start = pos;
        return undefined;
      }
      const c = input[pos];
      if (c === undefined) return fail("unclosed action");
      pos++;
      if (isSpace(c)) {
        pos--;
        let spaces = 0;
        while (isSpace(input[pos])) {
          pos++;
          spaces++;
        }
        if (input[pos - 1 + 1] === "-" && input.startsWith("}}", pos + 1)) {
          pos--;
          if (spaces === 1) continue;
        }
        emit("space");
      } else if (c === "=") emit("assign");
      else if (c === ":") {
        if (input[pos++] !== "=") return fail("expected :=");
        emit("declare");
      } else if (c === "|") emit("pipe");
      else if (c === '"' || c === "'") {
        const unterminated = c === '"' ? "unterminated quoted string" : "unterminated character constant";
        for (;;) {
          const next = input[pos++];
          if (next === "\\") {
            const escaped = input[pos++];
            if (escaped === undefined || escaped === "\n") return fail(unterminated);
            continue;
          }
          if (next === undefined || next === "\n") return fail(unterminated);
          if (next === c) break;
        }
        emit(c === '"' ? "string" : "charConstant");
      } else if (c === "`") {
        const close = input.indexOf("`", pos);
        if (close === -1) return fail("unterminated raw quoted string");
        pos = close + 1;
        emit("rawString");
      } else if (c === "$") {
        if (!atTerminator()) {
          while (isAlphaNumeric(input[pos])) pos++;
          if (!atTerminator()) return fail(`bad character ${unicodeName(input[pos]!)}`);
        }
        emit("variable");
      } else if (c === "." && !(input[pos]! >= "0" && input[pos]! <= "9")) {
        if (atTerminator()) emit("dot");
        else {
          while (isAlphaNumeric(input[pos])) pos++;
          if (!atTerminator()) return fail(`bad character ${unicodeName(input[pos]!)}`);
          emit("field");
        }
      } else if (c === "." || c === "+" || c === "-" || (c >= "0" && c <= "9")) {
        pos--;
        if (!scanNumber()) return fail(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
        emit("number");
      } else if (isAlphaNumeric(c)) {
        while (isAlphaNumeric(input[pos])) pos++;
        const word = input.slice(start, pos);
        if (!atTerminator()) return fail(`bad character ${unicodeName(input[pos]!)}`);
        if (keywords.has(word)) emit("keyword");
        else if (word === "nil") emit("nil");
        else if (word === "true" || word === "false") emit("bool");
        else emit("identifier");
      } else if (c === "(") {
        parenDepth++;
        emit("leftParen");
      } else if (c === ")") {
        parenDepth--;
        if (parenDepth < 0) return fail("unexpected right paren");
        emit("rightParen");
      } else if (c.charCodeAt(0) < 0x7f && c.charCodeAt(0) >= 0x20) emit("char");
      else return fail(`unrecognized character in action: ${unicodeName(c)}`);
    }
  }

  function scanNumber(): boolean {
    const accept = (chars: string) => (input[pos] !== undefined && chars.includes(input[pos]!) ? (pos++, true) : false);
    const acceptRun = (chars: string) => {
      while (accept(chars));
    };
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(input[pos])) {
      pos++;
      return false;
    }
    return true;
  }
}

/** Go's %#U: U+0041 'A'. */
export function unicodeName(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")} '${char}'`;
}
