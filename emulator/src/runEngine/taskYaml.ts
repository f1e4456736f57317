// ACR's multi-step task format (acb.yaml): the text is rendered first ({{.Run.ID}}, {{.Values.x}},
// as ACR renders its Go template before parsing), then parsed as YAML and checked. The YAML is read as
// ACR's runner reads it (Go's non-strict YAML): a key given twice takes its last value, which matters
// because `az acr run -f` prepends a `version:` line to a file that may have one already. Anything ACR would
// refuse (invalid YAML, an unknown step kind or property, a `when` naming an unknown step) becomes a
// TaskDefinitionError whose message the run reports as its runErrorMessage.
import { parse as parseYaml, YAMLParseError } from "yaml";

export class TaskDefinitionError extends Error {}

const nonStrict = { uniqueKeys: false } as const;

export type StepKind = "build" | "push" | "cmd";

export interface TaskStep {
  id: string;
  kind: StepKind;
  /** The build arguments or cmd line; for push, the images. */
  build?: string;
  cmd?: string;
  push?: string[];
  when: string[];
  env: string[];
  /** Seconds. */
  timeout: number;
  ignoreErrors: boolean;
}

export interface TaskDefinition {
  version: string;
  steps: TaskStep[];
}

/** Step properties ACR accepts besides the step kind; anything else is refused. */
const stepProperties = new Set([
  "id",
  "when",
  "env",
  "timeout",
  "ignoreErrors",
  "workingDirectory",
  "entryPoint",
  "user",
  "network",
  "isolation",
  "secret",
  "detach",
  "ports",
  "expose",
  "keep",
  "startDelay",
  "retries",
  "retryDelay",
  "retryOnErrors",
  "repeat",
  "privileged",
  "pull",
  "disableWorkingDirectoryOverride",
  "cache",
]);
const topLevelProperties = new Set([
  "version",
  "steps",
  "stepTimeout",
  "env",
  "secrets",
  "networks",
  "volumes",
  "workingDirectory",
  "alias",
  "totalTimeout",
]);
const defaultStepTimeout = 600;

/** Renders `{{.Run.X}}` and `{{.Values.X}}`; an unknown name or construct fails clearly. */
export function renderTemplate(
  text: string,
  run: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_match, expression: string) => {
    const reference = /^\.(Run|Values)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
    if (!reference)
      throw new TaskDefinitionError(
        `unsupported template expression '{{${expression}}}': only {{.Run.<Name>}} and {{.Values.<name>}} are supported`,
      );
    const [, scope, name] = reference;
    const source = scope === "Run" ? run : values;
    const value = source[name!];
    if (value === undefined)
      throw new TaskDefinitionError(`template references {{.${scope}.${name}}}, which is not defined`);
    return value;
  });
}

/** Parses a values file (`name: value` YAML) into strings. */
export function parseValues(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, nonStrict);
  } catch (error) {
    throw new TaskDefinitionError(`the values file is not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed))
    throw new TaskDefinitionError("the values file must be a map of names to values");
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

export function parseTaskDefinition(text: string): TaskDefinition {
  let document: unknown;
  try {
    document = parseYaml(text, nonStrict);
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split("\n")[0] : (error as Error).message;
    throw new TaskDefinitionError(`failed to parse the task definition: invalid YAML: ${detail}`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new TaskDefinitionError("failed to parse the task definition: expected a map with 'version' and 'steps'");
  }
  const root = document as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!topLevelProperties.has(key))
      throw new TaskDefinitionError(`failed to parse the task definition: unknown property '${key}'`);
  }
  const version = root["version"] === undefined ? "v1.0.0" : String(root["version"]);
  if (!/^v1\.\d+\.\d+$/.test(version))
    throw new TaskDefinitionError(`unsupported task version '${version}': expected v1.x.y`);
  const stepTimeout = root["stepTimeout"] === undefined ? defaultStepTimeout : Number(root["stepTimeout"]);
  const globalEnv = stringList(root["env"], "env");
  if (!Array.isArray(root["steps"]) || root["steps"].length === 0)
    throw new TaskDefinitionError("the task definition has no steps: 'steps' must be a non-empty list");
  const steps = (root["steps"] as unknown[]).map((raw, index) => parseStep(raw, index, stepTimeout, globalEnv));
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) throw new TaskDefinitionError(`step id '${step.id}' is used by more than one step`);
    ids.add(step.id);
  }
  for (const step of steps) {
    for (const dependency of step.when) {
      if (dependency !== "-" && !ids.has(dependency))
        throw new TaskDefinitionError(`step '${step.id}' has 'when: ${dependency}', but no step has that id`);
    }
  }
  return { version, steps };
}

function parseStep(raw: unknown, index: number, stepTimeout: number, globalEnv: string[]): TaskStep {
  const label = `step ${index + 1}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new TaskDefinitionError(`${label} must be a map (e.g. '- build: -t image .')`);
  const step = raw as Record<string, unknown>;
  const kinds = (["build", "push", "cmd"] as const).filter((kind) => kind in step);
  const unknown = Object.keys(step).filter(
    (key) => !stepProperties.has(key) && !["build", "push", "cmd"].includes(key),
  );
  if (unknown.length > 0) {
    throw new TaskDefinitionError(
      `${label} has an unknown step kind or property '${unknown[0]}': a step is one of build, push or cmd`,
    );
  }
  if (kinds.length !== 1)
    throw new TaskDefinitionError(
      `${label} must have exactly one of build, push or cmd (found ${kinds.length === 0 ? "none" : kinds.join(", ")})`,
    );
  const kind = kinds[0]!;
  const id = step["id"] === undefined ? `acb_step_${index}` : String(step["id"]);
  const base: TaskStep = {
    id,
    kind,
    when: step["when"] === undefined ? [] : stringList(step["when"], `${label} when`),
    env: [...globalEnv, ...stringList(step["env"], `${label} env`)],
    timeout: step["timeout"] === undefined ? stepTimeout : Number(step["timeout"]),
    ignoreErrors: step["ignoreErrors"] === true,
  };
  if (!(base.timeout > 0))
    throw new TaskDefinitionError(`${label} has an invalid timeout '${String(step["timeout"])}'`);
  const value = step[kind];
  if (kind === "push") {
    const images = Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
    if (images.length === 0) throw new TaskDefinitionError(`${label}: push needs a list of images`);
    return { ...base, push: images };
  }
  if (typeof value !== "string" || value.trim() === "")
    throw new TaskDefinitionError(`${label}: ${kind} needs a non-empty string`);
  return { ...base, [kind]: value.trim() };
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.map(String);
  throw new TaskDefinitionError(`${what} must be a list of strings`);
}
