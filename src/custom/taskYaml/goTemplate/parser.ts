// Go's text/template parser: the template's structure (text, actions, if/else/range/with, template,
// define and block, break and continue) over the expressions parseExpressions.ts reads, with Go's checks
// and messages.
import { lex, type Token } from "./lexer.js";
import type { ControlNode, ListNode, Node, PipeNode } from "./nodes.js";
import { ExpressionParser, TemplateParseError, unquote } from "./parseExpressions.js";

export interface ParsedTemplate {
  root: ListNode;
  /** Templates named by {{define}} or {{block}}. */
  defined: Map<string, ListNode>;
}

type Terminal = { type: "end" | "else"; pos: number; line: number; elseTarget?: Token };

export function parseTemplate(name: string, text: string, hasFunction: (name: string) => boolean): ParsedTemplate {
  return new Parser(name, lex(text), hasFunction).parse();
}

class Parser extends ExpressionParser {
  private rangeDepth = 0;
  private readonly defined = new Map<string, ListNode>();

  parse(): ParsedTemplate {
    const root: ListNode = { type: "list", nodes: [] };
    while (this.peek().type !== "eof") {
      if (this.peek().type === "leftDelim") {
        const delim = this.index;
        this.next();
        const keyword = this.nextNonSpace();
        if (keyword.type === "keyword" && keyword.value === "define") {
          this.parseDefinition();
          continue;
        }
        this.index = delim;
      }
      const node = this.textOrAction();
      if ("terminal" in node) this.fail(`unexpected {{${node.terminal.type}}}`, node.terminal.line);
      root.nodes.push(node);
    }
    return { root, defined: this.defined };
  }

  private parseDefinition(): void {
    const token = this.nextNonSpace();
    const name = this.templateName(token, "define clause");
    this.expect("rightDelim", "define clause");
    const saved = this.vars;
    this.vars = ["$"];
    const { list, next } = this.itemList();
    this.vars = saved;
    if (next.terminal.type !== "end") this.fail("unexpected {{else}} in define clause", next.terminal.line);
    this.defined.set(name, list);
  }

  private itemList(): { list: ListNode; next: { terminal: Terminal } } {
    const list: ListNode = { type: "list", nodes: [] };
    while (this.peekNonSpace().type !== "eof") {
      const node = this.textOrAction();
      if ("terminal" in node) return { list, next: node };
      list.nodes.push(node);
    }
    this.fail("unexpected EOF", this.peek().line);
  }

  private textOrAction(): Node | { terminal: Terminal } {
    const token = this.nextNonSpace();
    if (token.type === "text") return { type: "text", text: token.value, pos: token.pos };
    if (token.type === "leftDelim") {
      this.actionLine = token.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    return this.unexpected(token, "input");
  }

  private action(): Node | { terminal: Terminal } {
    const token = this.nextNonSpace();
    if (token.type === "keyword") {
      switch (token.value) {
        case "block":
          return this.blockControl();
        case "break":
        case "continue":
          return this.branchControl(token);
        case "else":
          return { terminal: this.elseControl(token) };
        case "end":
          this.expect("rightDelim", "end");
          return { terminal: { type: "end", pos: token.pos, line: token.line } };
        case "if":
        case "range":
        case "with":
          return this.control(token.value);
        case "template":
          return this.templateControl();
      }
    }
    this.backup();
    const start = this.peek();
    return { type: "action", pipe: this.pipeline("command", "rightDelim"), pos: start.pos };
  }

  private branchControl(token: Token): Node {
    const next = this.nextNonSpace();
    if (next.type !== "rightDelim") this.unexpected(next, `{{${token.value}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${token.value}}} outside {{range}}`, token.line);
    return { type: token.value as "break" | "continue", pos: token.pos };
  }

  private elseControl(token: Token): Terminal {
    const peek = this.peekNonSpace();
    if (peek.type === "keyword" && (peek.value === "if" || peek.value === "with")) {
      return { type: "else", pos: peek.pos, line: peek.line, elseTarget: peek };
    }
    this.expect("rightDelim", "else");
    return { type: "else", pos: token.pos, line: token.line };
  }

  private control(context: "if" | "range" | "with"): ControlNode {
    const savedVars = this.vars.length;
    const pipe = this.pipeline(context, "rightDelim");
    if (context === "range") this.rangeDepth++;
    let { list, next } = this.itemList();
    if (context === "range") this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.terminal.type === "else") {
      const target = next.terminal.elseTarget;
      if (target && ((context === "if" && target.value === "if") || (context === "with" && target.value === "with"))) {
        this.nextNonSpace();
        elseList = { type: "list", nodes: [this.control(context)] };
      } else {
        ({ list: elseList, next } = this.itemList());
        if (next.terminal.type !== "end") this.fail(`expected end; found {{else}}`, next.terminal.line);
      }
    }
    this.vars.length = savedVars;
    return { type: context, pipe, list, elseList, pos: pipe.pos };
  }

  private templateName(token: Token, context: string): string {
    if (token.type === "string" || token.type === "rawString")
      return unquote(token.value, () => this.fail("bad quoted string"));
    return this.unexpected(token, context);
  }

  private templateControl(): Node {
    const context = "template clause";
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== "rightDelim") {
      this.backup();
      pipe = this.pipeline(context, "rightDelim");
    }
    return { type: "template", name, pipe, pos: token.pos };
  }

  private blockControl(): Node {
    const context = "block clause";
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, "rightDelim");
    const saved = this.vars;
    this.vars = ["$"];
    const { list, next } = this.itemList();
    this.vars = saved;
    if (next.terminal.type !== "end") this.fail(`unexpected {{else}} in ${context}`, next.terminal.line);
    this.defined.set(name, list);
    return { type: "template", name, pipe, pos: token.pos };
  }
}

export { TemplateParseError };
