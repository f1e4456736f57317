// What each command accepts, as data: its flags (az's names where az has the same flag), its positionals
// and its help. Loading this loads no command, no SDK and no @azure/identity: `--help` reads only this.
import type { CommandSpec, OptionSpec } from "./args.js";

const target: Record<string, OptionSpec> = {
  registry: { type: "string", short: "r", value: "NAME", help: "the registry (its name, or its login server)" },
  "resource-group": {
    type: "string",
    short: "g",
    value: "GROUP",
    help: "its resource group (found from the registry's name when left out)",
  },
  subscription: {
    type: "string",
    value: "ID",
    help: "the subscription (id, or a name az knows); default: AZURE_SUBSCRIPTION_ID, then az's default",
  },
  endpoint: {
    type: "string",
    value: "URL",
    help: "the ARM endpoint (default: ACR_TASKS_ENDPOINT, then https://management.azure.com)",
  },
  output: { type: "string", short: "o", value: "FORMAT", help: "text (default), json or none" },
  help: { type: "boolean", short: "h", help: "show this help" },
};

const following: Record<string, OptionSpec> = {
  "no-logs": { type: "boolean", help: "wait for the run without showing its log" },
  "no-wait": { type: "boolean", help: "return once the run is queued (prints its id)" },
  "cancel-on-interrupt": { type: "boolean", help: "cancel the run on Ctrl-C (by default it goes on)" },
};

const runFlags: Record<string, OptionSpec> = {
  platform: {
    type: "string",
    value: "OS/ARCH[/VARIANT]",
    help: "the platform, e.g. linux/arm64 (default linux/amd64)",
  },
  timeout: { type: "string", value: "SECONDS", help: "the run's timeout (300 to 28800)" },
  "agent-pool": { type: "string", value: "POOL", help: "the agent pool to run on" },
};

const runOutcome =
  "Exit codes: 0 the run succeeded, 1 it ended Failed, Error, Timeout or Canceled (its log's last lines on\n" +
  "stderr), 2 bad input (nothing sent), 3 the service or the sign-in refused, 130 interrupted.";

export const commands: readonly CommandSpec[] = [
  {
    name: "build",
    summary: "Packs a local folder (honouring its .dockerignore), uploads it, builds it on ACR, and streams the log.",
    synopsis:
      "-r REGISTRY [-g GROUP] [-t IMAGE]... [-f DOCKERFILE] [--build-arg K=V]... [--secret-build-arg K=V]... [--platform OS/ARCH] [--target T] [--no-push] [--no-cache] [--timeout S] [--agent-pool P] [--no-logs] [--no-wait] [--dry-run] DIR",
    options: {
      ...target,
      image: {
        type: "string",
        short: "t",
        multiple: true,
        value: "IMAGE",
        help: "an image to tag, e.g. app:{{.Run.ID}}",
      },
      file: { type: "string", short: "f", value: "DOCKERFILE", help: "the Dockerfile (default DIR/Dockerfile)" },
      "dry-run": {
        type: "boolean",
        help: "list what would be sent (the files, their sizes, the ignore file) and send nothing",
      },
      "build-arg": {
        type: "string",
        multiple: true,
        value: "K[=V]",
        help: "a build argument (without =V: the variable K of this environment)",
      },
      "secret-build-arg": {
        type: "string",
        multiple: true,
        value: "K[=V]",
        help: "a build argument kept out of ACR's logs",
      },
      target: { type: "string", value: "STAGE", help: "the build stage to stop at" },
      "no-push": { type: "boolean", help: "build without pushing" },
      "no-cache": { type: "boolean", help: "build without the layer cache" },
      ...runFlags,
      ...following,
    },
    positionals: { name: "DIR", min: 1 },
    notes:
      "DIR is a local folder. -f is read relative to the current folder, as az reads it. --dry-run signs in to\n" +
      `nothing and sends nothing (-r is still checked).\n${runOutcome}`,
  },
  {
    name: "run",
    summary: "Runs a task given as YAML (-f) or a single command (--cmd) on ACR, and streams the log.",
    synopsis:
      "-r REGISTRY [-g GROUP] (-f TASK.yaml | --cmd COMMAND) [--set K=V]... [--set-secret K=V]... [--values FILE] [--platform OS/ARCH] [--timeout S] [--agent-pool P] [--no-logs] [--no-wait] (DIR | /dev/null)",
    options: {
      ...target,
      file: { type: "string", short: "f", value: "FILE", help: "the task's YAML (default acb.yaml; '-' reads stdin)" },
      cmd: { type: "string", value: "COMMAND", help: "a single command to run instead of a task file" },
      set: { type: "string", multiple: true, value: "K[=V]", help: "a value for {{.Values.K}}" },
      "set-secret": { type: "string", multiple: true, value: "K[=V]", help: "a value kept out of ACR's logs" },
      values: { type: "string", value: "FILE", help: "a values file (YAML), for {{.Values.K}}; --set wins over it" },
      ...runFlags,
      ...following,
    },
    positionals: { name: "DIR | /dev/null", min: 1 },
    notes:
      "With a folder, -f and --values are read inside it (paths in the source context, as az reads them)\n" +
      "and the folder is uploaded as the run's context; with /dev/null they are read from the current folder\n" +
      "and nothing is uploaded. The task is linted first (as acr-tasks lint): a task ACR's runner would refuse\n" +
      `ends the command with exit code 2, before anything is sent; warnings go to stderr.\n${runOutcome}`,
  },
  {
    name: "lint",
    summary: "Checks a task's YAML as ACR's runner reads it: what it refuses (errors) and what it ignores (warnings).",
    synopsis: "TASK.yaml [--values FILE] [--set K=V]... [-r REGISTRY] [--platform OS/ARCH]",
    options: {
      values: { type: "string", value: "FILE", help: "a values file (YAML), for {{.Values.K}}; --set wins over it" },
      set: { type: "string", multiple: true, value: "K[=V]", help: "a value for {{.Values.K}}" },
      "set-secret": {
        type: "string",
        multiple: true,
        value: "K[=V]",
        help: "a secret value (rendered as a placeholder, never shown)",
      },
      registry: {
        type: "string",
        short: "r",
        value: "NAME",
        help: "the registry {{.Run.Registry}} renders as (default: a placeholder)",
      },
      platform: runFlags["platform"]!,
      output: { type: "string", short: "o", value: "FORMAT", help: "text (default), json or none" },
      help: { type: "boolean", short: "h", help: "show this help" },
    },
    positionals: { name: "TASK.yaml", min: 1 },
    notes:
      "TASK.yaml '-' reads the task from stdin. Nothing is signed in to or sent.\n" +
      "Each finding is one line on stdout: FILE:LINE: error|warning: MESSAGE (-o json: { errors, warnings }).\n" +
      "Exit codes: 0 ACR's runner runs the task (warnings or not), 2 it refuses it (or bad input).",
  },
  {
    name: "logs",
    summary: "Streams a run's log, following it until the run ends.",
    synopsis: "-r REGISTRY [-g GROUP] RUN_ID",
    options: {
      ...target,
      "run-id": { type: "string", value: "RUN_ID", help: "the run (or give it as the argument)" },
      "cancel-on-interrupt": following["cancel-on-interrupt"]!,
    },
    positionals: { name: "RUN_ID", max: 1 },
    notes: runOutcome,
  },
  {
    name: "wait",
    summary: "Waits until every run given has ended.",
    synopsis: "-r REGISTRY [-g GROUP] RUN_ID...",
    options: { ...target },
    positionals: { name: "RUN_ID...", min: 1, max: Infinity },
    notes: "Exit codes: 0 every run succeeded, 1 one at least did not, 2, 3 and 130 as for the other commands.",
  },
  {
    name: "show",
    summary: "Shows a run.",
    synopsis: "-r REGISTRY [-g GROUP] RUN_ID",
    options: { ...target, "run-id": { type: "string", value: "RUN_ID", help: "the run (or give it as the argument)" } },
    positionals: { name: "RUN_ID", max: 1 },
  },
  {
    name: "cancel",
    summary: "Cancels a run and shows it.",
    synopsis: "-r REGISTRY [-g GROUP] RUN_ID",
    options: { ...target, "run-id": { type: "string", value: "RUN_ID", help: "the run (or give it as the argument)" } },
    positionals: { name: "RUN_ID", max: 1 },
  },
  {
    name: "runs",
    summary: "Lists the registry's runs, newest first.",
    synopsis: "-r REGISTRY [-g GROUP] [--top N] [--status STATUS] [--task NAME]",
    options: {
      ...target,
      top: { type: "string", value: "N", help: "at most N runs (default 15)" },
      status: { type: "string", value: "STATUS", help: "only runs with this status (Queued, Running, Succeeded, ...)" },
      "run-status": { type: "string", value: "STATUS", help: "the same as --status (az's name)" },
      task: { type: "string", value: "NAME", help: "only the runs of this task" },
      name: { type: "string", short: "n", value: "NAME", help: "the same as --task (az's name)" },
    },
    positionals: { name: "", max: 0 },
  },
  {
    name: "task run",
    summary: "Runs a task defined in the registry, and streams the log.",
    synopsis: "-r REGISTRY [-g GROUP] NAME [--set K=V]... [--set-secret K=V]... [--arg K=V]... [--no-logs] [--no-wait]",
    options: {
      ...target,
      name: { type: "string", short: "n", value: "NAME", help: "the task (or give it as the argument)" },
      set: { type: "string", multiple: true, value: "K[=V]", help: "a value for {{.Values.K}}" },
      "set-secret": { type: "string", multiple: true, value: "K[=V]", help: "a value kept out of ACR's logs" },
      arg: { type: "string", multiple: true, value: "K[=V]", help: "a build argument for the task's build step" },
      "secret-arg": { type: "string", multiple: true, value: "K[=V]", help: "a build argument kept out of ACR's logs" },
      "agent-pool": runFlags["agent-pool"]!,
      ...following,
    },
    positionals: { name: "NAME", max: 1 },
    notes: runOutcome,
  },
];

export function findCommand(words: readonly string[]): { spec: CommandSpec; rest: readonly string[] } | undefined {
  for (const spec of commands) {
    const parts = spec.name.split(" ");
    if (parts.every((part, index) => words[index] === part)) return { spec, rest: words.slice(parts.length) };
  }
  return undefined;
}

export function overview(version: string): string {
  const width = Math.max(...commands.map((spec) => spec.name.length));
  return [
    `acr-tasks ${version}: Azure Container Registry runs from the command line.`,
    "",
    "usage: acr-tasks COMMAND [flags]",
    "",
    "commands:",
    ...commands.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.summary}`),
    "",
    "The commands that reach ACR take -r REGISTRY [-g GROUP] [--subscription ID] [--endpoint URL]; all take",
    "-o text|json|none.",
    "Sign-in: DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...).",
    "acr-tasks COMMAND --help shows a command's flags; acr-tasks --version its version.",
    "",
  ].join("\n");
}
