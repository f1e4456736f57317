// The pattern automaton against a plain backtracking reading of the same rules (random patterns and
// paths), and the walk's question "could it match below this folder?" never answering no wrongly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePattern, PatternSyntaxError } from "../../../src/custom/lifecycle/ignorePattern.js";

/**
 * The rules read directly: `*` and `?` stop at `/`, `[ab]` is a or b, `\x` is x, `**` before more
 * pattern is nothing or anything ending in `/` (a `/` after it belongs to it), `**` at the end anything,
 * and a leading `**` followed only by plain characters: any path ending in them.
 */
function oracle(pattern: string, path: string): boolean {
  const chars = Array.from(pattern);
  const text = Array.from(path);
  if (chars[0] === "*" && chars[1] === "*" && chars.length > 2 && chars[2] !== "/") {
    const rest = chars.slice(2);
    if (!rest.some((c) => "*?[\\".includes(c))) return path.endsWith(rest.join(""));
  }
  const at = (p: number, t: number): boolean => {
    if (p === chars.length) return t === text.length;
    const c = chars[p]!;
    if (c === "*" && chars[p + 1] === "*") {
      let next = p + 2;
      if (chars[next] === "/") next++;
      if (next === chars.length) return true;
      if (at(next, t)) return true;
      for (let end = t; end < text.length; end++) if (text[end] === "/" && at(next, end + 1)) return true;
      return false;
    }
    if (c === "*") {
      for (let end = t; end <= text.length; end++) {
        if (at(p + 1, end)) return true;
        if (text[end] === "/") return false;
      }
      return false;
    }
    if (t === text.length) return false;
    if (c === "?") return text[t] !== "/" && at(p + 1, t + 1);
    if (c === "[") {
      const close = chars.indexOf("]", p + 1);
      return chars.slice(p + 1, close).includes(text[t]!) && at(close + 1, t + 1);
    }
    if (c === "\\") return text[t] === chars[p + 1] && at(p + 2, t + 1);
    return text[t] === c && at(p + 1, t + 1);
  };
  return at(0, 0);
}

const patternPart = fc.constantFrom("a", "b", "/", "*", "?", "**", "**/", "[ab]", "\\*", "😀");
const pathPart = fc.constantFrom("a", "b", "/", "*", "😀");
const patterns = fc
  .array(patternPart, { minLength: 1, maxLength: 7 })
  .map((parts) => parts.join(""))
  .filter((pattern) => !pattern.startsWith("/") && !pattern.endsWith("/") && !pattern.includes("//"));
const paths = fc
  .array(pathPart, { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""))
  .filter((path) => !path.startsWith("/") && !path.endsWith("/") && !path.includes("//"));

describe("compilePattern", () => {
  it("matches as the rules read directly do, on random patterns and paths", () => {
    fc.assert(
      fc.property(patterns, paths, (pattern, path) => {
        expect(compilePattern(pattern).matches(path), `${pattern} on ${path}`).toBe(oracle(pattern, path));
      }),
      { numRuns: 5000 },
    );
  });

  it("never says a pattern cannot match below a folder that holds a path it matches", () => {
    fc.assert(
      fc.property(patterns, paths, (pattern, path) => {
        const compiled = compilePattern(pattern);
        if (!compiled.matches(path)) return;
        const parts = path.split("/");
        for (let depth = 1; depth < parts.length; depth++) {
          const dir = parts.slice(0, depth).join("/");
          expect(compiled.mayMatchBelow(dir), `${pattern} below ${dir} (${path})`).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["node_modules", "node_modules", false],
    ["node_modules/lodash/keep.md", "node_modules", true],
    ["node_modules/lodash/keep.md", "node_modules/react", false],
    ["keep.md", "node_modules", false],
    ["*.md", "docs", false],
    ["*/keep.md", "docs", true],
    ["*/keep.md", "docs/api", false],
    ["**/keep.md", "a/b/c", true],
    ["**keep.md", "a", true],
    ["src/**", "src", true],
    ["src/**", "lib", false],
    ["[ab]/x", "a", true],
    ["[ab]/x", "c", false],
  ])("%s may match below %s: %s", (pattern, dir, expected) => {
    expect(compilePattern(pattern).mayMatchBelow(dir)).toBe(expected);
  });

  it("names what is wrong with a pattern Docker refuses", () => {
    const problem = (pattern: string) => {
      try {
        compilePattern(pattern);
      } catch (error) {
        expect(error).toBeInstanceOf(PatternSyntaxError);
        return (error as PatternSyntaxError).problem;
      }
      throw new Error(`${pattern} was accepted`);
    };
    expect(problem("a[")).toMatch(/never closed/);
    expect(problem("[]a]")).toMatch(/unescaped \]/);
    expect(problem("[x-]")).toMatch(/unescaped \]/);
    expect(problem("[-]")).toMatch(/unescaped -/);
    expect(problem("a\\")).toMatch(/lone \\/);
    expect(problem("[z-a]")).toMatch(/z-a runs backwards/);
  });
});
