// The lint users run before queuing a task: errors exactly where ACR's runner (acb) refuses the task, warnings
// for what acb silently ignores or replaces. What only the run knows gets a placeholder.
import { lintWarnings, type TaskYamlIssue } from "./lintWarnings.js";
import { readTaskYaml } from "./readTask.js";
import type { TaskRunData } from "./runData.js";
import type { ValuesInput } from "./values.js";

/** The lint's findings. */
export interface TaskYamlLintResult {
  /** Why acb refuses the task (at most one: acb stops at the first problem). Empty when acb runs it. */
  errors: TaskYamlIssue[];
  /** What acb ignores, replaces, or cannot do as the text seems to intend. */
  warnings: TaskYamlIssue[];
}

/** What lintTaskYaml renders the task with. */
export interface LintTaskYamlOptions {
  /** The run's values: a values file's text, or names to values (read as a values file would be). */
  values?: string | Readonly<Record<string, unknown>>;
  /**
   * Values given one by one (`az acr run --set`, a run request's `values`): strings that win over the
   * values file's of the same name, as ACR applies them.
   */
  setValues?: Readonly<Record<string, string>>;
  /** Run data to render with; what is not given takes the value of LINT_RUN_PLACEHOLDERS. */
  run?: TaskRunData;
  /** Secret values to render with (`{{.Secrets.id}}`); by default `secret:<id>`. */
  secrets?: Readonly<Record<string, string>>;
}

/** What the lint renders `.Run` with when the run is not known yet. */
export const LINT_RUN_PLACEHOLDERS: Readonly<Required<Omit<TaskRunData, "date">>> = {
  id: "run-id",
  registry: "registry.azurecr.io",
  commit: "",
  repository: "",
  branch: "",
  gitTag: "",
  triggeredBy: "",
  sharedVolume: "acb_vol_00000000-0000-0000-0000-000000000000",
  os: "linux",
  osVersion: "",
  architecture: "amd64",
  taskName: "",
};

/** Checks task YAML as acb reads it, with the given values rendered in. */
export function lintTaskYaml(content: string, options: LintTaskYamlOptions = {}): TaskYamlLintResult {
  if (typeof content !== "string") throw new TypeError("content must be a string: the task YAML");
  const values: ValuesInput = {};
  if (typeof options.values === "string") values.file = options.values;
  else if (options.values !== undefined && options.values !== null) {
    if (typeof options.values !== "object" || Array.isArray(options.values))
      throw new TypeError("options.values must be a values file's text or a record of names to values");
    values.file = options.values;
  }
  if (options.setValues !== undefined && options.setValues !== null) {
    if (typeof options.setValues !== "object" || Array.isArray(options.setValues))
      throw new TypeError("options.setValues must be a record of names to string values");
    values.set = options.setValues;
  }
  const reading = readTaskYaml(content, {
    run: { ...LINT_RUN_PLACEHOLDERS, ...options.run },
    values,
    resolveSecret: (secret) => options.secrets?.[secret.id] ?? `secret:${secret.id}`,
  });
  const errors: TaskYamlIssue[] = [];
  if (reading.outcome === "refused") {
    const { message, rule, line, stepId } = reading.refusal;
    errors.push(withoutUndefined({ message, rule, line, stepId }));
  }
  return { errors, warnings: lintWarnings(reading).map(withoutUndefined) };
}

function withoutUndefined(issue: TaskYamlIssue): TaskYamlIssue {
  return Object.fromEntries(
    Object.entries(issue).filter(([, value]) => value !== undefined),
  ) as unknown as TaskYamlIssue;
}

export type { TaskYamlIssue };
