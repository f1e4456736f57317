// acr-tasks/task-yaml: task YAML read exactly as ACR's runner (acb) reads it, as a lint for users
// (lintTaskYaml) and as the resolved task and step graph a runner executes (readTaskYaml).
export { lintTaskYaml, LINT_RUN_PLACEHOLDERS } from "./custom/taskYaml/lint.js";
export type { LintTaskYamlOptions, TaskYamlIssue, TaskYamlLintResult } from "./custom/taskYaml/lint.js";
export { readTaskYaml, ALIAS_SUPPORT_LOG_LINE } from "./custom/taskYaml/readTask.js";
export type {
  ReadingNotes,
  ReadTaskYamlOptions,
  TaskYamlReading,
  TaskYamlReadingBase,
  TaskYamlRefusal,
} from "./custom/taskYaml/readTask.js";
export type { TaskYamlRule } from "./custom/taskYaml/task/refusal.js";
export type { TaskRunData } from "./custom/taskYaml/runData.js";
export type { ValuesInput } from "./custom/taskYaml/values.js";
export type { TaskSecretReference } from "./custom/taskYaml/render.js";
export type { AliasSourceReader } from "./custom/taskYaml/alias.js";
export type { TaskYamlKeyNote } from "./custom/taskYaml/goYaml/decode.js";
export type { TaskDefaults, TaskYamlReplacedDefault } from "./custom/taskYaml/task/initialize.js";
export {
  DEFAULT_NETWORK_NAME,
  DEFAULT_RETRY_DELAY_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
} from "./custom/taskYaml/model.js";
export type {
  ResolvedNetwork,
  ResolvedSecret,
  ResolvedStep,
  ResolvedTask,
  ResolvedVolume,
  ResolvedVolumeMount,
  StepGraph,
} from "./custom/taskYaml/model.js";
