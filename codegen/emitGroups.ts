// Emits one class per operation group (across the feeds): a typed method per operation, with
// begin*/begin*AndWait aliases for long-running ones, each delegating to the OperationContext. An
// operation that an alternative feed serves at another api-version is one method over a VersionedOperation:
// the context picks the version, and the method is long-running if it is in any version.
import { camelCase, docComment, GENERATED_HEADER, pascalCase } from "./codeModel.js";
import { resultType } from "./alternatives.js";
import { type OperationInfo, parameterName, specName } from "./operations.js";
import { typeOf } from "./typeNames.js";

export interface FeedOperations {
  folder: string;
  alias: string;
  apiVersion: string;
  operations: OperationInfo[];
  /** Feeds serving these operations at other api-versions, each with its operations by operationId. */
  alternatives?: { feed: FeedOperations; byId: ReadonlyMap<string, OperationInfo> }[];
}

export interface GroupMember {
  feed: FeedOperations;
  op: OperationInfo;
  /** The same operation in the alternative feeds. */
  alternatives: { feed: FeedOperations; op: OperationInfo }[];
}

export function groupFileName(group: string): string {
  return camelCase(group);
}

export function groupClassName(group: string): string {
  return `${group}Operations`;
}

/** Group key -> the operations of every (non-alternative) feed in that group, with their alternatives. */
export function collectGroups(feeds: FeedOperations[]): Map<string, GroupMember[]> {
  const groups = new Map<string, GroupMember[]>();
  for (const feed of feeds) {
    for (const op of feed.operations) {
      const list = groups.get(op.group) ?? [];
      const alternatives = (feed.alternatives ?? []).map((a) => ({ feed: a.feed, op: a.byId.get(op.operationId)! }));
      list.push({ feed, op, alternatives });
      groups.set(op.group, list);
    }
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

export function emitGroup(group: string, members: GroupMember[]): string {
  const feedsUsed = [...new Map(members.map((m) => [m.feed.folder, m.feed])).values()];
  const alternativeFeeds = [
    ...new Map(members.flatMap((m) => m.alternatives.map((a) => [a.feed.folder, a.feed] as const))).values(),
  ];
  const runtimeTypes = new Set(["OperationContext"]);
  const versioned: string[] = [];
  const optionTypes: string[] = [];
  const methods: string[] = [];
  const lroMembers: string[] = [];
  for (const { feed, op, alternatives } of members) {
    const qualify = (t: string) => qualifyType(t, feed.alias);
    const optionsName = `${group}${pascalCase(op.methodName)}Options`;
    const lro = op.lro !== undefined || alternatives.some((a) => a.op.lro);
    const base = lro ? "LroOperationOptions" : "OperationOptions";
    runtimeTypes.add(base);
    const queryMembers = op.queryParameters.map(
      (q) => `${docComment(q.language.default.description, "  ")}  ${parameterName(q)}?: ${qualify(typeOf(q.schema))};`,
    );
    optionTypes.push(
      `${docComment(`Options for {@link ${groupClassName(group)}.${op.methodName}}.`)}export interface ${optionsName} extends ${base} {${queryMembers.length ? `\n${queryMembers.join("\n")}\n` : ""}}\n`,
    );
    const params = op.pathParameters.map((p) => `${parameterName(p)}: string`);
    const args = `[${op.pathParameters.map(parameterName).join(", ")}]`;
    const bodyArg = op.body ? parameterName(op.body) : "undefined";
    if (op.body)
      params.push(`${parameterName(op.body)}${op.body.required ? "" : "?"}: ${qualify(typeOf(op.body.schema))}`);
    params.push(`options?: ${optionsName}`);
    const signature = params.join(", ");
    // A long-running DELETE resolves to nothing, and so does its version answered at once.
    const result = op.httpMethod === "DELETE" && lro ? "void" : qualify(resultType(op));
    const doc = docComment(
      `${op.description ?? op.operationId}\n\n\`${op.httpMethod} ${op.path}\` (${op.operationId}, api-version ${op.apiVersion})${versionNotes(op, alternatives)}`,
      "  ",
    );
    let spec = `${feed.alias}.${specName(op)}`;
    if (alternatives.length) {
      runtimeTypes.add("VersionedOperation");
      const versions = [{ feed, op }, ...alternatives].map(
        (v) => `${JSON.stringify(v.feed.apiVersion)}: ${v.feed.alias}.${specName(v.op)}`,
      );
      versioned.push(
        `/** ${op.operationId} at each api-version the \`tasksApiVersion\` option selects. */\n` +
          `const ${specName(op)}: VersionedOperation = { operationId: ${JSON.stringify(op.operationId)}, versions: { ${versions.join(", ")} } };\n`,
      );
      spec = specName(op);
    }
    if (op.paging) {
      runtimeTypes.add("PagedResult");
      const item = qualify(typeOf(op.paging.itemSchema));
      methods.push(
        `${doc}  ${op.methodName}(${signature}): PagedResult<${item}> {\n    return this.context.listOperation(${spec}, ${args}, options);\n  }\n`,
      );
    } else if (lro) {
      runtimeTypes.add("OperationPoller").add("SimplePollerLike");
      lroMembers.push(`    ${op.methodName}: ${spec},`);
      const begin = `begin${pascalCase(op.methodName)}`;
      methods.push(
        `${doc}  ${op.methodName}(${signature}): OperationPoller<${result}> {\n    return this.context.pollOperation(${spec}, ${args}, ${bodyArg}, options);\n  }\n`,
        `  /** Starts {@link ${groupClassName(group)}.${op.methodName}} and resolves to a poller that is not itself awaitable, as the old official SDK's \`${begin}\` did. */\n` +
          `  ${begin}(${signature}): Promise<SimplePollerLike<${result}>> {\n    return this.context.beginPollOperation(${spec}, ${args}, ${bodyArg}, options);\n  }\n`,
        `  /** Runs {@link ${groupClassName(group)}.${op.methodName}} to completion, as the old official SDK's \`${begin}AndWait\` did. */\n` +
          `  ${begin}AndWait(${signature}): Promise<${result}> {\n    return this.context.pollOperation<${result}>(${spec}, ${args}, ${bodyArg}, options).pollUntilDone();\n  }\n`,
      );
    } else {
      methods.push(
        `${doc}  ${op.methodName}(${signature}): Promise<${result}> {\n    return this.context.sendOperation(${spec}, ${args}, ${bodyArg}, options);\n  }\n`,
      );
    }
  }
  const imports = [
    `import type { ${[...runtimeTypes].sort().join(", ")} } from "../runtime.js";`,
    ...[...feedsUsed, ...alternativeFeeds].map((f) => `import * as ${f.alias} from "../${f.folder}/operations.js";`),
    ...feedsUsed.map((f) => `import type * as ${f.alias}Models from "../${f.folder}/models.js";`),
  ];
  const lroTable = lroMembers.length
    ? `  /** The long-running methods of this group and their operations, for \`restorePoller\`. */\n  static readonly longRunningOperations = {\n${lroMembers.join("\n")}\n  } as const;\n\n`
    : "";
  return (
    `${GENERATED_HEADER}${imports.join("\n")}\n\n${versioned.length ? `${versioned.join("\n")}\n` : ""}${optionTypes.join("\n")}\n` +
    `/** The ${group} operations. */\nexport class ${groupClassName(group)} {\n${lroTable}` +
    `  constructor(private readonly context: OperationContext) {}\n\n${methods.join("\n")}}\n`
  );
}

/** What changes at the other api-versions, for the method's documentation. */
function versionNotes(op: OperationInfo, alternatives: { feed: FeedOperations; op: OperationInfo }[]): string {
  return alternatives
    .map(({ feed, op: other }) => {
      const lroThere = other.lro !== undefined;
      const how =
        lroThere === (op.lro !== undefined)
          ? ""
          : lroThere
            ? ", where it is long-running"
            : ", where it is answered at once: the poller is done with the first response and sends no other request";
      return `\n\nWith \`tasksApiVersion: ${JSON.stringify(feed.apiVersion)}\` it is sent at api-version ${feed.apiVersion}${how}.`;
    })
    .join("");
}

const builtIn = new Set(["string", "number", "boolean", "Date", "unknown", "void", "Record"]);

/** Prefixes model names in a type expression with their feed's models namespace. */
function qualifyType(type: string, alias: string): string {
  if (type.startsWith('"')) return type;
  return type.replace(/\b[A-Za-z_][A-Za-z0-9_]*\b/g, (word) => (builtIn.has(word) ? word : `${alias}Models.${word}`));
}
