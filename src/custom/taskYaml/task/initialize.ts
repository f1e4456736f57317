// acb's AddTaskDefaults and initialize: the version checked, the default network added, timeouts and retry
// delays defaulted, env merged, ids given, tags read from build steps (with the build cache flags), push images
// normalised, and the step graph built. Errors are acb's, in acb's order.
import { quoteGo } from "../goTemplate/goFmt.js";
import { structMeta } from "../goYaml/decode.js";
import {
  DEFAULT_NETWORK_NAME,
  DEFAULT_RETRY_DELAY_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
  type ResolvedNetwork,
  type ResolvedStep,
  type ResolvedTask,
} from "../model.js";
import { buildWithCacheFlags, wordsAfter } from "./buildCache.js";
import { buildStepGraph, type StepGraph } from "./dag.js";
import type { DecodedStep, DecodedTask } from "./decodedTask.js";
import { locationOf, nilPointerCrash, TaskRefusal, type RefusalLocation } from "./refusal.js";
import { acbStepId, stepKinds } from "./stepRules.js";

const CURRENT_VERSION = "v1.0.0";
const VALID_VERSIONS = new Set(["1.0-preview-1", CURRENT_VERSION, "v1.1.0"]);

/** What acb's command line adds to the task (ACR's defaults: none of these, and the quick run task name). */
export interface TaskDefaults {
  /** The working directory for a task that gives none (acb's --working-directory). */
  workingDirectory?: string;
  /** An existing network to use as every step's default (created elsewhere). */
  network?: string;
  /** `NAME=value` entries every step gets unless the task sets them (acb's --env; commas split entries). */
  env?: string[];
  /** The task's name (`quickrun` when empty). */
  taskName?: string;
  /** The registry's login server (the build cache's registry when a tag names none). */
  registry?: string;
  /** Default: linux. */
  os?: string;
}

class EnvError extends Error {}

/** mergeEnvs(dest, src): dest's entries, then src's (split on commas) for names dest does not set. */
function mergeEnvs(dest: string[], src: string[]): string[] {
  if (src.length < 1) return dest;
  const names = new Set<string>();
  for (const entry of dest) {
    const equals = entry.indexOf("=");
    if (equals === -1) throw new EnvError(`cannot parse step environment variable ${entry} correctly`);
    names.add(entry.slice(0, equals));
  }
  const merged = [...dest];
  for (const entry of src.flatMap((env) => env.split(","))) {
    const equals = entry.indexOf("=");
    if (equals === -1) throw new EnvError(`cannot parse task environment variable ${entry} correctly`);
    if (!names.has(entry.slice(0, equals))) merged.push(entry);
  }
  return merged;
}

const normalizeImages = (images: string[]) => [
  ...new Set(images.map((image) => (image.includes("@") || image.includes(":") ? image : `${image}:latest`))),
];

/** A value given but not positive, which acb replaces by its default. */
export interface TaskYamlReplacedDefault {
  key: "stepTimeout" | "timeout" | "retryDelay";
  /** The value written. */
  given: number;
  /** The value acb uses instead (seconds). */
  used: number;
  /** Line in the rendered text. */
  line: number;
  /** The step, for a step's timeout or retry delay. */
  stepIndex?: number;
  stepId?: string;
}

export interface InitializedTask {
  task: ResolvedTask;
  graph: StepGraph;
  /** Lines acb logs while preparing the task. */
  log: string[];
  replacedDefaults: TaskYamlReplacedDefault[];
}

export function initializeTask(decoded: DecodedTask, defaults: TaskDefaults): InitializedTask {
  const taskMeta = structMeta(decoded);
  const at = (key: string, stepIndex?: number): RefusalLocation => ({
    line: taskMeta?.keyLines[key],
    lineSpace: "rendered",
    stepIndex,
  });
  const log: string[] = [];
  const os = defaults.os ?? "linux";
  const workingDirectory = decoded.workingDirectory || defaults.workingDirectory || "";
  let env: string[];
  try {
    env = mergeEnvs(decoded.env, defaults.env ?? []);
  } catch (error) {
    throw error instanceof EnvError ? new TaskRefusal(error.message, "env", at("env")) : error;
  }
  const taskName = defaults.taskName || "quickrun";
  const registry = defaults.registry ?? "";
  const declared: (ResolvedNetwork | null)[] = decoded.networks.map((network) => (network ? { ...network } : null));
  if (defaults.network) {
    declared.push({ name: defaults.network, ipv6: false, driver: "external", skipCreation: true, isDefault: true });
  }
  const version = decoded.version || CURRENT_VERSION;
  if (!VALID_VERSIONS.has(version.toLowerCase())) {
    throw new TaskRefusal(
      `invalid version specified: ${quoteGo(version)}, the current version is ${quoteGo(CURRENT_VERSION)}`,
      "version",
      at("version"),
    );
  }
  // acb looks for the last network marked isDefault, from the end (a null entry on the way crashes it).
  let defaultNetwork = DEFAULT_NETWORK_NAME;
  let stepsGetDefaultNetwork = false;
  for (let i = declared.length - 1; i >= 0; i--) {
    const network = declared[i];
    if (!network) throw nilPointerCrash(`networks[${i}]`, at("networks"));
    if (network.isDefault) {
      defaultNetwork = network.name;
      stepsGetDefaultNetwork = true;
      break;
    }
  }
  const nullNetwork = declared.indexOf(null);
  if (nullNetwork !== -1) throw nilPointerCrash(`networks[${nullNetwork}]`, at("networks"));
  const networks = declared as ResolvedNetwork[];
  if (!decoded.isbuildtask && networks.length === 0) {
    networks.push({
      name: defaultNetwork,
      ipv6: false,
      driver: os === "windows" ? "nat" : "bridge",
      skipCreation: false,
      isDefault: true,
    });
    stepsGetDefaultNetwork = true;
  }
  const stepTimeout = decoded.stepTimeout > 0 ? decoded.stepTimeout : DEFAULT_STEP_TIMEOUT_SECONDS;
  const replacedDefaults: TaskYamlReplacedDefault[] = [];
  const stepTimeoutLine = taskMeta?.keyLines.stepTimeout;
  if (decoded.stepTimeout <= 0 && stepTimeoutLine !== undefined)
    replacedDefaults.push({ key: "stepTimeout", given: decoded.stepTimeout, used: stepTimeout, line: stepTimeoutLine });
  let initBuildkitContainer = decoded.initbuildkitcontainer;
  const steps = decoded.steps as DecodedStep[];
  steps.forEach((step, index) => {
    if (!step) throw nilPointerCrash(`steps[${index}]`, at("steps", index));
    step.id = acbStepId(step.id, index);
    const replace = (key: "timeout" | "retryDelay", used: number) => {
      const line = structMeta(step)?.keyLines[key];
      if (line !== undefined)
        replacedDefaults.push({
          key,
          given: step[key],
          used,
          line,
          stepIndex: index,
          stepId: step.id,
        });
      step[key] = used;
    };
    if (step.timeout <= 0) replace("timeout", stepTimeout);
    if (step.retryDelay <= 0) replace("retryDelay", DEFAULT_RETRY_DELAY_SECONDS);
    if (stepsGetDefaultNetwork && step.network === "") step.network = defaultNetwork;
    try {
      step.env = mergeEnvs(step.env, env);
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      const onStep = error.message.includes("step environment");
      throw new TaskRefusal(`failed to merge task and step environment variables: ${error.message}`, "env", {
        line: onStep ? locationOf(step, "env").line : taskMeta?.keyLines.env,
        lineSpace: "rendered",
        stepIndex: index,
        stepId: step.id,
      });
    }
    if (step.workingDirectory === "" && workingDirectory !== "") step.workingDirectory = workingDirectory;
    if (step.build !== "") {
      if (step.tags.length === 0) step.tags = wordsAfter(step.build, ["-t", "--tag"]);
      step.buildargs = wordsAfter(step.build, ["--build-arg"]);
      if (step.cache.toLowerCase() === "enabled") {
        if (os === "linux") {
          const cacheTag = `cache_${taskName}_${step.id}`;
          const flagged = buildWithCacheFlags(step.build, step.tags, cacheTag, registry);
          if ("error" in flagged) log.push(`error creating build cache command ${flagged.error}`);
          else {
            if (step.tags.length > 0) step.defaultbuildcachetag = cacheTag;
            step.build = flagged.build;
            initBuildkitContainer = true;
          }
        } else log.push("build cache is not supported on windows. Will use standard docker build");
      }
    } else if (step.push.length > 0) step.push = normalizeImages(step.push);
  });
  const graph = buildStepGraph(steps);
  const task: ResolvedTask = {
    version,
    stepTimeout,
    workingDirectory,
    env,
    secrets: decoded.secrets.map((secret) => ({
      id: secret!.id,
      keyvault: secret!.keyvault,
      clientID: secret!.clientID,
    })),
    networks,
    volumes: decoded.volumes.map((volume) => ({
      name: volume!.name,
      secret: Object.fromEntries(volume!.secret ?? []),
    })),
    steps: steps.map(resolvedStep),
    taskName,
    registry,
    initBuildkitContainer,
    aliases: false,
  };
  return { task, graph, log, replacedDefaults };
}

function resolvedStep(step: DecodedStep, index: number): ResolvedStep {
  const kinds = stepKinds(step);
  return {
    id: step.id,
    index,
    line: structMeta(step)?.line,
    kind: kinds.cmd ? "cmd" : kinds.build ? "build" : "push",
    cmd: step.cmd,
    build: step.build,
    push: step.push,
    tags: step.tags,
    buildArgs: step.buildargs,
    cache: step.cache,
    usesBuildCache: step.build !== "" && step.cache.toLowerCase() === "enabled",
    buildCacheTag: step.defaultbuildcachetag || undefined,
    workingDirectory: step.workingDirectory,
    entryPoint: step.entryPoint,
    user: step.user,
    network: step.network,
    isolation: step.isolation,
    cpus: step.cpus,
    env: step.env,
    expose: step.expose,
    ports: step.ports,
    when: step.when,
    exitedWith: step.exitedWith,
    exitedWithout: step.exitedWithout,
    timeout: step.timeout,
    startDelay: step.startDelay,
    retryDelay: step.retryDelay,
    retries: step.retries,
    retryOnErrors: step.retryOnErrors,
    repeat: step.repeat,
    keep: step.keep,
    detach: step.detach,
    privileged: step.privileged,
    ignoreErrors: step.ignoreErrors,
    disableWorkingDirectoryOverride: step.disableWorkingDirectoryOverride,
    pull: step.pull,
    volumeMounts: step.volumeMounts.map((mount) => ({ name: mount!.name, mountPath: mount!.mountPath })),
  };
}
