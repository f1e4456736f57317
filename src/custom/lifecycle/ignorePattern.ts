// One .dockerignore pattern, with the meaning Docker gives it (moby/patternmatcher, as documented by
// Docker and pinned by moby's test table): the glob syntax of Go's filepath.Match (`*` and `?` stop at
// `/`, `[...]` a class of code points negated by `^`, `\` taking the next character literally) plus `**`.
// `**` followed by `/` or by more of the pattern matches no folders or any number of them; at the end of
// the pattern it matches anything. A pattern that is `**` and then only plain characters matches every
// path that ends with those characters (`**file` matches `myfile`), as Docker's matcher does. Every other
// character is itself: `c++`, `a(b)c`, `a|b` and `$` are names, never regular-expression syntax.
// Paths and patterns are compared code point by code point (`?` matches `😀`), case-sensitively.
//
// Matching runs the pattern as a small automaton over the path's code points, which also answers whether
// the pattern could match something below a folder: the walk needs that to skip excluded folders.

/** A pattern Docker refuses ("syntax error in pattern"). `problem` says what is wrong with it. */
export class PatternSyntaxError extends Error {
  override readonly name = "PatternSyntaxError";
  constructor(readonly problem: string) {
    super(`syntax error in pattern: ${problem}`);
  }
}

type Token =
  | { readonly kind: "char"; readonly codePoint: number }
  /** `*`: any run of code points but `/`. */
  | { readonly kind: "star" }
  /** `?`: one code point but `/`. */
  | { readonly kind: "one" }
  /** `[...]`: one code point (`/` included) inside the ranges, or outside them when negated. */
  | { readonly kind: "class"; readonly negated: boolean; readonly ranges: readonly number[] }
  /** `**` before more pattern: nothing, or anything that ends with a `/`. */
  | { readonly kind: "dirs" }
  /** `**` at the end (or before plain text at the start): anything at all. */
  | { readonly kind: "any" };

const SLASH = 0x2f;
const SPECIALS = new Set(["*", "?", "[", "\\"]);

export interface IgnorePattern {
  /** The pattern as cleaned, without its `!`. */
  readonly text: string;
  /** Whether it matches `path` (relative to the context root, `/`-separated, no trailing slash). */
  matches(path: string): boolean;
  /** Whether it could match some path strictly below the folder `dir`. */
  mayMatchBelow(dir: string): boolean;
}

/** Compiles a cleaned pattern (see dockerignore.ts for the cleaning). Throws a PatternSyntaxError. */
export function compilePattern(text: string): IgnorePattern {
  const tokens = tokenize(text);
  // Most patterns are plain names (`node_modules`): those compare as strings. The others start or end
  // with plain text (`node_modules/*`, `*.md`) that a path must start or end with: checked first, so
  // the automaton runs only for the few paths that could match.
  const head = literalText(tokens.slice(0, leadingChars(tokens)));
  if (tokens.every(isChar)) {
    return { text, matches: (path) => path === head, mayMatchBelow: (dir) => head.startsWith(`${dir}/`) };
  }
  const tail = literalText(tokens.slice(tokens.length - leadingChars([...tokens].reverse())));
  const automaton = new Automaton(tokens);
  return {
    text,
    matches: (path) => path.startsWith(head) && path.endsWith(tail) && automaton.matches(path),
    mayMatchBelow: (dir) => {
      const below = `${dir}/`;
      const compatible = below.length < head.length ? head.startsWith(below) : below.startsWith(head);
      return compatible && automaton.survives(below);
    },
  };
}

function leadingChars(tokens: readonly Token[]): number {
  const index = tokens.findIndex((token) => token.kind !== "char");
  return index < 0 ? tokens.length : index;
}

function literalText(tokens: readonly Token[]): string {
  return String.fromCodePoint(...tokens.filter(isChar).map((token) => token.codePoint));
}

function tokenize(text: string): Token[] {
  const chars = Array.from(text);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const char = chars[i++]!;
    if (char === "*" && chars[i] === "*") {
      i++;
      const rest = chars.slice(i);
      if (tokens.length === 0 && rest.length > 0 && rest[0] !== "/" && !rest.some((c) => SPECIALS.has(c))) {
        tokens.push({ kind: "any" }); // Docker's reading of `**` then plain text: a suffix
      } else {
        if (chars[i] === "/") i++; // `**/` is one token: the slash belongs to it
        tokens.push(i === chars.length ? { kind: "any" } : { kind: "dirs" });
      }
    } else if (char === "*") {
      tokens.push({ kind: "star" });
    } else if (char === "?") {
      tokens.push({ kind: "one" });
    } else if (char === "[") {
      i = readClass(chars, i, tokens);
    } else if (char === "\\") {
      if (i === chars.length) throw new PatternSyntaxError("it ends with a lone \\ (escape a backslash as \\\\)");
      tokens.push(charToken(chars[i++]!));
    } else {
      tokens.push(charToken(char));
    }
  }
  return tokens;
}

/** Reads a class whose `[` is at `start - 1`; returns the index after its `]`. */
function readClass(chars: readonly string[], start: number, tokens: Token[]): number {
  let i = start;
  const negated = chars[i] === "^";
  if (negated) i++;
  const ranges: number[] = [];
  const member = (): number => {
    const char = chars[i];
    if (char === undefined) throw new PatternSyntaxError("a [ opens a character class that is never closed");
    if (char === "-" || char === "]") {
      throw new PatternSyntaxError(
        `a character class cannot hold an unescaped ${char} there (write \\${char} for the character itself)`,
      );
    }
    i++;
    if (char !== "\\") return char.codePointAt(0)!;
    const escaped = chars[i++];
    if (escaped === undefined) throw new PatternSyntaxError("a [ opens a character class that is never closed");
    return escaped.codePointAt(0)!;
  };
  while (!(chars[i] === "]" && ranges.length > 0)) {
    const low = member();
    let high = low;
    if (chars[i] === "-") {
      i++;
      high = member();
      if (low > high) {
        throw new PatternSyntaxError(
          `the range ${String.fromCodePoint(low)}-${String.fromCodePoint(high)} runs backwards`,
        );
      }
    }
    if (i === chars.length) throw new PatternSyntaxError("a [ opens a character class that is never closed");
    ranges.push(low, high);
  }
  tokens.push({ kind: "class", negated, ranges });
  return i + 1;
}

type CharToken = Extract<Token, { kind: "char" }>;

function isChar(token: Token): token is CharToken {
  return token.kind === "char";
}

function charToken(char: string): Token {
  return { kind: "char", codePoint: char.codePointAt(0)! };
}

function inClass(token: Extract<Token, { kind: "class" }>, codePoint: number): boolean {
  let inside = false;
  for (let r = 0; r < token.ranges.length && !inside; r += 2)
    inside = token.ranges[r]! <= codePoint && codePoint <= token.ranges[r + 1]!;
  return inside !== token.negated;
}

/** Token kinds, numbered for the automaton's tables. */
const CHAR = 0;
const ONE = 1;
const CLASS = 2;
const STAR = 3;
const DIRS = 4;
const ANY = 5;

/**
 * The pattern as a nondeterministic automaton, run without allocating. State k (0..n) waits for token k
 * (n: the whole pattern matched); state n + 1 + k is inside a `**` token k, having read part of its
 * folders. Reading goes forward only, so the states reachable without reading are a short chain.
 */
class Automaton {
  private readonly n: number;
  private readonly kinds: Int8Array;
  private readonly codePoints: Int32Array;
  private readonly classes: (Extract<Token, { kind: "class" }> | undefined)[];
  private readonly seen: Uint32Array;
  private current: Int32Array;
  private next: Int32Array;
  private generation = 0;

  constructor(tokens: readonly Token[]) {
    this.n = tokens.length;
    const kindOf = { char: CHAR, one: ONE, class: CLASS, star: STAR, dirs: DIRS, any: ANY } as const;
    this.kinds = Int8Array.from(tokens, (token) => kindOf[token.kind]);
    this.codePoints = Int32Array.from(tokens, (token) => (token.kind === "char" ? token.codePoint : -1));
    this.classes = tokens.map((token) => (token.kind === "class" ? token : undefined));
    const states = 2 * this.n + 2;
    this.seen = new Uint32Array(states);
    this.current = new Int32Array(states);
    this.next = new Int32Array(states);
  }

  matches(path: string): boolean {
    const count = this.run(path);
    for (let i = 0; i < count; i++) if (this.current[i] === this.n) return true;
    return false;
  }

  /** Whether some states are still alive after `prefix`: then some continuation of it matches. */
  survives(prefix: string): boolean {
    return this.run(prefix) > 0;
  }

  /** Reads `text`; leaves the states it ends in at the start of `current` and returns how many. */
  private run(text: string): number {
    this.generation++;
    let count = this.add(this.current, 0, 0);
    for (let i = 0; i < text.length && count > 0; i++) {
      let codePoint = text.charCodeAt(i);
      if (codePoint >= 0xd800 && codePoint <= 0xdbff && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      count = this.step(count, codePoint);
    }
    return count;
  }

  private step(count: number, codePoint: number): number {
    this.generation++;
    const { n, kinds, current, next } = this;
    let length = 0;
    for (let i = 0; i < count; i++) {
      const state = current[i]!;
      if (state > n) {
        // Inside `**`'s folders: anything goes on, and a `/` may end them.
        length = this.add(next, length, state);
        if (codePoint === SLASH) length = this.add(next, length, state - n);
        continue;
      }
      if (state === n) continue;
      const kind = kinds[state];
      if (kind === CHAR) {
        if (codePoint === this.codePoints[state]) length = this.add(next, length, state + 1);
      } else if (kind === ONE) {
        if (codePoint !== SLASH) length = this.add(next, length, state + 1);
      } else if (kind === CLASS) {
        if (inClass(this.classes[state]!, codePoint)) length = this.add(next, length, state + 1);
      } else if (kind === STAR) {
        if (codePoint !== SLASH) length = this.add(next, length, state);
      } else if (kind === ANY) {
        length = this.add(next, length, state);
      }
      // DIRS reads nothing itself: its state inside does.
    }
    this.next = current;
    this.current = next;
    return length;
  }

  /** Adds `state` to `list` (at `length`), with the states it reaches without reading; returns the new length. */
  private add(list: Int32Array, length: number, state: number): number {
    const { n, kinds, seen, generation } = this;
    for (;;) {
      if (seen[state] === generation) return length;
      seen[state] = generation;
      list[length++] = state;
      if (state >= n) return length;
      const kind = kinds[state];
      if (kind === DIRS) {
        const inside = n + 1 + state;
        if (seen[inside] !== generation) {
          seen[inside] = generation;
          list[length++] = inside;
        }
      } else if (kind !== STAR && kind !== ANY) {
        return length;
      }
      state++;
    }
  }
}
