// The emulator as users start it for tools (`acr-tasks-emulator --env-file FILE`, as a process), FILE
// sourced in sh on a clean environment, and `acr-tasks` run as a child process with what it exported:
// a real DefaultAzureCredential sign-in against the emulator's token endpoint. The emulator logs every
// request it answers on stderr, which is how tests see what a command sent (or that it sent nothing).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContainerRegistryTasksClient } from "acr-tasks";
import { sourced } from "./sourced.js";

export const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
export const cliBin = join(repositoryRoot, "node_modules/.bin/acr-tasks");
const emulatorBin = join(repositoryRoot, "node_modules/.bin/acr-tasks-emulator");

/** The environment every child starts from: no Azure sign-in, no az profile, no inherited Node options. */
export function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(AZURE_|ACR_TASKS_|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$|HTTPS?_PROXY$|NO_PROXY$|VITEST)/i.test(name)) continue;
    env[name] = value;
  }
  const azureConfig = join(home, ".azure");
  mkdirSync(azureConfig, { recursive: true });
  return { ...env, HOME: home, AZURE_CONFIG_DIR: azureConfig };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs acr-tasks (from the sources, as the checkout's bin does) and collects its output. */
export function runCli(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cliBin,
      [...args],
      {
        env: options.env,
        cwd: options.cwd ?? repositoryRoot,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code ?? null) : 0;
        if (typeof code === "string") reject(error);
        else resolve({ code: code as number | null, stdout, stderr });
      },
    );
    child.stdin!.end(options.input ?? "");
  });
}

export interface CliEmulator {
  /** What sourcing the --env-file file exported, on top of a clean environment. */
  readonly env: NodeJS.ProcessEnv;
  readonly endpoint: string;
  readonly subscriptionId: string;
  /** The folder of the clean environment's HOME (and az config), removed on close. */
  readonly work: string;
  /** The lines the emulator logged so far. */
  log(): string[];
  /** The request lines (`arm: ...`, `blob: ...`) logged after `mark` (an index into log()). */
  requestsSince(mark: number): string[];
  /** A client signed in with the token the emulator printed, trusting its CA. */
  client(): ContainerRegistryTasksClient;
  createRegistry(name: string, group?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCliEmulator(
  options: { timeScale?: number; azSetup?: boolean; dataDir?: string } = {},
): Promise<CliEmulator> {
  const work = mkdtempSync(join(tmpdir(), "acr-cli-test-"));
  const envFile = join(work, "emulator.env");
  const args = ["--time-scale", String(options.timeScale ?? 0.05), "--env-file", envFile];
  if (options.azSetup) args.push("--az-setup", join(work, "az-setup.sh"));
  if (options.dataDir) args.push("--data-dir", options.dataDir);
  const base = cleanEnv(work);
  const emulator = spawn(emulatorBin, args, { cwd: repositoryRoot, env: base, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  emulator.stderr!.on("data", (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const printed = await untilServing(emulator, () => lines.join("\n"));
  const token = /^Bearer token \([^)]*\): (\S+)$/m.exec(printed)![1]!;
  const env = await sourced(envFile, base);
  const endpoint = env["ACR_TASKS_ENDPOINT"]!;
  const subscriptionId = env["AZURE_SUBSCRIPTION_ID"]!;
  const ca = readFileSync(env["NODE_EXTRA_CA_CERTS"]!, "utf8");
  const client = () =>
    new ContainerRegistryTasksClient(
      { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
      subscriptionId,
      { endpoint, tlsOptions: { ca } },
    );
  const exited = new Promise<void>((resolve) => emulator.once("exit", () => resolve()));
  return {
    env,
    endpoint,
    subscriptionId,
    work,
    log: () => [...lines],
    requestsSince: (mark) => lines.slice(mark).filter((line) => /^(arm|blob): /.test(line)),
    client,
    createRegistry: async (name, group = "rg1") => {
      await client().registries.create(group, name, { location: "westus", sku: { name: "Premium" } });
    },
    close: async () => {
      emulator.kill("SIGINT");
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}

function untilServing(child: ChildProcess, log: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl+C")) resolve(output);
    });
    child.once("exit", (code) =>
      reject(new Error(`the emulator exited (${code}) before serving:\n${output}\n${log()}`)),
    );
  });
}

/** Any escape sequence (colour, cursor movement, title) a terminal would interpret. */
export const escapeCharacter = /\x1b/;
