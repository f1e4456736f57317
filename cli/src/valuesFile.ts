// A --values file: YAML of `name: value` lines, as ACR reads a task's values file. The SDK's quickRun takes
// values as name/value pairs (and writes ACR's values file from them), so the file's values must be
// scalars: a nested mapping is refused with the name that holds it. --set values override the file's, as
// ACR lets them. `yaml` loads only for a command given --values.
import { badInput, oneLine } from "./errors.js";
import type { NamedValue } from "./inputs.js";

export async function readValuesFile(text: string, shownPath: string): Promise<NamedValue[]> {
  const { parse } = await import("yaml");
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw badInput(`--values: ${shownPath} is not valid YAML: ${oneLine((error as Error).message)}`);
  }
  if (data === null || data === undefined) return [];
  if (typeof data !== "object" || Array.isArray(data))
    throw badInput(`--values: ${shownPath} must be a mapping of name: value lines`);
  return Object.entries(data as Record<string, unknown>).map(([name, value]) => {
    if (typeof value === "object" && value !== null)
      throw badInput(
        `--values: '${name}' in ${shownPath} is a ${Array.isArray(value) ? "list" : "mapping"}: acr-tasks sends values as name: value pairs (scalars)`,
      );
    return { name, value: value === null ? "" : String(value) };
  });
}

/** The file's values with the --set ones (plain or secret) put over them. */
export function mergeValues(fromFile: readonly NamedValue[], given: readonly NamedValue[]): NamedValue[] {
  const overridden = new Set(given.map((item) => item.name));
  return [...fromFile.filter((item) => !overridden.has(item.name)), ...given];
}
