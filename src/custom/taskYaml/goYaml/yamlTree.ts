// Reads YAML text into a plain node tree with the facts go-yaml v2 types by: each scalar's text as
// written, whether it was plain (only plain scalars are resolved to null/bool/int/float), its explicit tag,
// and its line. The `yaml` package parses (it loads only here); like go-yaml, only the first document counts.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node as LibNode,
} from "yaml";

export interface YScalar {
  kind: "scalar";
  value: string;
  /** "" when untagged; `!!x` for the YAML types; any other tag as written. */
  tag: string;
  plain: boolean;
  line: number;
}
export interface YMap {
  kind: "map";
  entries: { key: YNode; value: YNode }[];
  line: number;
}
export interface YSeq {
  kind: "seq";
  items: YNode[];
  line: number;
}
export interface YAlias {
  kind: "alias";
  name: string;
  target: YNode;
  line: number;
}
export type YNode = YScalar | YMap | YSeq | YAlias;

/** A YAML syntax error as go-yaml reports it: `yaml: line N: problem` (or without a line). */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
  }
}

const shortTag = (tag: string) => (tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice(18)}` : tag);

/**
 * YAML that libyaml reads but the `yaml` package cannot: a flow collection (`[...]`, `{...}`) continued on a
 * line indented less than its key (libyaml ignores indentation inside flow collections).
 */
export class StricterYamlError extends Error {
  constructor(readonly line: number) {
    super(
      `line ${line}: a flow collection ([...] or {...}) continues on a line indented less than its key; acb's YAML ` +
        "parser reads it, this module's cannot (indent that line further to have it checked)",
    );
  }
}

/** libyaml's wording for the problems the `yaml` package names by code. */
const libyamlProblems: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: "mapping values are not allowed in this context",
  TAB_AS_INDENT: "found character that cannot start any token",
  MISSING_CHAR: "found unexpected end of stream",
  BAD_INDENT: "did not find expected key",
  MULTILINE_IMPLICIT_KEY: "could not find expected ':'",
  UNEXPECTED_TOKEN: "did not find expected key",
};

/** The first document's root node; undefined for a stream with no document (empty, or comments only). */
export function parseYamlTree(text: string): YNode | undefined {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    schema: "failsafe",
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });
  const document = documents[0] as Document.Parsed | undefined;
  if (!document) return undefined;
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const [error] = document.errors;
  if (error) {
    const line = lineOf(error.pos[0]);
    const flow = /^Flow (sequence|map) in block collection must be sufficiently indented/.exec(error.message);
    if (flow) {
      // The same message for a flow collection never closed, which libyaml refuses at the end of the text.
      const close = flow[1] === "sequence" ? "]" : "}";
      if (text.includes(close, error.pos[0])) throw new StricterYamlError(line);
      throw new YamlSyntaxError(`yaml: line ${lineOf(text.length)}: did not find expected ',' or '${close}'`, line);
    }
    const problem = libyamlProblems[error.code] ?? error.message.split("\n")[0]!;
    throw new YamlSyntaxError(`yaml: line ${line}: ${problem}`, line);
  }
  if (document.contents === null) return undefined;
  const converted = new Map<LibNode, YNode>();
  const convert = (node: LibNode | null, fallbackOffset: number): YNode => {
    if (node === null) return { kind: "scalar", value: "", tag: "", plain: true, line: lineOf(fallbackOffset) };
    const known = converted.get(node);
    if (known) return known;
    const line = lineOf(node.range?.[0] ?? fallbackOffset);
    if (isScalar(node)) {
      const scalar: YScalar = {
        kind: "scalar",
        value: String(node.source ?? node.value ?? ""),
        tag: node.tag ? shortTag(node.tag) : "",
        plain: node.type === "PLAIN" || node.type === undefined,
        line,
      };
      converted.set(node, scalar);
      return scalar;
    }
    if (isAlias(node)) {
      const target = node.resolve(document);
      if (!target) throw new YamlSyntaxError(`yaml: unknown anchor '${node.source}' referenced`, undefined);
      const alias: YAlias = { kind: "alias", name: node.source, target: undefined as unknown as YNode, line };
      converted.set(node, alias);
      alias.target = convert(target, node.range?.[0] ?? fallbackOffset);
      return alias;
    }
    if (isMap(node)) {
      const map: YMap = { kind: "map", entries: [], line };
      converted.set(node, map);
      for (const pair of node.items) {
        const keyNode = pair.key as LibNode | null;
        const key = convert(keyNode, keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
        const valueOffset = keyNode?.range?.[2] ?? node.range?.[0] ?? 0;
        map.entries.push({ key, value: convert(pair.value as LibNode | null, valueOffset) });
      }
      return map;
    }
    if (isSeq(node)) {
      const seq: YSeq = { kind: "seq", items: [], line };
      converted.set(node, seq);
      for (const item of node.items) seq.items.push(convert(item as LibNode | null, node.range?.[0] ?? 0));
      return seq;
    }
    throw new YamlSyntaxError("yaml: unsupported node", line);
  };
  return convert(document.contents as LibNode, 0);
}
