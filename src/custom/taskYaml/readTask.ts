// Reads a task as `acb exec` does before running it: comment lines dropped, aliases applied (v1.1.0), the
// template rendered, the YAML unmarshalled and validated, defaults applied, the step graph built. The outcome
// is what acb then does: run the task, refuse it with its message, or end without running a step.
import {
  AliasError,
  aliasesEnabled,
  expandCommandAlias,
  findVersion,
  replaceAliases,
  separateAliasSection,
  type AliasSourceReader,
} from "./alias.js";
import type { TaskYamlKeyNote } from "./goYaml/decode.js";
import { UnsupportedFunctionError } from "./goTemplate/functions.js";
import { StricterYamlError } from "./goYaml/yamlTree.js";
import { composeLines, dropCommentLines, sourceLine, type LineMap } from "./lineMap.js";
import type { ResolvedTask } from "./model.js";
import { loadAndRenderSteps, type RenderContext, type TaskSecretReference } from "./render.js";
import type { TaskRunData } from "./runData.js";
import type { StepGraph } from "./task/dag.js";
import { initializeTask, type TaskYamlReplacedDefault, type TaskDefaults } from "./task/initialize.js";
import { TaskRefusal, type TaskYamlRule } from "./task/refusal.js";
import { acbStepId } from "./task/stepRules.js";
import { newTaskFromString } from "./task/unmarshalTask.js";
import type { ValuesInput } from "./values.js";

/** The line acb logs when it applies aliases (version v1.1.0 or later). */
export const ALIAS_SUPPORT_LOG_LINE =
  "Alias support enabled for version >= 1.1.0, please see https://aka.ms/acr/tasks/task-aliases for more information.";

/** What readTaskYaml reads a task with: what ACR passes acb for the run. */
export interface ReadTaskYamlOptions {
  /** What ACR passes acb about the run (.Run, .Build, the build cache's task name and registry). */
  run?: TaskRunData;
  /** The run's values: the values file and the --set (secret) values. */
  values?: ValuesInput;
  /** The template's name in acb's errors: `decoded` for a task ACR passes encoded (the default). */
  templateName?: string;
  /** acb's --working-directory, --network and --env defaults (ACR passes none by default). */
  defaults?: Pick<TaskDefaults, "workingDirectory" | "network" | "env">;
  /** A secret's value (acb reads it from Key Vault). Default: the placeholder `secret:<id>`. */
  resolveSecret?: (secret: TaskSecretReference) => string;
  /**
   * An alias source's text (a file of the run's context, or a URL), undefined when it cannot be read here
   * (the source is then left out and listed in notes), or throws with acb's read error. Default: none read.
   */
  readAliasSource?: AliasSourceReader;
}

/** A refusal as acb reports it, with where the problem is in the text given. */
export interface TaskYamlRefusal {
  /** acb's message, e.g. `failed to unmarshal task before running: step must specify retries >= 0`. */
  message: string;
  /** The rule the task breaks. */
  rule: TaskYamlRule;
  /** 1-based line of the task text given. */
  line?: number;
  /** The step at fault, as acb names it (the id written, or acb_step_<index>). */
  stepId?: string;
  /** The step at fault: its 0-based position in `steps`. */
  stepIndex?: number;
}

/** What acb read but does not act on, for warnings and logs. */
export interface ReadingNotes {
  /** Keys acb ignores (go-yaml is not strict), with the Go type they were read into. */
  unknownKeys: TaskYamlKeyNote[];
  /** Keys given twice in one mapping: acb keeps the last. */
  repeatedKeys: TaskYamlKeyNote[];
  /** Map lookups that found no key (e.g. `Values.tag`): acb renders them as empty text. */
  missingKeys: { path: string; line?: number }[];
  /** Alias sources that were not read (and so define no aliases here). */
  skippedAliasSources: string[];
  /** Timeouts and retry delays given but not positive, which acb replaces by its defaults. */
  replacedDefaults: TaskYamlReplacedDefault[];
  /** The step ids as acb names them (written, or acb_step_<index>), once the YAML is read. */
  stepIds: string[];
}

/** What every outcome of readTaskYaml carries. */
export interface TaskYamlReadingBase {
  /** Lines acb logs while reading the task (to be printed before the steps run). */
  log: string[];
  notes: ReadingNotes;
}

/**
 * What acb does with the task: run it (the resolved task, its step graph and the rendered text), refuse it
 * (acb's message), or end the run successfully without running a step (acb drops alias errors and exits 0).
 * `not-checked`: this module cannot tell, because the template calls a function whose result only ACR's
 * machine knows (time, randomness, environment; `functionName`), or the YAML is one libyaml reads and the
 * `yaml` package cannot (`reason` says which).
 */
export type TaskYamlReading =
  | (TaskYamlReadingBase & { outcome: "run"; task: ResolvedTask; graph: StepGraph; rendered: string })
  | (TaskYamlReadingBase & { outcome: "refused"; refusal: TaskYamlRefusal })
  | (TaskYamlReadingBase & { outcome: "nothing-to-run"; reason: string })
  | (TaskYamlReadingBase & { outcome: "not-checked"; reason: string; functionName?: string });

/**
 * Reads task YAML as `acb exec` does before it runs the task (see docs/task-yaml.md): the outcome, with
 * every step typed and defaulted as acb does and the graph acb schedules the steps by.
 */
export function readTaskYaml(content: string, options: ReadTaskYamlOptions = {}): TaskYamlReading {
  const run = options.run ?? {};
  const log: string[] = [];
  const notes: ReadingNotes = {
    unknownKeys: [],
    repeatedKeys: [],
    missingKeys: [],
    skippedAliasSources: [],
    replacedDefaults: [],
    stepIds: [],
  };
  const stripped = dropCommentLines(content);
  const lineMaps: { template: LineMap; aliasTemplate: LineMap; rendered: LineMap } = {
    template: stripped.lines,
    aliasTemplate: stripped.lines,
    rendered: stripped.lines,
  };
  const toSource = (line: number | undefined, space: keyof typeof lineMaps) =>
    line === undefined ? undefined : sourceLine(lineMaps[space], line);
  const context: RenderContext = {
    run,
    values: options.values ?? {},
    resolveSecret: options.resolveSecret ?? ((secret) => `secret:${secret.id}`),
    onMissingKey: (path, line) => notes.missingKeys.push({ path, line: toSource(line, "template") }),
  };
  const refused = (refusal: TaskRefusal): TaskYamlReading => {
    const { line, lineSpace, stepIndex, stepId } = refusal.location;
    const space = lineSpace === "alias-template" ? "aliasTemplate" : (lineSpace ?? "rendered");
    return {
      outcome: "refused",
      refusal: { message: refusal.message, rule: refusal.rule, line: toSource(line, space), stepId, stepIndex },
      log,
      notes,
    };
  };
  try {
    let templateText = stripped.text;
    let aliases: Map<string, string> | undefined;
    if (aliasesEnabled(findVersion(templateText))) {
      log.push(ALIAS_SUPPORT_LOG_LINE);
      const section = separateAliasSection(templateText);
      lineMaps.aliasTemplate = composeLines(stripped.lines, section.aliasLines);
      let renderedAlias;
      try {
        renderedAlias = loadAndRenderSteps(
          "aliasData",
          section.alias,
          { ...context, onMissingKey: undefined },
          "alias-template",
        );
      } catch (error) {
        if (error instanceof TaskRefusal) return refused(error.wrap("unable to render alias data"));
        throw error;
      }
      try {
        const replaced = replaceAliases(
          renderedAlias.text,
          section.rest,
          run.os ?? "linux",
          options.readAliasSource ?? (() => undefined),
        );
        notes.skippedAliasSources.push(...replaced.skippedSources);
        templateText = replaced.text;
        lineMaps.template = composeLines(composeLines(stripped.lines, section.restLines), replaced.lines);
        aliases = replaced.aliases;
      } catch (error) {
        if (error instanceof AliasError) {
          const reason = `unable to search/replace aliases in task: ${error.message}`;
          return { outcome: "nothing-to-run", reason, log, notes };
        }
        throw error;
      }
    }
    let rendered;
    try {
      rendered = loadAndRenderSteps(options.templateName ?? "decoded", templateText, context, "template");
    } catch (error) {
      if (error instanceof TaskRefusal) return refused(error.wrap("unable to render task"));
      throw error;
    }
    lineMaps.rendered = composeLines(lineMaps.template, rendered.lines);
    let unmarshalled;
    try {
      unmarshalled = newTaskFromString(rendered.text);
    } catch (error) {
      if (error instanceof TaskRefusal)
        return refused(
          error.wrap("failed to deserialize task and validate").wrap("failed to unmarshal task before running"),
        );
      throw error;
    }
    const mapKeys = (keys: TaskYamlKeyNote[]) =>
      keys.map((key) => ({
        ...key,
        line: toSource(key.line, "rendered") ?? key.line,
        firstLine: toSource(key.firstLine, "rendered"),
      }));
    notes.unknownKeys = mapKeys(unmarshalled.unknownKeys);
    notes.stepIds = unmarshalled.task.steps.map((step, index) => acbStepId(step?.id ?? "", index));
    notes.repeatedKeys = mapKeys(unmarshalled.repeatedKeys);
    let initialized;
    try {
      initialized = initializeTask(unmarshalled.task, {
        ...options.defaults,
        taskName: run.taskName,
        registry: run.registry,
        os: run.os,
      });
    } catch (error) {
      if (error instanceof TaskRefusal) return refused(error.wrap("failed to unmarshal task before running"));
      throw error;
    }
    const { task, graph } = initialized;
    log.push(...initialized.log);
    notes.replacedDefaults = initialized.replacedDefaults.map((replaced) => ({
      ...replaced,
      line: toSource(replaced.line, "rendered") ?? replaced.line,
    }));
    for (const step of task.steps) {
      step.line = toSource(step.line, "rendered");
      if (aliases) step.cmd = expandCommandAlias(step.cmd, aliases);
    }
    task.aliases = aliases !== undefined;
    return { outcome: "run", task, graph, rendered: rendered.text, log, notes };
  } catch (error) {
    if (error instanceof UnsupportedFunctionError) {
      const reason = `the template calls ${error.functionName}, which only ACR can evaluate`;
      return { outcome: "not-checked", reason, functionName: error.functionName, log, notes };
    }
    if (error instanceof StricterYamlError) {
      // The line counts in the rendered text; point at the line written.
      const line = sourceLine(lineMaps.rendered, error.line) ?? error.line;
      return { outcome: "not-checked", reason: new StricterYamlError(line).message, log, notes };
    }
    throw error;
  }
}
