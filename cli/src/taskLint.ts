// The task YAML lint (acr-tasks/task-yaml's lintTaskYaml, which reads the task as ACR's runner reads it) as
// `acr-tasks lint` and `acr-tasks run` use it: the task rendered with the run's values (a values file's text,
// the --set ones over it, secret ones as a placeholder), each finding one line that names the file and line.
import { lintTaskYaml, type TaskYamlIssue } from "acr-tasks/task-yaml";
import { oneLine } from "./errors.js";
import type { NamedValue, Platform } from "./inputs.js";

export interface TaskLintInput {
  taskYaml: string;
  /** The task file as the user named it ("-" shown as "<stdin>"), for the findings. */
  taskFile: string;
  /** The --values file's text, and its name as given. */
  values?: { text: string; file: string };
  /** --set and --set-secret values; secret ones render as a placeholder, as the SDK's quickRun renders them. */
  setValues: readonly NamedValue[];
  /** The registry `.Run.Registry` renders as (a placeholder without one). */
  registry?: string;
  platform?: Platform;
}

export interface TaskLintFindings {
  /** acb's refusal (at most one), as lines. */
  errors: string[];
  warnings: string[];
  /** The lint's own result, for -o json. */
  result: { errors: TaskYamlIssue[]; warnings: TaskYamlIssue[] };
}

export function lintTask(input: TaskLintInput): TaskLintFindings {
  const given = Object.fromEntries(
    input.setValues.map((value) => [value.name, value.isSecret ? "secret" : value.value] as const),
  );
  const result = lintTaskYaml(input.taskYaml, {
    ...(input.values ? { values: input.values.text, setValues: given } : { values: given }),
    run: {
      ...(input.registry ? { registry: `${input.registry.toLowerCase()}.azurecr.io` } : {}),
      ...(input.platform ? { os: input.platform.os, architecture: input.platform.architecture } : {}),
    },
  });
  const shown = input.taskFile === "-" ? "<stdin>" : input.taskFile;
  // A values file acb cannot read or serialise is named as the file at fault, not the task.
  const fileOf = (issue: TaskYamlIssue) => (input.values && issue.rule === "values" ? input.values.file : shown);
  return {
    errors: result.errors.map((issue) => issueLine(fileOf(issue), issue, "error")),
    warnings: result.warnings.map((issue) => issueLine(fileOf(issue), issue, "warning")),
    result,
  };
}

/** `file:line: error: message (step 'id')`, as compilers write their findings. */
export function issueLine(file: string, issue: TaskYamlIssue, severity: "error" | "warning"): string {
  const where = issue.line !== undefined ? `${file}:${issue.line}` : file;
  const step = issue.stepId !== undefined ? ` (step '${issue.stepId}')` : "";
  return `${where}: ${severity}: ${oneLine(issue.message)}${step}`;
}

/**
 * The one-step task of `--cmd`, as the SDK's quickRun makes it of its `cmd` option (az acr run --cmd): the
 * command as a YAML double-quoted string (JSON's escapes are YAML's; the Unicode line separators, which
 * YAML 1.1 reads as line breaks, escaped too). The command linted is the task sent.
 */
export function commandTaskYaml(cmd: string): string {
  const quoted = JSON.stringify(cmd)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `steps:\n  - cmd: ${quoted}\n`;
}
