// The parse tree of a Go template, and each node's text as Go prints it in error messages.
export interface TextNode {
  type: "text";
  text: string;
  pos: number;
}
export interface ListNode {
  type: "list";
  nodes: Node[];
}
export interface ActionNode {
  type: "action";
  pipe: PipeNode;
  pos: number;
}
export interface PipeNode {
  type: "pipe";
  decl: VariableNode[];
  isAssign: boolean;
  cmds: CommandNode[];
  pos: number;
}
export interface CommandNode {
  type: "command";
  args: ArgNode[];
  pos: number;
}
export interface ControlNode {
  type: "if" | "range" | "with";
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
  pos: number;
}
export interface TemplateNode {
  type: "template";
  name: string;
  pipe?: PipeNode;
  pos: number;
}
export interface BranchNode {
  type: "break" | "continue";
  pos: number;
}
export type Node = TextNode | ListNode | ActionNode | ControlNode | TemplateNode | BranchNode;

export interface FieldNode {
  type: "field";
  ident: string[];
  pos: number;
}
export interface VariableNode {
  type: "variable";
  ident: string[];
  pos: number;
}
export interface IdentifierNode {
  type: "identifier";
  name: string;
  pos: number;
}
export interface ChainNode {
  type: "chain";
  node: ArgNode;
  fields: string[];
  pos: number;
}
export interface LiteralNode {
  type: "dot" | "nil";
  pos: number;
}
export interface StringNode {
  type: "string";
  quoted: string;
  value: string;
  pos: number;
}
export interface BoolNode {
  type: "bool";
  value: boolean;
  pos: number;
}
export interface NumberNode {
  type: "number";
  text: string;
  /** Set when the literal is an int64 (Go's IsInt). */
  int?: bigint;
  /** Only a uint64 reads it: Go refuses it as an int argument ("overflows int"). */
  uintOnly: boolean;
  float?: number;
  /** A character constant ('a'): an int that prints as its code. */
  isChar: boolean;
  pos: number;
}
export type ArgNode =
  FieldNode | VariableNode | IdentifierNode | ChainNode | LiteralNode | StringNode | BoolNode | NumberNode | PipeNode;

/** The node as Go's String() methods print it. */
export function nodeText(node: ArgNode | CommandNode | Node): string {
  switch (node.type) {
    case "field":
      return `.${node.ident.join(".")}`;
    case "variable":
      return node.ident.join(".");
    case "identifier":
      return node.name;
    case "chain": {
      const base = node.node.type === "pipe" ? `(${nodeText(node.node)})` : nodeText(node.node);
      return base + node.fields.map((field) => `.${field}`).join("");
    }
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "string":
      return node.quoted;
    case "bool":
      return String(node.value);
    case "number":
      return node.text;
    case "pipe": {
      const decl = node.decl.length ? `${node.decl.map(nodeText).join(", ")} ${node.isAssign ? "=" : ":="} ` : "";
      return decl + node.cmds.map(nodeText).join(" | ");
    }
    case "command":
      return node.args.map((arg) => (arg.type === "pipe" ? `(${nodeText(arg)})` : nodeText(arg))).join(" ");
    case "text":
      return node.text;
    case "action":
      return `{{${nodeText(node.pipe)}}}`;
    case "list":
      return node.nodes.map(nodeText).join("");
    case "template":
      return `{{template "${node.name}"${node.pipe ? ` ${nodeText(node.pipe)}` : ""}}}`;
    case "break":
    case "continue":
      return `{{${node.type}}}`;
    default:
      return `{{${node.type} ${nodeText(node.pipe)}}}`;
  }
}
