// acb rewrites the task text before it parses it (comment lines dropped, the alias section cut out, aliases
// replaced, templates rendered). A LineMap follows each rewrite so that what acb reports about the text it
// parsed can be pointed at a line of the text the user wrote.

/** For each line of a rewritten text (index 0 = line 1), the 1-based line of the text it came from. */
export type LineMap = number[];

/** The source line of a 1-based line of the rewritten text (the last known line past the end). */
export function sourceLine(map: LineMap, line: number): number | undefined {
  if (map.length === 0) return undefined;
  return map[Math.min(Math.max(line, 1), map.length) - 1];
}

/** Maps through two rewrites: `outer` maps the final text to the intermediate one, `inner` that to the source. */
export function composeLines(inner: LineMap, outer: LineMap): LineMap {
  return outer.map((line) => sourceLine(inner, line) ?? line);
}

/**
 * acb's NewTemplate: every line whose first non-blank character is `#` is dropped before rendering, so
 * templates in comments are never evaluated (the text is split on \n and joined again with \n).
 */
export function dropCommentLines(text: string): { text: string; lines: LineMap } {
  const kept: string[] = [];
  const lines: LineMap = [];
  text.split("\n").forEach((line, index) => {
    if (!line.trim().startsWith("#")) {
      kept.push(line);
      lines.push(index + 1);
    }
  });
  return { text: kept.join("\n"), lines };
}

/** The index of the last of the ascending `starts` at or before `offset` (0 when none is). */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The 1-based line of an offset in text: the line starts are found once, each lookup is a binary search. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => lastAtOrBefore(starts, offset) + 1;
}

/** For output built from pieces of an input: which input line each output line starts in. */
export function linesFromOffsets(output: string, inputLineAt: (outputOffset: number) => number): LineMap {
  const map: LineMap = [inputLineAt(0)];
  for (let i = output.indexOf("\n"); i !== -1; i = output.indexOf("\n", i + 1)) map.push(inputLineAt(i + 1));
  return map;
}
