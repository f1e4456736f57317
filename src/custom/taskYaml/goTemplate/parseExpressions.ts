// The expression half of Go's text/template parser: the token cursor, pipelines with their variable
// declarations, commands, operands (fields, variables, chains, literals, parenthesized pipelines), and the
// checks and messages Go gives for them.
import { parseGoFloat, parseGoInt, parseGoUint } from "../goNumbers.js";
import type { Token } from "./lexer.js";
import { nodeText, type ArgNode, type CommandNode, type NumberNode, type PipeNode } from "./nodes.js";

export class TemplateParseError extends Error {
  constructor(
    message: string,
    /** 1-based line of the template text where the problem is (for an unclosed action, where it started). */
    readonly line: number,
  ) {
    super(message);
  }
}

export abstract class ExpressionParser {
  protected index = 0;
  protected vars: string[] = ["$"];
  /** The line of the action being parsed (Go names it in "unclosed action" errors). */
  protected actionLine = 0;

  constructor(
    protected readonly name: string,
    protected readonly tokens: Token[],
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  /** Go's message names `line`; `at` is where the problem is, when that is another line. */
  protected fail(message: string, line = this.tokens[Math.max(0, this.index - 1)]!.line, at = line): never {
    throw new TemplateParseError(`template: ${this.name}:${line}: ${message}`, at);
  }

  protected peek(): Token {
    return this.tokens[this.index]!;
  }
  protected next(): Token {
    const token = this.tokens[this.index]!;
    if (this.index < this.tokens.length - 1) this.index++;
    else this.index = this.tokens.length;
    return token;
  }
  protected nextNonSpace(): Token {
    let token = this.next();
    while (token.type === "space") token = this.next();
    return token;
  }
  protected peekNonSpace(): Token {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }
  protected backup(): void {
    this.index--;
  }

  protected unexpected(token: Token, context: string): never {
    if (token.type === "error") {
      if (this.actionLine === 0 || this.actionLine === token.line) this.fail(token.value, token.line);
      // The error is where the text ends; the line the action started on is the useful one.
      let extra = ` in action started at ${this.name}:${this.actionLine}`;
      if (token.value.endsWith(" action")) extra = extra.slice(" in action".length);
      this.fail(`${token.value}${extra}`, token.line, this.actionLine);
    }
    this.fail(`unexpected ${describe(token)} in ${context}`, token.line);
  }

  protected expect(type: Token["type"], context: string): Token {
    const token = this.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  protected pipeline(context: string, end: "rightDelim" | "rightParen"): PipeNode {
    const start = this.peekNonSpace();
    const pipe: PipeNode = { type: "pipe", decl: [], isAssign: false, cmds: [], pos: start.pos };
    for (;;) {
      const variable = this.peekNonSpace();
      if (variable.type !== "variable") break;
      const variableIndex = this.index;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.type === "assign" || next.type === "declare") {
        pipe.isAssign = next.type === "assign";
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", ident: [variable.value], pos: variable.pos });
        this.vars.push(variable.value);
        break;
      }
      if (next.type === "char" && next.value === ",") {
        this.nextNonSpace();
        pipe.decl.push({ type: "variable", ident: [variable.value], pos: variable.pos });
        this.vars.push(variable.value);
        if (context === "range" && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === "variable" || after === "rightDelim" || after === "rightParen") continue;
          this.fail("range can only initialize variables");
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.index = variableIndex;
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`, token.line);
        pipe.cmds.slice(1).forEach((command, i) => {
          if (["bool", "dot", "nil", "number", "string"].includes(command.args[0]!.type))
            this.fail(`non executable command in pipeline stage ${i + 2}`, token.line);
        });
        return pipe;
      }
      const operandStart = [
        "bool",
        "charConstant",
        "dot",
        "field",
        "identifier",
        "number",
        "nil",
        "rawString",
        "string",
        "variable",
        "leftParen",
      ];
      if (!operandStart.includes(token.type)) this.unexpected(token, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private command(): CommandNode {
    const command: CommandNode = { type: "command", args: [], pos: this.peekNonSpace().pos };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) command.args.push(operand);
      const token = this.next();
      if (token.type === "space") continue;
      if (token.type === "rightDelim" || token.type === "rightParen") this.backup();
      else if (token.type !== "pipe") this.unexpected(token, "operand");
      break;
    }
    if (command.args.length === 0) this.fail("empty command");
    return command;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node || this.peek().type !== "field") return node;
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().type === "field") fields.push(this.next().value.slice(1));
    if (node.type === "field") return { type: "field", ident: [...node.ident, ...fields], pos: node.pos };
    if (node.type === "variable") return { type: "variable", ident: [...node.ident, ...fields], pos: node.pos };
    if (["bool", "string", "number", "nil", "dot"].includes(node.type))
      this.fail(`unexpected . after term ${JSON.stringify(nodeText(node))}`);
    return { type: "chain", node, fields, pos };
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.type) {
      case "identifier":
        if (!this.hasFunction(token.value))
          this.fail(`function ${JSON.stringify(token.value)} not defined`, token.line);
        return { type: "identifier", name: token.value, pos: token.pos };
      case "dot":
        return { type: "dot", pos: token.pos };
      case "nil":
        return { type: "nil", pos: token.pos };
      case "variable": {
        const [head] = token.value.split(".");
        if (!this.vars.includes(head!)) this.fail(`undefined variable ${JSON.stringify(head)}`, token.line);
        return { type: "variable", ident: [token.value], pos: token.pos };
      }
      case "field":
        return { type: "field", ident: [token.value.slice(1)], pos: token.pos };
      case "bool":
        return { type: "bool", value: token.value === "true", pos: token.pos };
      case "number":
      case "charConstant":
        return this.number(token);
      case "leftParen":
        return this.pipeline("parenthesized pipeline", "rightParen");
      case "string":
      case "rawString":
        return {
          type: "string",
          quoted: token.value,
          value: unquote(token.value, () => this.fail("invalid syntax")),
          pos: token.pos,
        };
    }
    this.backup();
    return undefined;
  }

  private number(token: Token): NumberNode {
    const text = token.value;
    if (token.type === "charConstant") {
      const value = unquote(`"${text.slice(1, -1).replace(/"/g, '\\"')}"`, () =>
        this.fail(`malformed character constant: ${text}`),
      );
      if ([...value].length !== 1) this.fail(`malformed character constant: ${text}`);
      const code = BigInt(value.codePointAt(0)!);
      return { type: "number", text, int: code, uintOnly: false, float: Number(code), isChar: true, pos: token.pos };
    }
    const int = parseGoInt(text);
    const uint = parseGoUint(text);
    let float = int !== undefined ? Number(int) : uint !== undefined ? Number(uint) : undefined;
    let asInt = int;
    if (int === undefined && uint === undefined) {
      float = parseGoFloat(text);
      if (float !== undefined) {
        if (!/[.eEpP]/.test(text)) this.fail(`integer overflow: ${JSON.stringify(text)}`, token.line);
        if (Number.isInteger(float) && Math.abs(float) < 2 ** 63) asInt = BigInt(float);
      }
    }
    if (asInt === undefined && uint === undefined && float === undefined)
      this.fail(`illegal number syntax: ${JSON.stringify(text)}`, token.line);
    return {
      type: "number",
      text,
      int: asInt,
      uintOnly: asInt === undefined && uint !== undefined,
      float,
      isChar: false,
      pos: token.pos,
    };
  }
}

function describe(token: Token): string {
  if (token.type === "eof") return "EOF";
  if (token.type === "keyword") return `<${token.value}>`;
  const quoted = JSON.stringify(token.value);
  return token.value.length > 10 ? `${JSON.stringify(token.value.slice(0, 10))}...` : quoted;
}

/** strconv.Unquote for "..." and `...` literals. */
export function unquote(literal: string, fail: () => never): string {
  if (literal.startsWith("`")) return literal.slice(1, -1).replace(/\r/g, "");
  const body = literal.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_match, escape: string) => {
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      '"': '"',
      "'": "'",
    };
    if (escape in simple) return simple[escape]!;
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]{3}$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return fail();
  });
}
