// The task as acb holds it once read: every step field typed and defaulted as acb does, ready to execute.
/** acb's step timeout when neither the step nor the task gives a positive one (seconds). */
export const DEFAULT_STEP_TIMEOUT_SECONDS = 600;
/** acb's delay between retries when a step gives none, or zero or less (seconds). */
export const DEFAULT_RETRY_DELAY_SECONDS = 5;
/** The network acb creates for a task that declares none, and runs each step on. */
export const DEFAULT_NETWORK_NAME = "acb_default_network";

/** A volume mounted into a cmd step's container. */
export interface ResolvedVolumeMount {
  /** The task volume's name. */
  name: string;
  /** Where the volume's files appear in the container. */
  mountPath: string;
}

/** A step as acb holds it before running it. */
export interface ResolvedStep {
  /** The id acb runs the step under: the one written, or `acb_step_<index>`. */
  id: string;
  /** 0-based position in `steps`. */
  index: number;
  /** Line of the step in the task text given (before rendering), when known. */
  line?: number;
  /** Which of cmd, build and push the step gives (acb allows exactly one). */
  kind: "cmd" | "build" | "push";
  /** The container and its arguments (for a cmd step; a leading alias name already expanded). */
  cmd: string;
  /** The `docker build` arguments as acb runs them (with the buildx cache flags when the build cache applies). */
  build: string;
  /** Images to push: `:latest` added where no tag or digest is given, duplicates removed. */
  push: string[];
  /** The images a build step tags (`-t`/`--tag`). */
  tags: string[];
  /** The `--build-arg` values of a build step. */
  buildArgs: string[];
  /** `cache` as written (acb compares it without regard to case). */
  cache: string;
  /** Whether acb builds this step with buildx and the registry cache (cache enabled, on Linux). */
  usesBuildCache: boolean;
  /** The cache image tag, `cache_<task name>_<step id>`, when the cache flags were added. */
  buildCacheTag?: string;
  /** The container's working directory (the task's when the step gives none). */
  workingDirectory: string;
  /** The container's entry point, when overridden. */
  entryPoint: string;
  /** The container's user, when given. */
  user: string;
  /** The network the step's container joins (the task's default network when the step names none). */
  network: string;
  /** The container's isolation (Windows), as written. */
  isolation: string;
  /** The container's CPU limit, as written. */
  cpus: string;
  /** `NAME=value` entries: the step's own, then the task's for names the step does not set. */
  env: string[];
  /** Ports the container exposes. */
  expose: string[];
  /** Ports published to the host. */
  ports: string[];
  /** As written: `["-"]`, step ids, or empty (after the previous step). */
  when: string[];
  /** Exit codes acb counts as success (as written; acb's runner does not act on them). */
  exitedWith: number[];
  /** Exit codes acb counts as failure (as written; acb's runner does not act on them). */
  exitedWithout: number[];
  /** Seconds; the task's stepTimeout (600 by default) when not positive. */
  timeout: number;
  /** Seconds acb waits before starting the step. */
  startDelay: number;
  /** Seconds between retries; 5 when not positive. */
  retryDelay: number;
  /** Further attempts after a failure. */
  retries: number;
  /** Error texts a retry is limited to (acb retries on any failure when empty). */
  retryOnErrors: string[];
  /** Further runs after the first. */
  repeat: number;
  /** Keep the container after the step (acb removes it otherwise). */
  keep: boolean;
  /** Run the container in the background: the step ends once the container has started. */
  detach: boolean;
  /** Run the container privileged. */
  privileged: boolean;
  /** A failure marks the step successful (acb logs the error) and its dependents still start. */
  ignoreErrors: boolean;
  /** Keep the container's own working directory rather than acb's. */
  disableWorkingDirectoryOverride: boolean;
  /** Pull the image before running a cmd step. */
  pull: boolean;
  /** Task volumes mounted into a cmd step's container. */
  volumeMounts: ResolvedVolumeMount[];
}

/** A secret the task declares (its value is `{{.Secrets.<id>}}`). */
export interface ResolvedSecret {
  id: string;
  /** The Key Vault secret's URL. */
  keyvault: string;
  /** The user-assigned identity's client id acb reads the secret with (empty: the system identity). */
  clientID: string;
}

/** A Docker network of the task. */
export interface ResolvedNetwork {
  name: string;
  /** `bridge` for the default network (`nat` on Windows); as written otherwise. */
  driver: string;
  ipv6: boolean;
  /** The network exists already: acb neither creates nor removes it. */
  skipCreation: boolean;
  /** Steps that name no network join this one (the last one marked, from the end). */
  isDefault: boolean;
}

/** A volume of the task, filled with secret files before the steps run. */
export interface ResolvedVolume {
  name: string;
  /** File name to base64-encoded content, written into the volume before the steps run. */
  secret: Record<string, string>;
}

/** A task as acb holds it before running it. */
export interface ResolvedTask {
  /** As written, or v1.0.0. */
  version: string;
  /** Seconds (600 when not positive). */
  stepTimeout: number;
  /** The working directory steps get when they give none. */
  workingDirectory: string;
  /** `NAME=value` entries every step gets (after its own). */
  env: string[];
  secrets: ResolvedSecret[];
  /** The networks acb creates (or skips), the default one added when the task declares none. */
  networks: ResolvedNetwork[];
  volumes: ResolvedVolume[];
  /** In file order. */
  steps: ResolvedStep[];
  /** The task name acb uses (`quickrun` for a run without one). */
  taskName: string;
  /** The registry's login server (from the run data). */
  registry: string;
  /** Whether acb starts a buildkit container first (some step uses the build cache). */
  initBuildkitContainer: boolean;
  /** Whether aliases were applied (version v1.1.0 or later). */
  aliases: boolean;
}

/** How acb's runner schedules the steps. */
export interface StepGraph {
  /** Step ids in file order. */
  order: string[];
  /**
   * For each step, the steps it waits for, one entry per edge as acb counts them: empty for a step that
   * starts with the run. A step waits until every entry has finished (or failed with ignoreErrors).
   */
  dependsOn: Record<string, string[]>;
  /** For each step, the steps that wait for it (each once), in file order. */
  dependents: Record<string, string[]>;
  /** The steps that start as soon as the run starts, in file order. */
  roots: string[];
  /**
   * The steps that start together if every step took the same time: each wave waits only for earlier waves.
   * Steps in one wave run in parallel.
   */
  waves: string[][];
  /**
   * Steps acb never starts: their `when` names a step twice (acb counts the edge twice but removes it once)
   * or they wait for such a step. acb then waits for them until the run times out.
   */
  neverStarts: string[];
}
