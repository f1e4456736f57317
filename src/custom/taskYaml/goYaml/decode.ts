// go-yaml v2's non-strict Unmarshal into Go types: unknown keys ignored (but recorded for the lint), the
// last of two equal keys wins, scalars typed by resolve(), type mismatches collected as go-yaml words them
// (the item that fails is dropped and decoding goes on), merge keys, aliases, and the errors that stop
// Unmarshal as a whole.
import { AnyMap, StrMap, type GoValue } from "../goTemplate/goValues.js";
import { INT64_MAX, INT64_MIN } from "../goNumbers.js";
import { goTypeName, type GoType } from "./goTypes.js";
import { anyScalar, ResolveError, resolveScalar, type Resolved } from "./resolve.js";
import { parseYamlTree, YamlSyntaxError, type YMap, type YNode, type YScalar } from "./yamlTree.js";

/** An error that stops go-yaml's Unmarshal as a whole (`yaml: ...`). */
export class GoYamlError extends Error {}

/** Where a decoded struct and its keys were written (1-based lines). */
export interface StructMeta {
  line: number;
  keyLines: Record<string, number>;
}
export type GoStruct = Record<string, unknown>;

/** A key of the task YAML acb ignores, or one given twice in a mapping. */
export interface TaskYamlKeyNote {
  /** The key as written. */
  key: string;
  /** 1-based line of the key. */
  line: number;
  /** The Go type the mapping was decoded into, e.g. `graph.Step`. */
  typeName: string;
  /** Where the mapping sits, e.g. `steps[2]`. */
  path: string;
  /** For a repeated key: the line of the earlier one, whose value acb drops. */
  firstLine?: number;
}

export interface Decoded<T> {
  value: T;
  /** go-yaml's type errors, in order (`line N: cannot unmarshal ...`). */
  typeErrors: { line: number; message: string }[];
  unknownKeys: TaskYamlKeyNote[];
  repeatedKeys: TaskYamlKeyNote[];
}

/** go-yaml's error for the type errors of one Unmarshal (`yaml: unmarshal errors:`, one line each), if any. */
export function unmarshalErrorsMessage(typeErrors: Decoded<unknown>["typeErrors"]): string | undefined {
  if (typeErrors.length === 0) return undefined;
  return `yaml: unmarshal errors:\n  ${typeErrors.map((typeError) => typeError.message).join("\n  ")}`;
}

/** yaml.Unmarshal(text, &value) with value of the given type: the value, or go-yaml's error message. */
export function unmarshalYaml<T>(text: string, type: GoType): { value: T } | { error: string } {
  let decoded: Decoded<T>;
  try {
    decoded = decodeInto<T>(parseYamlTree(text), type);
  } catch (error) {
    if (error instanceof YamlSyntaxError || error instanceof GoYamlError) return { error: error.message };
    throw error;
  }
  const typeErrors = unmarshalErrorsMessage(decoded.typeErrors);
  return typeErrors === undefined ? { value: decoded.value } : { error: typeErrors };
}

const metas = new WeakMap<object, StructMeta>();
export const structMeta = (value: object): StructMeta | undefined => metas.get(value);

interface Result {
  ok: boolean;
  value: unknown;
}

/** yaml.Unmarshal(text of root, &value) with value of the given type, from a parsed tree. */
export function decodeInto<T>(root: YNode | undefined, type: GoType): Decoded<T> {
  const decoder = new Decoder();
  let value = decoder.zero(type);
  if (root) {
    const decoded = decoder.unmarshal(root, type, value, "");
    // A struct is filled in place (a null document leaves it zero); other types take the decoded value.
    if (decoded.ok && type.kind !== "struct") value = decoded.value ?? decoder.zero(type);
  }
  return {
    value: value as T,
    typeErrors: decoder.typeErrors,
    unknownKeys: decoder.unknownKeys,
    repeatedKeys: decoder.repeatedKeys,
  };
}

const byteSlice = (text: string, end: number) => Buffer.from(text, "utf8").subarray(0, end).toString("utf8");

class Decoder {
  readonly typeErrors: { line: number; message: string }[] = [];
  readonly unknownKeys: TaskYamlKeyNote[] = [];
  readonly repeatedKeys: TaskYamlKeyNote[] = [];
  private readonly activeAliases = new Set<YNode>();

  zero(type: GoType): unknown {
    switch (type.kind) {
      case "string":
        return "";
      case "int":
        return 0;
      case "bool":
        return false;
      case "slice":
        return [];
      case "struct": {
        const value: GoStruct = {};
        for (const [name, field] of Object.entries(type.fields)) value[name] = this.zero(field);
        return value;
      }
      case "values":
        return new StrMap();
      default:
        return null;
    }
  }

  private typeError(node: YNode, tag: string, type: GoType): void {
    const explicit = node.kind === "scalar" && node.tag !== "" ? node.tag : tag;
    let value = "";
    if (node.kind === "scalar" && explicit !== "!!seq" && explicit !== "!!map") {
      const text = Buffer.byteLength(node.value) > 10 ? `${byteSlice(node.value, 7)}...` : node.value;
      value = ` \`${text}\``;
    }
    this.typeErrors.push({
      line: node.line,
      message: `line ${node.line}: cannot unmarshal ${explicit}${value} into ${goTypeName(type)}`,
    });
  }

  /** Decodes node into a value of type; a struct or map target is filled in place (merge keys, repeats). */
  unmarshal(node: YNode, type: GoType, target: unknown, path: string): Result {
    if (node.kind === "alias") {
      if (this.activeAliases.has(node)) throw new GoYamlError(`yaml: anchor '${node.name}' value contains itself`);
      this.activeAliases.add(node);
      try {
        return this.unmarshal(node.target, type, target, path);
      } finally {
        this.activeAliases.delete(node);
      }
    }
    if (type.kind === "ignored") return { ok: true, value: null };
    if (node.kind === "scalar") return this.scalar(node, type);
    if (node.kind === "seq") return this.sequence(node, type, path);
    return this.mapping(node, type, target, path);
  }

  private resolve(node: YScalar): Resolved {
    try {
      const resolved = resolveScalar(node.tag, node.value, node.plain);
      if (resolved.tag === "!!binary") {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(node.value.replace(/\s/g, "")))
          throw new GoYamlError("yaml: !!binary value contains invalid base64 data");
        return { tag: "!!binary", value: Buffer.from(node.value, "base64").toString("utf8") };
      }
      return resolved;
    } catch (error) {
      if (error instanceof ResolveError) throw new GoYamlError(`yaml: ${error.message}`);
      throw error;
    }
  }

  private scalar(node: YScalar, type: GoType): Result {
    const resolved = this.resolve(node);
    if (resolved.value === null) {
      if (type.kind === "struct") {
        // go-yaml leaves a pointer nil for `~`, `null` and an empty value, but allocates one for Null and NULL.
        const nilPointer =
          node.tag === "!!null" ||
          (node.tag === "" && (node.value === "null" || node.value === "~" || (node.value === "" && node.plain)));
        return { ok: true, value: nilPointer ? null : this.zero(type) };
      }
      return { ok: true, value: type.kind === "values" ? new StrMap() : type.kind === "map" ? null : this.zero(type) };
    }
    switch (type.kind) {
      case "string":
        return { ok: true, value: resolved.tag === "!!binary" ? resolved.value : node.value };
      case "any":
        return { ok: true, value: anyScalar(resolved, node) };
      case "int": {
        if (resolved.tag === "!!int" && !("uint" in resolved && resolved.uint))
          return { ok: true, value: Number(resolved.value) };
        if (resolved.tag === "!!float" && typeof resolved.value === "number" && resolved.value <= Number(INT64_MAX)) {
          const truncated =
            resolved.value >= Number(INT64_MAX) || resolved.value < Number(INT64_MIN)
              ? Number(INT64_MIN)
              : Math.trunc(resolved.value);
          return { ok: true, value: truncated };
        }
        break;
      }
      case "bool":
        if (resolved.tag === "!!bool") return { ok: true, value: resolved.value };
        break;
    }
    this.typeError(node, resolved.tag, type);
    return { ok: false, value: undefined };
  }

  private sequence(node: YNode & { kind: "seq" }, type: GoType, path: string): Result {
    if (type.kind === "any") {
      return { ok: true, value: node.items.map((item, i) => this.unmarshal(item, type, null, `${path}[${i}]`).value) };
    }
    if (type.kind !== "slice") {
      this.typeError(node, "!!seq", type);
      return { ok: false, value: undefined };
    }
    const items: unknown[] = [];
    node.items.forEach((item, i) => {
      const decoded = this.element(item, type, `${path}[${i}]`);
      if (decoded.ok) items.push(decoded.value);
    });
    return { ok: true, value: items };
  }

  private element(node: YNode, slice: GoType & { kind: "slice" }, path: string): Result {
    return this.unmarshal(node, slice.elem, this.zero(slice.elem), path);
  }

  private isMerge(key: YNode): boolean {
    return key.kind === "scalar" && key.value === "<<" && ((key.plain && key.tag === "") || key.tag === "!!merge");
  }

  private merge(node: YNode, type: GoType, target: unknown, path: string): void {
    const fail = () => {
      throw new GoYamlError("yaml: map merge requires map or sequence of maps as the value");
    };
    const target_ = (n: YNode) => (n.kind === "alias" ? n.target : n);
    if (target_(node).kind === "map") {
      this.unmarshal(node, type, target, path);
      return;
    }
    if (node.kind !== "seq") fail();
    for (const item of [...(node as YNode & { kind: "seq" }).items].reverse()) {
      if (target_(item).kind !== "map") fail();
      this.unmarshal(item, type, target, path);
    }
  }

  private mapping(node: YMap, type: GoType, target: unknown, path: string): Result {
    switch (type.kind) {
      case "struct":
        return this.mappingStruct(node, type, (target as GoStruct | null) ?? (this.zero(type) as GoStruct), path);
      case "map":
      case "values":
      case "any":
        return this.mappingMap(node, type, target, path);
    }
    this.typeError(node, "!!map", type);
    return { ok: false, value: undefined };
  }

  private mappingStruct(node: YMap, type: GoType & { kind: "struct" }, target: GoStruct, path: string): Result {
    const meta = metas.get(target) ?? { line: node.line, keyLines: {} };
    metas.set(target, meta);
    for (const { key, value } of node.entries) {
      if (this.isMerge(key)) {
        this.merge(value, type, target, path);
        continue;
      }
      const name = this.unmarshal(key, { kind: "string" }, "", path);
      if (!name.ok) continue;
      const keyName = name.value as string;
      const keyLine = key.kind === "alias" ? key.target.line : key.line;
      const field = Object.hasOwn(type.fields, keyName) ? type.fields[keyName] : undefined;
      if (!field) {
        this.unknownKeys.push({ key: keyName, line: keyLine, typeName: type.name, path });
        continue;
      }
      if (meta.keyLines[keyName] !== undefined && meta.keyLines[keyName] !== keyLine)
        this.repeatedKeys.push({
          key: keyName,
          line: keyLine,
          typeName: type.name,
          path,
          firstLine: meta.keyLines[keyName],
        });
      meta.keyLines[keyName] = keyLine;
      const fieldPath = path ? `${path}.${keyName}` : keyName;
      const decoded = this.unmarshal(value, field, target[keyName], fieldPath);
      if (decoded.ok) target[keyName] = decoded.value;
    }
    return { ok: true, value: target };
  }

  private mappingMap(node: YMap, type: GoType, target: unknown, path: string): Result {
    const isAny = type.kind === "any";
    const map =
      type.kind === "values"
        ? ((target as StrMap | null) ?? new StrMap())
        : isAny
          ? new AnyMap()
          : ((target as Map<string, string> | null) ?? new Map<string, string>());
    const keyType: GoType = isAny ? { kind: "any" } : { kind: "string" };
    const elemType: GoType = type.kind === "map" ? type.elem : { kind: "any" };
    for (const { key, value } of node.entries) {
      if (this.isMerge(key)) {
        this.merge(value, type, map, path);
        continue;
      }
      const decodedKey = this.unmarshal(key, keyType, null, path);
      if (!decodedKey.ok) continue;
      if (isAny && (Array.isArray(decodedKey.value) || decodedKey.value instanceof AnyMap))
        throw new GoYamlError("yaml: invalid map key: map[interface {}]interface {}");
      const decoded = this.unmarshal(value, elemType, null, path);
      if (!decoded.ok) continue;
      if (map instanceof StrMap) map.entries.set(decodedKey.value as string, decoded.value as GoValue);
      else if (map instanceof AnyMap) map.entries.set(decodedKey.value as GoValue, decoded.value as GoValue);
      else map.set(decodedKey.value as string, decoded.value as string);
    }
    return { ok: true, value: map };
  }
}
