// Executes a parsed Go template over Go-shaped data as text/template does: text copied, action results
// printed (a missing value as "<no value>"), if/with/range/template walked, break and continue honoured. The
// output remembers which template offset produced each part, so that lines can be traced back.
import { compareKeys, formatValue } from "./goFmt.js";
import { AnyMap, isTrue, StrMap, type GoValue } from "./goValues.js";
import type { ListNode, Node, PipeNode } from "./nodes.js";
import type { ParsedTemplate } from "./parser.js";
import { concrete, Evaluator, type ExecOptions, type Val } from "./evaluator.js";

/** Which template offset produced each stretch of output; text is copied character for character. */
export interface OutputSegment {
  outStart: number;
  srcPos: number;
  copied: boolean;
}

const BREAK = Symbol("break");
const CONTINUE = Symbol("continue");

export function executeTemplate(parsed: ParsedTemplate, data: GoValue, options: ExecOptions) {
  return new Executor(parsed, options).run(data);
}

class Executor extends Evaluator {
  private out = "";
  private readonly segments: OutputSegment[] = [];

  constructor(
    private readonly parsed: ParsedTemplate,
    options: ExecOptions,
  ) {
    super(options);
  }

  run(data: GoValue): { output: string; segments: OutputSegment[] } {
    const dot = concrete(data);
    this.vars = [{ name: "$", value: dot }];
    this.walk(dot, this.parsed.root);
    return { output: this.out, segments: this.segments };
  }

  private write(text: string, srcPos: number, copied: boolean): void {
    if (text === "") return;
    this.segments.push({ outStart: this.out.length, srcPos, copied });
    this.out += text;
  }

  private walk(dot: Val, node: Node): void {
    switch (node.type) {
      case "text":
        this.write(node.text, node.pos, true);
        return;
      case "list":
        for (const child of node.nodes) this.walk(dot, child);
        return;
      case "action": {
        this.takeMissedKey();
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length > 0) return;
        this.printValue(node, value);
        // Nothing printed because a lookup found no key (not `default` or `if` handling it): worth a warning.
        const missed = this.takeMissedKey();
        if (value.v === undefined && missed) this.options.onMissingKey?.(missed.path, missed.pos);
        return;
      }
      case "if":
      case "with": {
        const mark = this.vars.length;
        const value = this.evalPipeline(dot, node.pipe);
        if (isTrue(value.v)) this.walk(node.type === "with" ? value : dot, node.list);
        else if (node.elseList) this.walk(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case "range":
        return this.walkRange(dot, node.pipe, node.list, node.elseList);
      case "break":
        throw BREAK;
      case "continue":
        throw CONTINUE;
      case "template": {
        const body = this.parsed.defined.get(node.name);
        this.at(node);
        if (!body) this.fail(`template ${JSON.stringify(node.name)} not defined`);
        const value = node.pipe ? this.evalPipeline(dot, node.pipe) : concrete(undefined);
        const saved = { vars: this.vars, name: this.templateName };
        this.vars = [{ name: "$", value }];
        this.templateName = node.name;
        try {
          this.walk(value, body);
        } finally {
          this.vars = saved.vars;
          this.templateName = saved.name;
        }
      }
    }
  }

  private walkRange(dot: Val, pipe: PipeNode, list: ListNode, elseList: ListNode | undefined): void {
    const mark = this.vars.length;
    this.at(pipe);
    const value = this.evalPipeline(dot, pipe);
    const items: [Val, Val][] = [];
    const v = value.v;
    if (Array.isArray(v)) v.forEach((item, index) => items.push([concrete(BigInt(index)), { v: item, iface: true }]));
    else if (v instanceof StrMap || v instanceof AnyMap) {
      const keys = [...v.entries.keys()].sort(compareKeys);
      for (const key of keys)
        items.push([concrete(key as GoValue), { v: (v.entries as Map<GoValue, GoValue>).get(key), iface: true }]);
    } else if (typeof v === "bigint" && v >= 0n) {
      // Go 1.22 ranges over an int: 0..n-1 (the lenient reading, should acb's Go be older).
      for (let i = 0n; i < v; i++) items.push([concrete(i), concrete(i)]);
    } else if (v !== undefined) this.fail(`range can't iterate over ${formatValue(v)}`);
    for (const [index, element] of items) {
      const [first, second] = pipe.decl;
      if (first) {
        if (!pipe.isAssign) this.setVar(undefined, element, 1);
        else this.setVar(first.ident[0], second ? index : element, 0);
      }
      if (second) {
        if (!pipe.isAssign) this.setVar(undefined, index, 2);
        else this.setVar(second.ident[0], element, 0);
      }
      const inner = this.vars.length;
      try {
        this.walk(element, list);
      } catch (signal) {
        if (signal === BREAK) break;
        if (signal !== CONTINUE) throw signal;
      } finally {
        this.vars.length = inner;
      }
    }
    if (items.length === 0 && elseList) this.walk(dot, elseList);
    this.vars.length = mark;
  }

  private printValue(node: Node, value: Val): void {
    this.at(node);
    const text = value.v === undefined ? "<no value>" : formatValue(value.v);
    this.write(text, "pos" in node ? node.pos : 0, false);
  }
}

export { TemplateExecError } from "./evaluator.js";
export type { ExecOptions } from "./evaluator.js";
