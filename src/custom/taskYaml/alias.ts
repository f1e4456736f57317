// Task aliases (version >= v1.1.0): acb cuts the `alias:` section out of the text, reads its values, its
// `src` files and URLs (the last one wins, the section's own values win over all) and its default aliases,
// replaces `$name` (or the chosen directive) in the rest, and after parsing swaps a cmd's first word for
// the alias of that name.
import { unmarshalYaml } from "./goYaml/decode.js";
import { aliasFileType, aliasSectionType, type GoType } from "./goYaml/goTypes.js";
import type { LineMap } from "./lineMap.js";

/** An alias problem: acb's run then ends without running a step (acb drops the error and exits 0). */
export class AliasError extends Error {}

/** FindVersion: the value of `version:` when it is the first line that is neither blank nor a comment. */
export function findVersion(text: string): string {
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (line.startsWith("version")) {
      const colon = line.indexOf(":");
      if (colon !== -1 && line.slice(0, colon).trim() === "version") return line.slice(colon + 1).trim();
    }
    break;
  }
  return "";
}

/** acb turns aliases on when the version compares, as a string, at or above "v1.1.0". */
export const aliasesEnabled = (version: string) => Buffer.compare(Buffer.from(version), Buffer.from("v1.1.0")) >= 0;

/** SeparateAliasFromRest: the `alias:` section and the other lines (comment lines dropped from both). */
export function separateAliasSection(text: string): {
  alias: string;
  aliasLines: LineMap;
  rest: string;
  restLines: LineMap;
} {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let alias = "";
  let rest = "";
  const restLines: LineMap = [];
  const aliasLines: LineMap = [];
  let inside = false;
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, "");
    if (/^[\t\n\f\r ]*#/.test(line)) return;
    if (/^alias[\t\n\f\r ]*:/.test(line) && !inside) inside = true;
    else if (/^[^\t\n\f\r :]+[^:]*:/.test(line) && inside) inside = false;
    if (inside) {
      alias += `${line}\n`;
      aliasLines.push(index + 1);
    } else {
      rest += `${line}\n`;
      restLines.push(index + 1);
    }
  });
  return { alias, aliasLines, rest, restLines };
}

interface AliasSection {
  alias: { src: string[]; values: Map<string, string> | null; directive: string };
}

/** Reads an alias source (a file in the run's context, or a URL): its text, or undefined when not available. */
export type AliasSourceReader = (source: string) => string | undefined;

const linuxDefaults: [string, string][] = [
  ["ID", "{{.Run.ID}}"],
  ["SharedVolume", "{{.Run.SharedVolume}}"],
  ["Registry", "{{.Run.Registry}}"],
  ["RegistryName", "{{.Run.RegistryName}}"],
  ["Date", "{{.Run.Date}}"],
  ["OS", "{{.Run.OS}}"],
  ["Architecture", "{{.Run.Architecture}}"],
  ["Commit", "{{.Run.Commit}}"],
  ["Branch", "{{.Run.Branch}}"],
];
const linuxImages: [string, string][] = [
  ["acr", "mcr.microsoft.com/acr/acr-cli:0.19"],
  ["az", "mcr.microsoft.com/acr/azure-cli:7fcc50e"],
  ["bash", "mcr.microsoft.com/acr/bash:7fcc50e"],
  ["curl", "mcr.microsoft.com/acr/curl:7fcc50e"],
  ["cssc", "mcr.microsoft.com/acr/cssc:7fcc50e"],
];

/** The aliases every v1.1.0 task has: the run variables, and on Linux the images acb names. */
export function defaultAliases(os: string): Map<string, string> {
  return new Map(os === "windows" ? linuxDefaults : [...linuxDefaults, ...linuxImages]);
}

function decodeOrFail<T>(text: string, type: GoType, prefix: string): T {
  const decoded = unmarshalYaml<T>(text, type);
  if ("error" in decoded) throw new AliasError(prefix + decoded.error);
  return decoded.value;
}

export interface AliasResult {
  text: string;
  lines: LineMap;
  aliases: Map<string, string>;
  /** Sources that could not be read here and were left out. */
  skippedSources: string[];
}

/** SearchReplaceAlias: the task text with its aliases replaced, or an AliasError. */
export function replaceAliases(
  renderedAlias: string,
  rest: string,
  os: string,
  readSource: AliasSourceReader,
): AliasResult {
  const section = decodeOrFail<AliasSection>(renderedAlias, aliasSectionType, "error during alias unmarshaling: ");
  const aliases = section.alias.values ?? new Map<string, string>();
  const skippedSources: string[] = [];
  for (const source of [...section.alias.src].reverse()) {
    let text: string | undefined;
    try {
      text = readSource(source);
    } catch (error) {
      throw new AliasError((error as Error).message);
    }
    if (text === undefined) {
      skippedSources.push(source);
      continue;
    }
    const fileAliases = decodeOrFail<Map<string, string> | null>(text, aliasFileType, "") ?? new Map<string, string>();
    for (const [key, value] of fileAliases) if (!aliases.has(key)) aliases.set(key, value);
  }
  for (const [key, value] of defaultAliases(os)) if (!aliases.has(key)) aliases.set(key, value);
  let directive = "$";
  if (section.alias.directive !== "") {
    const runes = [...section.alias.directive];
    if (runes.length !== 1) throw new AliasError("$ directive can only be overwritten by a single character");
    if (/^[a-zA-Z0-9]+$/.test(section.alias.directive))
      throw new AliasError("overwritten directives may not be alphanumeric characters");
    directive = runes[0]!;
  }
  for (const key of aliases.keys()) {
    if (!/^[a-zA-Z0-9]+$/.test(key)) throw new AliasError("alias key names only support alphanumeric characters");
  }
  return { ...substitute(rest, directive, aliases), aliases, skippedSources };
}

const isAlphanumeric = (c: string) => /^[a-zA-Z0-9]$/.test(c);

/** The search and replace: `$name` becomes its alias, `$$` a single `$`, an unknown `$name` stays. */
function substitute(text: string, directive: string, aliases: Map<string, string>): { text: string; lines: LineMap } {
  let out = "";
  let command = "";
  let ongoing = false;
  let inputLine = 1;
  const lines: LineMap = [1];
  const emit = (piece: string, nextLine: number) => {
    for (const c of piece) {
      out += c;
      if (c === "\n") lines.push(nextLine);
    }
  };
  for (const char of text) {
    const after = char === "\n" ? inputLine + 1 : inputLine;
    if (ongoing) {
      if (char === directive && command.length === 0) {
        emit(directive, after);
        ongoing = false;
      } else if (!isAlphanumeric(char)) {
        const resolved = aliases.get(command);
        if (resolved === undefined) {
          emit(directive + command, inputLine);
          emit(char, after);
          ongoing = false;
        } else {
          emit(resolved, inputLine);
          if (char !== directive) {
            ongoing = false;
            emit(char, after);
          }
        }
        command = "";
      } else command += char;
    } else if (char === directive) ongoing = true;
    else emit(char, after);
    inputLine = after;
  }
  return { text: out, lines };
}

/** ExpandCommandAliases: a cmd whose first word is an alias name starts with the alias instead. */
export function expandCommandAlias(cmd: string, aliases: Map<string, string>): string {
  const parts = cmd.trim().split(" ");
  const alias = aliases.get(parts[0]!);
  if (alias === undefined) return cmd;
  parts[0] = alias;
  return parts.join(" ");
}
