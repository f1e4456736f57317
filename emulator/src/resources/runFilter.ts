// The OData `$filter` of Runs_List, as ACR documents it ("Arithmetic operators are not supported. The
// allowed string function is 'contains'. All logical operators except 'Not', 'Has', 'All' are
// allowed."): comparisons (eq, ne, gt, ge, lt, le) on the RunFilter properties, with `null` among the
// values (vscode-docker lists the runs of no task with `TaskName eq null`), `Property in ('a', 'b')`,
// `contains(Property, 'text')`, `and`, `or` and parentheses. `not`, `has`, arithmetic and unknown
// properties are refused with a 400 naming the filter.
import { badRequest } from "../arm/armError.js";

type Literal = string | number | boolean | Date | null;
type Comparison = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type FilterExpression =
  | { kind: "compare"; property: string; operator: Comparison; value: Literal }
  | { kind: "in"; property: string; values: Literal[] }
  | { kind: "contains"; property: string; value: string }
  | { kind: "and" | "or"; left: FilterExpression; right: FilterExpression };

/** The filterable properties (RunFilter in the swagger) and how to read them from a Run. */
const properties: Record<string, (properties: Record<string, any>) => unknown> = {
  runid: (p) => p["runId"],
  runtype: (p) => p["runType"],
  status: (p) => p["status"],
  createtime: (p) => p["createTime"],
  starttime: (p) => p["startTime"],
  finishtime: (p) => p["finishTime"],
  // Each image by tag and by digest: az acr task list-runs --image looks for `repository@digest`.
  outputimagemanifests: (p) =>
    ((p["outputImages"] ?? []) as { repository?: string; tag?: string; digest?: string }[])
      .flatMap((i) => [`${i.repository}:${i.tag}`, ...(i.digest ? [`${i.repository}@${i.digest}`] : [])])
      .join(","),
  isarchiveenabled: (p) => p["isArchiveEnabled"] ?? false,
  taskname: (p) => p["task"],
  agentpoolname: (p) => p["agentPoolName"],
};
const propertyNames =
  "RunId, RunType, Status, CreateTime, StartTime, FinishTime, OutputImageManifests, IsArchiveEnabled, TaskName, AgentPoolName";

type Token = { type: "word" | "string" | "punct"; text: string };

function tokenize(filter: string, fail: (why: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: "punct", text: c });
      i++;
    } else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= filter.length) fail("unterminated string literal");
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += filter[i++];
      }
      tokens.push({ type: "string", text });
    } else {
      const match = /^[A-Za-z0-9_.:+\-]+/.exec(filter.slice(i));
      if (!match) fail(`unexpected character '${c}'`);
      tokens.push({ type: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

export function parseRunFilter(filter: string): FilterExpression {
  const fail = (why: string): never => {
    throw badRequest(
      "InvalidFilter",
      `The $filter '${filter}' is not supported: ${why}. Supported: ${propertyNames} with eq, ne, gt, ge, lt, le (null with eq and ne), in (...), contains(), and, or.`,
      "$filter",
    );
  };
  const tokens = tokenize(filter, fail);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++] ?? fail("unexpected end of filter");
  const keyword = (word: string) => peek()?.type === "word" && peek()!.text.toLowerCase() === word;
  const expect = (text: string) => {
    const token = next();
    if (token.type !== "punct" || token.text !== text) fail(`expected '${text}' but found '${token.text}'`);
  };
  const property = (): string => {
    const token = next();
    const name = token.text.toLowerCase();
    if (token.type !== "word" || !(name in properties)) fail(`unknown property '${token.text}'`);
    return name;
  };
  const literal = (): Literal => {
    const token = next();
    if (token.type === "string") return token.text;
    if (token.type !== "word") fail(`expected a value but found '${token.text}'`);
    const text = token.text;
    if (text === "true" || text === "false") return text === "true";
    if (text === "null") return null;
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return new Date(text);
    return fail(`'${text}' is not a value (quote strings with ')`);
  };
  const primary = (): FilterExpression => {
    if (peek()?.type === "punct" && peek()!.text === "(") {
      next();
      const inner = disjunction();
      expect(")");
      return inner;
    }
    if (keyword("not")) fail("the 'not' operator is not allowed");
    if (keyword("contains")) {
      next();
      expect("(");
      const name = property();
      expect(",");
      const value = literal();
      expect(")");
      if (typeof value !== "string") fail("contains() takes a quoted string");
      return { kind: "contains", property: name, value: value as string };
    }
    const name = property();
    const operator = next().text.toLowerCase();
    if (operator === "in") {
      expect("(");
      const values = [literal()];
      while (peek()?.type === "punct" && peek()!.text === ",") {
        next();
        values.push(literal());
      }
      expect(")");
      return { kind: "in", property: name, values };
    }
    if (!["eq", "ne", "gt", "ge", "lt", "le"].includes(operator)) fail(`unsupported operator '${operator}'`);
    const value = literal();
    if (value === null && operator !== "eq" && operator !== "ne") fail(`'${operator}' does not compare with null`);
    return { kind: "compare", property: name, operator: operator as Comparison, value };
  };
  const conjunction = (): FilterExpression => {
    let left = primary();
    while (keyword("and")) {
      next();
      left = { kind: "and", left, right: primary() };
    }
    return left;
  };
  const disjunction = (): FilterExpression => {
    let left = conjunction();
    while (keyword("or")) {
      next();
      left = { kind: "or", left, right: conjunction() };
    }
    return left;
  };
  const expression = disjunction();
  if (position < tokens.length) fail(`unexpected '${tokens[position]!.text}'`);
  return expression;
}

/** Whether a run's properties satisfy the expression. Strings compare case-insensitively, as in ACR. */
export function matchesRunFilter(expression: FilterExpression, runProperties: Record<string, any>): boolean {
  switch (expression.kind) {
    case "and":
      return matchesRunFilter(expression.left, runProperties) && matchesRunFilter(expression.right, runProperties);
    case "or":
      return matchesRunFilter(expression.left, runProperties) || matchesRunFilter(expression.right, runProperties);
    case "contains": {
      const actual = properties[expression.property]!(runProperties);
      return typeof actual === "string" && actual.toLowerCase().includes(expression.value.toLowerCase());
    }
    case "in": {
      const actual = properties[expression.property]!(runProperties);
      return expression.values.some((value) => equals(actual, value));
    }
    case "compare": {
      const actual = properties[expression.property]!(runProperties);
      if (expression.value === null)
        return (actual === undefined || actual === null) === (expression.operator === "eq");
      if (actual === undefined || actual === null) return expression.operator === "ne";
      const order = compare(actual, expression.value);
      switch (expression.operator) {
        case "eq":
          return order === 0;
        case "ne":
          return order !== 0;
        case "gt":
          return order > 0;
        case "ge":
          return order >= 0;
        case "lt":
          return order < 0;
        case "le":
          return order <= 0;
      }
    }
  }
}

function equals(actual: unknown, expected: Literal): boolean {
  if (expected === null) return actual === undefined || actual === null;
  return actual !== undefined && actual !== null && compare(actual, expected) === 0;
}

function compare(actual: unknown, expected: Exclude<Literal, null>): number {
  if (expected instanceof Date) {
    const time = typeof actual === "string" ? Date.parse(actual) : NaN;
    return Math.sign(time - expected.getTime());
  }
  if (typeof expected === "string") {
    const a = String(actual).toLowerCase();
    const b = expected.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof expected === "boolean") return actual === expected ? 0 : 1;
  return Math.sign(Number(actual) - expected);
}
