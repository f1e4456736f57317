// The task a run executes, read by acr-tasks/task-yaml exactly as acb reads it: the encoded or file task with
// its values (the values file, then the request's values as --set values), alias sources from the run's
// context, and for a Docker build the build and push steps `acb build` makes of the request.
import {
  readTaskYaml,
  type ResolvedStep,
  type StepGraph,
  type TaskRunData,
  type TaskYamlReading,
  type ValuesInput,
} from "acr-tasks/task-yaml";
import { normalizeImageTag, prefixRegistry } from "./images.js";
import type { RunSpec } from "./runSpec.js";
import { normalisePath, type SourceContext } from "./sourceArchive.js";

/** A task file or values file the run names is not in its context: acb cannot open it. */
export interface UnreadableTask {
  outcome: "unreadable";
  message: string;
  log: string[];
}

export type RunTaskReading = TaskYamlReading | UnreadableTask;

/** `acb build`'s step timeouts (templating/task_creator.go): 8 hours to build, 30 minutes to push. */
const BUILD_TIMEOUT_SECONDS = 28800;
const PUSH_TIMEOUT_SECONDS = 1800;

const decode = (base64: string | undefined) => Buffer.from(base64 ?? "", "base64").toString("utf8");
const isUrl = (source: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(source);

export function readRunTask(spec: RunSpec, source: SourceContext, run: TaskRunData): RunTaskReading {
  const set = Object.fromEntries((spec.values ?? []).map((value) => [value.name, value.value]));
  const readFile = (path: string) => source.files.get(normalisePath(path))?.toString("utf8");
  const missing = (path: string): UnreadableTask => ({
    outcome: "unreadable",
    message: `open ${path}: no such file or directory`,
    log: [],
  });
  let file: string | undefined;
  if (spec.kind === "file" && spec.valuesFilePath) {
    file = readFile(spec.valuesFilePath);
    if (file === undefined) return missing(spec.valuesFilePath);
  } else if (spec.encodedValuesContent) file = decode(spec.encodedValuesContent);
  const values = { ...(file !== undefined ? { file } : {}), set };
  if (spec.kind === "docker") return dockerBuildTask(spec, run, values);
  let text: string;
  if (spec.kind === "encoded") text = decode(spec.encodedTaskContent);
  else {
    const task = readFile(spec.taskFilePath ?? "");
    if (task === undefined) return missing(spec.taskFilePath ?? "");
    text = task;
  }
  return readTaskYaml(text, {
    run,
    values,
    ...(spec.kind === "file" ? { templateName: spec.taskFilePath } : {}),
    // A source in the context is read from it; a URL cannot be fetched offline and is left out.
    readAliasSource: (aliasSource) => {
      if (isUrl(aliasSource)) return undefined;
      const content = readFile(aliasSource);
      if (content === undefined) throw new Error(`open ${aliasSource}: no such file or directory`);
      return content;
    },
  });
}

/**
 * What `acb build` runs (builder/task_creator.go, CreateBuildTask): the `docker build` arguments rendered as
 * a template, the tags prefixed with the registry, a `build` step and, when pushing, a `push` step after it;
 * no network of its own.
 */
function dockerBuildTask(spec: RunSpec, run: TaskRunData, values: ValuesInput): TaskYamlReading {
  const args = [
    ...(spec.noCache ? ["--no-cache"] : []),
    ...(spec.dockerFilePath ? ["-f", spec.dockerFilePath] : []),
    ...(spec.imageNames ?? []).flatMap((tag) => ["-t", tag]),
    ...(spec.arguments ?? []).flatMap((argument) => ["--build-arg", `${argument.name}=${argument.value}`]),
    ...(spec.target ? ["--target", spec.target] : []),
    ".",
  ].join(" ");
  // isbuildtask: acb's own field, which keeps the default network out.
  const yaml = `isbuildtask: true\nsteps:\n  - id: build\n    timeout: ${BUILD_TIMEOUT_SECONDS}\n    build: |-\n      ${args}\n`;
  const reading = readTaskYaml(yaml, { run, values, templateName: "build" });
  if (reading.outcome !== "run") return reading;
  const registry = run.registry ?? "";
  const build = reading.task.steps[0]!;
  const tags = build.tags.map((tag) => prefixRegistry(tag, registry));
  const words = build.build.split(/\s+/);
  words.forEach((word, index) => {
    if (index > 0 && ["-t", "--tag"].includes(words[index - 1]!)) words[index] = prefixRegistry(word, registry);
  });
  const steps: ResolvedStep[] = [{ ...build, build: words.join(" "), tags }];
  if (spec.isPushEnabled !== false && tags.length > 0)
    steps.push({
      ...build,
      id: "push",
      index: 1,
      kind: "push",
      build: "",
      tags: [],
      buildArgs: [],
      // As acb normalises a push step's images: `:latest` where neither a tag nor a digest is given.
      push: [...new Set(tags.map(normalizeImageTag))],
      timeout: PUSH_TIMEOUT_SECONDS,
      when: ["build"],
    });
  const graph: StepGraph = {
    order: steps.map((step) => step.id),
    dependsOn: { build: [], ...(steps[1] ? { push: ["build"] } : {}) },
    dependents: { build: steps[1] ? ["push"] : [], ...(steps[1] ? { push: [] } : {}) },
    roots: ["build"],
    waves: steps.map((step) => [step.id]),
    neverStarts: [],
  };
  return { ...reading, task: { ...reading.task, steps }, graph };
}
