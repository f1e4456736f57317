// The lint's warnings: what acb ignores (unknown keys, a repeated key's first value, missing values), replaces
// (non-positive timeouts and retry delays), or cannot do as written (a step that never starts, a volume
// secret that is not base64, an alias section that makes acb run nothing).
import { unknownKeyMessage } from "./lintKeys.js";
import type { TaskYamlReading } from "./readTask.js";
import type { TaskYamlRule } from "./task/refusal.js";

/** One finding of the lint. */
export interface TaskYamlIssue {
  /** For an error, acb's message; for a warning, what acb does instead of what the text seems to intend. */
  message: string;
  /** For an error, the rule the task breaks (the refusal's, as readTaskYaml reports it). */
  rule?: TaskYamlRule;
  /** 1-based line in the task text. */
  line?: number;
  /** The step's id as acb names it (the one written, or acb_step_<index>). */
  stepId?: string;
}

const stepIndexOf = (path: string) => {
  const match = /^steps\[(\d+)\]/.exec(path);
  return match ? Number(match[1]) : undefined;
};

const isBase64 = (text: string) => text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

export function lintWarnings(reading: TaskYamlReading): TaskYamlIssue[] {
  const { notes } = reading;
  const stepIdAt = (index: number | undefined) => (index === undefined ? undefined : notes.stepIds[index]);
  const warnings: TaskYamlIssue[] = [];
  for (const note of notes.unknownKeys)
    warnings.push({ message: unknownKeyMessage(note), line: note.line, stepId: stepIdAt(stepIndexOf(note.path)) });
  for (const note of notes.repeatedKeys) {
    warnings.push({
      message: `'${note.key}' is given again (first on line ${note.firstLine}): acb keeps only this last value`,
      line: note.line,
      stepId: stepIdAt(stepIndexOf(note.path)),
    });
  }
  const seen = new Set<string>();
  for (const missing of notes.missingKeys) {
    const key = `${missing.path}@${missing.line}`;
    if (!missing.path.startsWith("Values.") || seen.has(key)) continue;
    seen.add(key);
    warnings.push({ message: `{{.${missing.path}}} has no value: acb renders it as empty text`, line: missing.line });
  }
  for (const source of notes.skippedAliasSources)
    warnings.push({ message: `the alias source ${source} was not read: the aliases it defines are left as written` });
  for (const replaced of notes.replacedDefaults) {
    const what = replaced.key === "retryDelay" ? "seconds between retries" : "seconds";
    const message =
      replaced.key === "timeout"
        ? `timeout ${replaced.given} is not positive: acb uses the step timeout of ${replaced.used} seconds instead`
        : `${replaced.key} ${replaced.given} is not positive: acb uses its default of ${replaced.used} ${what}`;
    warnings.push({ message, line: replaced.line, stepId: replaced.stepId });
  }
  switch (reading.outcome) {
    case "nothing-to-run":
      warnings.push({ message: `acb ends this run successfully without running any step: ${reading.reason}` });
      break;
    case "not-checked":
      warnings.push({ message: `the task is not checked: ${reading.reason}` });
      break;
    case "run":
      for (const id of reading.graph.neverStarts) {
        const step = reading.task.steps.find((candidate) => candidate.id === id)!;
        const repeated = step.when.find((dependency, i) => step.when.indexOf(dependency) !== i);
        const why = repeated
          ? `its when names '${repeated}' twice, which acb counts as two dependencies but clears once`
          : "it waits for a step that never starts";
        warnings.push({
          message: `step '${id}' never starts: ${why}; acb waits until the run times out`,
          line: step.line,
          stepId: id,
        });
      }
      for (const volume of reading.task.volumes) {
        for (const [file, content] of Object.entries(volume.secret)) {
          if (!isBase64(content))
            warnings.push({
              message: `volume '${volume.name}' file '${file}' is not base64: acb fails the run when it writes the volume`,
            });
        }
      }
      for (const line of reading.log.filter((entry) => entry.startsWith("error creating build cache command")))
        warnings.push({ message: `acb builds without the cache: ${line}` });
  }
  return warnings;
}
