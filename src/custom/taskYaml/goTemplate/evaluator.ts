// The expression half of Go's text/template execution: pipelines (interface{} dug into between stages),
// field chains with missingkey=zero map lookups, variables, and function calls whose arguments are checked
// and converted as reflect does; errors in Go's words and format.
import { lineLocator } from "../lineMap.js";
import { FunctionError, type FunctionTable, type ParamType } from "./functions.js";
import { goTypeName, isTrue, AnyMap, StrMap, type GoValue } from "./goValues.js";
import { nodeText, type ArgNode, type CommandNode, type Node, type NumberNode, type PipeNode } from "./nodes.js";

/** An execution error, as Go formats it: `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE`. */
export class TemplateExecError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface ExecOptions {
  name: string;
  text: string;
  funcs: FunctionTable;
  /** Called when an action prints nothing because a map lookup found no key (the path, e.g. `Values.tag`). */
  onMissingKey?: (path: string, pos: number) => void;
}

/** A value with what reflect would know: whether it sits in an interface{} (a map or slice element). */
export interface Val {
  v: GoValue;
  iface: boolean;
}
export const MISSING = Symbol("missing");
export type Final = Val | typeof MISSING;
export const concrete = (v: GoValue): Val => ({ v, iface: false });
export const dig = (val: Val): Val => (val.iface ? concrete(val.v === null ? undefined : val.v) : val);

export abstract class Evaluator {
  protected vars: { name: string; value: Val }[] = [];
  /** The node being evaluated, which an error names (its text is only worked out then). */
  private node: ArgNode | CommandNode | Node | undefined;
  protected templateName: string;
  /** The last map lookup that found no key, for reporting an action that prints nothing because of it. */
  private missedKey: { path: string; pos: number } | undefined;

  /** The last lookup that found no key since the previous call. */
  protected takeMissedKey(): { path: string; pos: number } | undefined {
    const missed = this.missedKey;
    this.missedKey = undefined;
    return missed;
  }

  constructor(protected readonly options: ExecOptions) {
    this.templateName = options.name;
  }

  fail(message: string): never {
    const name = this.templateName;
    if (!this.node) throw new TemplateExecError(`template: ${name}: ${message}`, 1);
    const pos = "pos" in this.node ? this.node.pos : 0;
    const before = this.options.text.slice(0, pos);
    const newline = before.lastIndexOf("\n");
    const column = newline === -1 ? pos : pos - newline - 1;
    const line = lineLocator(this.options.text)(pos);
    const text = nodeText(this.node);
    const context = text.length > 20 ? `${text.slice(0, 20)}...` : text;
    throw new TemplateExecError(
      `template: ${name}:${line}:${column}: executing "${name}" at <${context}>: ${message}`,
      line,
    );
  }

  protected at(node: ArgNode | CommandNode | Node): void {
    this.node = node;
  }

  /** Sets a named variable (assignment) or the n-th variable from the top (declaration in range). */
  protected setVar(name: string | undefined, value: Val, fromTop: number): void {
    if (name === undefined) {
      this.vars[this.vars.length - fromTop]!.value = value;
      return;
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  evalPipeline(dot: Val, pipe: PipeNode): Val {
    this.at(pipe);
    let value: Final = MISSING;
    for (const command of pipe.cmds) value = dig(this.evalCommand(dot, command, value));
    const result = value === MISSING ? concrete(undefined) : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, result, 0);
      else this.vars.push({ name: variable.ident[0]!, value: result });
    }
    return result;
  }

  private evalCommand(dot: Val, command: CommandNode, final: Final): Val {
    const first = command.args[0]!;
    switch (first.type) {
      case "field":
        this.at(first);
        return this.evalFieldChain(dot, dot, first, first.ident, command.args, final);
      case "chain":
        return this.evalChain(dot, first, command.args, final);
      case "identifier":
        return this.evalFunction(dot, first, command.args, final);
      case "pipe":
        this.notAFunction(command.args, final);
        return this.evalPipeline(dot, first);
      case "variable":
        return this.evalVariable(dot, first, command.args, final);
    }
    this.at(first);
    this.notAFunction(command.args, final);
    switch (first.type) {
      case "bool":
        return concrete(first.value);
      case "dot":
        return dot;
      case "nil":
        return this.fail("nil is not a command");
      case "number":
        return concrete(this.idealConstant(first));
      case "string":
        return concrete(first.value);
    }
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${nodeText(args[0]!)}`);
  }

  private idealConstant(node: NumberNode): GoValue {
    this.at(node);
    const hexOrRune = node.isChar || /^[+-]?0[xX]/.test(node.text);
    if (node.float !== undefined && !hexOrRune && /[.eEpP]/.test(node.text)) return node.float;
    if (node.int !== undefined) return node.int;
    if (node.uintOnly) this.fail(`${node.text} overflows int`);
    return node.float;
  }

  private evalVariable(dot: Val, node: ArgNode & { type: "variable" }, args: ArgNode[] | undefined, final: Final): Val {
    this.at(node);
    const name = node.ident[0]!;
    const found = [...this.vars].reverse().find((variable) => variable.name === name);
    if (!found) this.fail(`undefined variable: ${name}`);
    if (node.ident.length === 1) {
      this.notAFunction(args ?? [node], final);
      return found.value;
    }
    return this.evalFieldChain(dot, found.value, node, node.ident.slice(1), args, final);
  }

  private evalChain(dot: Val, node: ArgNode & { type: "chain" }, args: ArgNode[] | undefined, final: Final): Val {
    if (node.node.type === "nil") this.fail(`indirection through explicit nil in ${nodeText(node)}`);
    const receiver = this.evalArg(dot, "any", node.node);
    return this.evalFieldChain(dot, { v: receiver, iface: false }, node, node.fields, args, final);
  }

  private evalFieldChain(
    dot: Val,
    receiver: Val,
    node: ArgNode,
    ident: string[],
    args: ArgNode[] | undefined,
    final: Final,
  ): Val {
    let current = receiver;
    ident.forEach((name, index) => {
      const last = index === ident.length - 1;
      current = this.evalField(
        name,
        node,
        last ? args : undefined,
        last ? final : MISSING,
        current,
        ident.slice(0, index + 1),
      );
    });
    return current;
  }

  private evalField(
    name: string,
    node: ArgNode,
    args: ArgNode[] | undefined,
    final: Final,
    receiver: Val,
    path: string[],
  ): Val {
    if (receiver.v === undefined) return concrete(undefined);
    const typeName = receiver.iface ? "interface {}" : goTypeName(receiver.v);
    const hasArgs = (args?.length ?? 0) > 1 || final !== MISSING;
    const map = receiver.v;
    if (map instanceof StrMap || map instanceof AnyMap) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      const entry =
        map instanceof StrMap ? { found: map.entries.has(name), value: map.entries.get(name) ?? null } : map.get(name);
      if (!entry.found) {
        this.missedKey = { path: path.join("."), pos: node.pos };
        return { v: null, iface: true };
      }
      return { v: entry.value, iface: true };
    }
    if (receiver.v === null) this.fail(`nil pointer evaluating ${typeName}.${name}`);
    return this.fail(`can't evaluate field ${name} in type ${typeName}`);
  }

  private evalFunction(dot: Val, node: ArgNode & { type: "identifier" }, args: ArgNode[], final: Final): Val {
    this.at(node);
    const fn = this.options.funcs.get(node.name);
    if (!fn) this.fail(`${JSON.stringify(node.name)} is not a defined function`);
    const given = args.slice(1);
    if (node.name === "and" || node.name === "or") return this.evalAndOr(dot, node.name, given, final);
    const numIn = given.length + (final !== MISSING ? 1 : 0);
    const fixed = fn.params.length;
    if (fn.variadic !== undefined) {
      if (numIn < fixed) this.fail(`wrong number of args for ${node.name}: want at least ${fixed} got ${given.length}`);
    } else if (numIn !== fixed) this.fail(`wrong number of args for ${node.name}: want ${fixed} got ${numIn}`);
    const paramAt = (i: number): ParamType => (i < fixed ? fn.params[i]! : fn.variadic!);
    const argv = given.map((arg, i) => this.evalArg(dot, paramAt(i), arg));
    if (final !== MISSING) argv.push(this.validateType(final, paramAt(given.length)));
    this.at(node);
    try {
      const result = fn.call(argv);
      return { v: result, iface: fn.returnsInterface === true };
    } catch (error) {
      if (error instanceof FunctionError) {
        this.at(node);
        this.fail(`error calling ${node.name}: ${error.message}`);
      }
      throw error;
    }
  }

  private evalAndOr(dot: Val, name: "and" | "or", args: ArgNode[], final: Final): Val {
    if (args.length + (final !== MISSING ? 1 : 0) < 1)
      this.fail(`wrong number of args for ${name}: want at least 1 got 0`);
    let value: Val = concrete(undefined);
    for (const arg of args) {
      value = dig({ v: this.evalArg(dot, "any", arg), iface: true });
      if (isTrue(value.v) === (name === "or")) return value;
    }
    if (final !== MISSING) value = dig(final);
    return value;
  }

  /** Evaluates an argument for a parameter of the given type, as text/template's evalArg does. */
  evalArg(dot: Val, type: ParamType, node: ArgNode): GoValue {
    this.at(node);
    switch (node.type) {
      case "dot":
        return this.validateType(dot, type);
      case "nil":
        if (type === "any") return null;
        return this.fail(`cannot assign nil to ${type}`);
      case "field":
        return this.validateType(this.evalFieldChain(dot, dot, node, node.ident, [node], MISSING), type);
      case "variable":
        return this.validateType(this.evalVariable(dot, node, undefined, MISSING), type);
      case "pipe":
        return this.validateType(this.evalPipeline(dot, node), type);
      case "identifier":
        return this.validateType(this.evalFunction(dot, node, [node], MISSING), type);
      case "chain":
        return this.validateType(this.evalChain(dot, node, undefined, MISSING), type);
    }
    switch (type) {
      case "any":
        if (node.type === "bool" || node.type === "string") return node.value;
        return this.idealConstant(node);
      case "bool":
        if (node.type === "bool") return node.value;
        return this.fail(`expected bool; found ${nodeText(node)}`);
      case "string":
        if (node.type === "string") return node.value;
        return this.fail(`expected string; found ${nodeText(node)}`);
      case "int":
        if (node.type === "number" && node.int !== undefined) return node.int;
        return this.fail(`expected integer; found ${nodeText(node)}`);
      case "float64":
        if (node.type === "number" && node.float !== undefined) return node.float;
        return this.fail(`expected float; found ${nodeText(node)}`);
    }
  }

  validateType(value: Val, type: ParamType): GoValue {
    if (type === "any") return value.v === undefined ? null : value.v;
    if (value.v === undefined) return this.fail(`invalid value; expected ${type}`);
    if (value.iface && value.v === null) return this.fail(`wrong type for value; expected ${type}; got interface {}`);
    const actual = goTypeName(value.v);
    if (actual !== type) this.fail(`wrong type for value; expected ${type}; got ${actual}`);
    return value.v;
  }
}
