// Turns a run request into the steps the engine plays back: the log lines each step writes, how long
// it takes at timeScale 1, the images it pushes and whether it fails. Planning is pure (given the
// source context), so a run can be replayed or resumed after a restart from its stored plan.
import { posix } from "node:path";
import { normalisePath, sha256, SourceError, type SourceContext } from "./sourceArchive.js";
import { parseTaskDefinition, parseValues, renderTemplate, TaskDefinitionError, type TaskStep } from "./taskYaml.js";

export interface NameValue {
  name: string;
  value: string;
  isSecret?: boolean;
}

/** Everything a run needs, whatever request or task it came from. */
export interface RunSpec {
  kind: "docker" | "encoded" | "file";
  sourceLocation?: string;
  dockerFilePath?: string;
  imageNames?: string[];
  isPushEnabled?: boolean;
  noCache?: boolean;
  target?: string;
  arguments?: NameValue[];
  encodedTaskContent?: string;
  encodedValuesContent?: string;
  taskFilePath?: string;
  valuesFilePath?: string;
  values?: NameValue[];
  timeoutSeconds: number;
}

export interface ImageDescriptor {
  registry: string;
  repository: string;
  tag: string;
  digest: string;
}

export interface PlannedStep {
  id: string;
  lines: string[];
  /** Duration at timeScale 1. */
  realisticMs: number;
  pushes?: ImageDescriptor[];
  failure?: { status: "Failed" | "Error"; message: string };
}

/** The {{.Run.*}} variables of ACR task templates. */
export type RunVariables = Record<string, string>;

export function planRun(spec: RunSpec, source: SourceContext | SourceError, run: RunVariables): PlannedStep[] {
  if (source instanceof SourceError) {
    return [
      {
        id: "source",
        lines: ["Downloading source code...", source.message],
        realisticMs: 800,
        failure: { status: "Error", message: source.message },
      },
    ];
  }
  const steps: PlannedStep[] = [
    {
      id: "source",
      lines: [
        spec.sourceLocation ? "Downloading source code..." : "No source context was given",
        ...(spec.sourceLocation ? [`Finished downloading source code: ${source.description}`] : []),
        `Using acb_vol_${run["ID"]} as the home volume`,
      ],
      realisticMs: 800,
    },
  ];
  let definition: TaskStep[];
  try {
    definition = spec.kind === "docker" ? dockerSteps(spec, run) : taskSteps(spec, source, run);
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error;
    steps.push({
      id: "acb",
      lines: [error.message],
      realisticMs: 200,
      failure: { status: "Failed", message: error.message },
    });
    return steps;
  }
  const built = new Map<string, ImageDescriptor>();
  for (const step of definition) {
    const planned = planStep(step, source, built, run);
    steps.push(planned);
    if (planned.failure && !step.ignoreErrors) break;
    if (planned.failure) delete planned.failure;
  }
  return steps;
}

function dockerSteps(spec: RunSpec, run: RunVariables): TaskStep[] {
  const tags = (spec.imageNames ?? []).map((name) => renderTemplate(name, run, {}));
  const args = [
    ...tags.flatMap((tag) => ["-t", tag]),
    "-f",
    spec.dockerFilePath ?? "Dockerfile",
    ...(spec.target ? ["--target", spec.target] : []),
    ...(spec.noCache ? ["--no-cache"] : []),
    ...(spec.arguments ?? []).flatMap((a) => ["--build-arg", `${a.name}=${a.value}`]),
    ".",
  ];
  const common = { when: [], env: [], timeout: spec.timeoutSeconds, ignoreErrors: false };
  const steps: TaskStep[] = [{ ...common, id: "build", kind: "build", build: args.join(" ") }];
  if (spec.isPushEnabled !== false && tags.length > 0) steps.push({ ...common, id: "push", kind: "push", push: tags });
  return steps;
}

function taskSteps(spec: RunSpec, source: SourceContext, run: RunVariables): TaskStep[] {
  let text: string;
  let valuesText: string | undefined;
  if (spec.kind === "encoded") {
    text = Buffer.from(spec.encodedTaskContent ?? "", "base64").toString("utf8");
    valuesText = spec.encodedValuesContent
      ? Buffer.from(spec.encodedValuesContent, "base64").toString("utf8")
      : undefined;
  } else {
    const file = source.files.get(normalisePath(spec.taskFilePath ?? ""));
    if (!file)
      throw new TaskDefinitionError(`the task file '${spec.taskFilePath}' was not found in the source context`);
    text = file.toString("utf8");
    if (spec.valuesFilePath) {
      const values = source.files.get(normalisePath(spec.valuesFilePath));
      if (!values)
        throw new TaskDefinitionError(`the values file '${spec.valuesFilePath}' was not found in the source context`);
      valuesText = values.toString("utf8");
    }
  }
  const values = {
    ...(valuesText ? parseValues(valuesText) : {}),
    ...Object.fromEntries((spec.values ?? []).map((v) => [v.name, v.value])),
  };
  return parseTaskDefinition(renderTemplate(text, run, values)).steps;
}

function planStep(
  step: TaskStep,
  source: SourceContext,
  built: Map<string, ImageDescriptor>,
  run: RunVariables,
): PlannedStep {
  const header = `Executing step ID: ${step.id}. Timeout(sec): ${step.timeout}, Working directory: '', Network: 'acb_default_network'`;
  const planned =
    step.kind === "build"
      ? planBuild(step, source, built, run)
      : step.kind === "push"
        ? planPush(step, built, run)
        : planCmd(step);
  planned.lines.unshift(header);
  if (planned.realisticMs > step.timeout * 1000) {
    const message = `step '${step.id}' timed out after ${step.timeout} seconds`;
    return {
      id: step.id,
      lines: [...planned.lines.slice(0, 3), message],
      realisticMs: step.timeout * 1000,
      failure: { status: "Failed", message },
    };
  }
  if (planned.failure) planned.lines.push(`failed to run step ID: ${step.id}: ${planned.failure.message}`);
  return planned;
}

function planBuild(
  step: TaskStep,
  source: SourceContext,
  built: Map<string, ImageDescriptor>,
  run: RunVariables,
): PlannedStep {
  const words = step.build!.split(/\s+/);
  const tags: string[] = [];
  const buildArgs: string[] = [];
  let file: string | undefined;
  let target = "";
  let context = ".";
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const [flag, inline] =
      word.includes("=") && word.startsWith("--")
        ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]
        : [word, undefined];
    const value = () => inline ?? words[++i] ?? "";
    if (flag === "-t" || flag === "--tag") tags.push(value());
    else if (flag === "-f" || flag === "--file") file = value();
    else if (flag === "--target") target = value();
    else if (flag === "--build-arg") buildArgs.push(value());
    else if (!flag.startsWith("-")) context = flag;
  }
  const dockerfilePath = normalisePath(posix.join(context, file ?? "Dockerfile"));
  const dockerfile = source.files.get(dockerfilePath);
  const lines = [`Launching container with name: ${step.id}`];
  if (!dockerfile) {
    const message = `unable to prepare context: the Dockerfile '${file ?? "Dockerfile"}' was not found in the source context (looked for '${dockerfilePath}')`;
    lines.push(
      `unable to evaluate symlinks in Dockerfile path: lstat /workspace/${dockerfilePath}: no such file or directory`,
    );
    return {
      id: step.id,
      lines,
      realisticMs: 600,
      failure: { status: "Failed", message: `failed during run, err: build step '${step.id}': ${message}` },
    };
  }
  const instructions = dockerfile
    .toString("utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const digest = sha256(
    [
      source.digest,
      dockerfilePath,
      dockerfile.toString("base64"),
      target,
      ...buildArgs,
      run["OS"],
      run["Architecture"],
    ].join("\n"),
  );
  const contextBytes = [...source.files.values()].reduce((sum, content) => sum + content.length, 0);
  lines.push(`Sending build context to Docker daemon  ${(contextBytes / 1024).toFixed(2)}kB`);
  instructions.forEach((instruction, index) =>
    lines.push(
      `Step ${index + 1}/${instructions.length} : ${instruction}`,
      ` ---> ${digest.slice(7 + index, 19 + index)}`,
    ),
  );
  lines.push(`Successfully built ${digest.slice(7, 19)}`);
  for (const tag of tags) {
    const image = parseImage(tag, run["Registry"]!, digest);
    built.set(fullName(image), image);
    lines.push(`Successfully tagged ${fullName(image)}`);
  }
  lines.push(`Successfully executed container: ${step.id}`);
  return { id: step.id, lines, realisticMs: 1500 + 400 * instructions.length };
}

function planPush(step: TaskStep, built: Map<string, ImageDescriptor>, run: RunVariables): PlannedStep {
  const lines: string[] = [];
  const pushes: ImageDescriptor[] = [];
  for (const name of step.push!) {
    const wanted = parseImage(name, run["Registry"]!, "");
    const image = built.get(fullName(wanted));
    if (!image) {
      const message = `failed during run, err: push step '${step.id}': an image does not exist locally with the tag: ${fullName(wanted)}`;
      lines.push(`Pushing image: ${fullName(wanted)}, attempt 1`, message);
      return { id: step.id, lines, realisticMs: 500, failure: { status: "Failed", message } };
    }
    lines.push(
      `Pushing image: ${fullName(image)}, attempt 1`,
      `The push refers to repository [${image.registry}/${image.repository}]`,
      `${image.tag}: digest: ${image.digest} size: 1570`,
    );
    pushes.push(image);
  }
  lines.push(`Successfully pushed image: ${pushes.map(fullName).join(", ")}`);
  return { id: step.id, lines, realisticMs: 700 * step.push!.length, pushes };
}

/** A cmd runs a container; `sleep N`, `exit N` and `echo ...` (with $ENV) in its arguments behave as in a shell. */
function planCmd(step: TaskStep): PlannedStep {
  const command = step.cmd!;
  const lines = [`Launching container with name: ${step.id}`];
  const echo = /\becho\s+(.+?)(?:\s*(?:&&|;)|$)/.exec(command);
  if (echo) lines.push(expandEnv(echo[1]!.replace(/^["']|["']$/g, ""), step.env));
  const sleep = /\bsleep\s+(\d+(?:\.\d+)?)/.exec(command);
  const realisticMs = 400 + (sleep ? Number(sleep[1]) * 1000 : 0);
  const exit = /\bexit\s+(\d+)/.exec(command);
  if (exit && Number(exit[1]) !== 0) {
    lines.push(`Container failed during run: ${step.id}. No retries remaining.`);
    return {
      id: step.id,
      lines,
      realisticMs,
      failure: { status: "Failed", message: `failed during run, err: step '${step.id}': exit status ${exit[1]}` },
    };
  }
  lines.push(`Successfully executed container: ${step.id}`);
  return { id: step.id, lines, realisticMs };
}

/** Expands $NAME and ${NAME} from the step's `env` (NAME=value entries), as the container's shell would. */
function expandEnv(text: string, env: string[]): string {
  const variables = new Map(
    env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (match, name: string) => variables.get(name) ?? match);
}

/** Splits `registry/repository:tag`; names without a registry belong to the run's registry. */
export function parseImage(name: string, defaultRegistry: string, digest: string): ImageDescriptor {
  const slash = name.indexOf("/");
  const first = slash > 0 ? name.slice(0, slash) : "";
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const registry = hasRegistry ? first : defaultRegistry;
  const rest = hasRegistry ? name.slice(slash + 1) : name;
  const colon = rest.lastIndexOf(":");
  return colon > 0
    ? { registry, repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest }
    : { registry, repository: rest, tag: "latest", digest };
}

function fullName(image: ImageDescriptor): string {
  return `${image.registry}/${image.repository}:${image.tag}`;
}

/** Hides secret values (secret build arguments and task values) in log lines, as ACR does. */
export function maskSecrets(lines: string[], spec: RunSpec): string[] {
  const secrets = [...(spec.arguments ?? []), ...(spec.values ?? [])]
    .filter((v) => v.isSecret && v.value)
    .map((v) => v.value);
  if (secrets.length === 0) return lines;
  return lines.map((line) => secrets.reduce((masked, secret) => masked.split(secret).join("*****"), line));
}
