// Go values as acb's templates see them, in JavaScript. The render data is Go's: maps of
// interface{} (Run, Build, Values), YAML-decoded values (int, float64, bool, string, nil, lists, maps), and
// what functions return. The representation keeps the distinctions Go prints and checks:
//   undefined  - no value at all (Go's invalid reflect.Value; prints "<no value>")
//   null       - a nil interface{}
//   string, boolean
//   bigint     - int (int64)
//   number     - float64
//   GoValue[]  - []interface{} (a GoStringList prints the same but is a []string)
//   StrMap     - map[string]interface{}        AnyMap - map[interface{}]interface{} (go-yaml v2's nested maps)
export type GoValue = undefined | null | string | boolean | bigint | number | GoValue[] | StrMap | AnyMap | GoFunc;

/** A function value (only `call` could use one; kept so that a field holding one prints as Go would). */
export interface GoFunc {
  readonly goFunc: true;
}

export class StrMap {
  readonly entries: Map<string, GoValue>;
  constructor(entries?: Iterable<readonly [string, GoValue]>) {
    this.entries = new Map(entries);
  }
}

export class AnyMap {
  readonly entries: Map<GoValue, GoValue>;
  constructor(entries?: Iterable<readonly [GoValue, GoValue]>) {
    this.entries = new Map(entries);
  }
  /** A map[interface{}]interface{} finds a field name only under a string key. */
  get(key: string): { found: boolean; value: GoValue } {
    return this.entries.has(key) ? { found: true, value: this.entries.get(key) } : { found: false, value: null };
  }
}

const stringListMark = Symbol("[]string");
/** A []string (sprig's splitList, toStrings): prints like []interface{}, but is a different Go type. */
export function stringList(items: string[]): GoValue[] {
  return Object.assign(items, { [stringListMark]: true });
}

/** Go's type name, as error messages print it. */
export function goTypeName(value: GoValue): string {
  if (value === undefined) return "<nil>";
  if (value === null) return "interface {}";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (typeof value === "number") return "float64";
  if (Array.isArray(value)) return stringListMark in value ? "[]string" : "[]interface {}";
  if (value instanceof StrMap) return "map[string]interface {}";
  if (value instanceof AnyMap) return "map[interface {}]interface {}";
  return "func()";
}

/** text/template's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function isTrue(value: GoValue): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.length > 0;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "number") return value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof StrMap || value instanceof AnyMap) return value.entries.size > 0;
  return true;
}

/** The length Go's len gives: UTF-8 bytes for strings. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
