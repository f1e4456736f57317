// Command-line parsing on node:util's parseArgs (strict: an unknown flag is an error), with the flags each
// command declares in specs.ts. Every refusal is one line and exit code 2, before anything is loaded or sent.
import { parseArgs } from "node:util";
import { badInput } from "./errors.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** May be given more than once (values collected in order). */
  multiple?: boolean;
  /** The placeholder of the value in the help, e.g. "NAME". */
  value?: string;
  help: string;
}

export interface PositionalSpec {
  /** As the help shows it, e.g. "RUN_ID". */
  name: string;
  /** At least this many (default 0). */
  min?: number;
  /** At most this many (default: as many as min, or 1 when min is 0; Infinity for a list). */
  max?: number;
}

export interface CommandSpec {
  /** The words that select it: "build", "task run". */
  name: string;
  summary: string;
  /** The synopsis after the command's name. */
  synopsis: string;
  options: Record<string, OptionSpec>;
  positionals: PositionalSpec;
  /** More help below the flags. */
  notes?: string;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedCommand {
  values: ParsedValues;
  positionals: string[];
}

/** Parses a command's arguments; throws exit-code-2 errors naming the flag and the rule. */
export function parseCommandArgs(spec: CommandSpec, args: readonly string[]): ParsedCommand {
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries(
        Object.entries(spec.options).map(([name, option]) => [
          name,
          { type: option.type, ...(option.short ? { short: option.short } : {}), multiple: option.multiple === true },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    }) as { values: ParsedValues; positionals: string[] };
  } catch (error) {
    throw badInput(`${describeParseError(error)} (see acr-tasks ${spec.name} --help)`);
  }
  if (parsed.values["help"]) return parsed;
  for (const [name, option] of Object.entries(spec.options)) {
    const value = parsed.values[name];
    if (option.type !== "string" || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string" && item.trim() === "") throw badInput(`--${name} must not be empty`);
    }
  }
  const min = spec.positionals.min ?? 0;
  const max = spec.positionals.max ?? Math.max(min, 1);
  const count = parsed.positionals.length;
  if (count < min) throw badInput(`${spec.positionals.name} is required (see acr-tasks ${spec.name} --help)`);
  if (count > max)
    throw badInput(
      `unexpected argument '${parsed.positionals[max]}' (acr-tasks ${spec.name} takes ${max === 0 ? "none" : spec.positionals.name})`,
    );
  return parsed;
}

/** parseArgs's messages, shortened to one line and the flag concerned. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error);
  const quoted = /'(-[^']*)'/.exec(text)?.[1];
  // "-r, --registry <value>" names the flag by its long name.
  const flag =
    quoted
      ?.split(",")
      .pop()!
      .replace(/ <value>$/, "")
      .trim() ?? "the flag";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag '${quoted ?? text}'`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/argument missing/.test(text)) return `${flag} needs a value`;
      if (/ambiguous/.test(text)) return `the value of ${flag} starts with '-': write it as ${flag}=VALUE`;
      return `${flag} takes no value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${/'([^']*)'/.exec(text)?.[0] ?? ""}`.trim();
    default:
      return text.split("\n")[0]!;
  }
}

/** The help of one command: synopsis, flags, notes. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const flags = `${option.short ? `-${option.short}, ` : "    "}--${name}${option.type === "string" ? ` ${option.value ?? "VALUE"}` : ""}`;
    return [flags, `${option.help}${option.multiple ? " (repeatable)" : ""}`] as const;
  });
  const width = Math.max(...rows.map(([flags]) => flags.length));
  return [
    `usage: acr-tasks ${spec.name} ${spec.synopsis}`,
    "",
    spec.summary,
    "",
    "flags:",
    ...rows.map(([flags, help]) => `  ${flags.padEnd(width)}  ${help}`),
    ...(spec.notes ? ["", spec.notes] : []),
    "",
  ].join("\n");
}

/** A string flag's value (the last one, when repeated by mistake). */
export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return Array.isArray(value) ? value[value.length - 1] : typeof value === "string" ? value : undefined;
}

/** A repeatable flag's values, in order. */
export function listValue(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}
