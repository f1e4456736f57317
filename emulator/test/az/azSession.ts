// Drives the real Azure CLI against the emulator the way a user would: `acr-tasks-emulator --az-setup
// FILE` as a process, FILE sourced once in a fresh AZURE_CONFIG_DIR (cloud register, set, login), then
// every scenario in a copy of that folder (so concurrent az processes never share their config files)
// with the environment the script exported.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The az executable on PATH, if there is one. */
export function findAz(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const candidate = join(dir, "az");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface AzResult {
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (commands run with `-o json`), undefined otherwise. */
  json: any;
}

export class AzFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`az ${args.join(" ")} failed (${code}):\n${stderr.trim() || stdout.trim()}`);
  }
}

export interface AzSession {
  /** The ARM endpoint and the default subscription, as the script exported them. */
  readonly arm: string;
  readonly subscription: string;
  /** A fresh copy of the signed-in config folder, for one scenario's az processes. */
  configDir(): string;
  /** Runs az; rejects with an AzFailure (its stderr included) on a non-zero exit. */
  run(configDir: string, args: readonly string[], options?: { timeoutMs?: number }): Promise<AzResult>;
  /** The emulator's log so far (to read beside a failure). */
  emulatorLog(): string;
  close(): Promise<void>;
}

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Starts the emulator CLI with --az-setup, waits for the script, sources it once and keeps its environment. */
export async function startAzSession(az: string, timeScale: number): Promise<AzSession> {
  const work = mkdtempSync(join(tmpdir(), "acr-az-suite-"));
  const setup = join(work, "az-setup.sh");
  const emulator = spawn(
    join(repositoryRoot, "node_modules/.bin/acr-tasks-emulator"),
    ["--time-scale", String(timeScale), "--az-setup", setup],
    { cwd: repositoryRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  emulator.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  await untilServing(emulator, () => log);

  // Sourced in sh, as the README says; `env -0` then hands back what it exported.
  const base = join(work, "signed-in");
  const exported = execFileSync("sh", ["-c", `. "${setup}" && env -0`], {
    env: { ...process.env, AZURE_CONFIG_DIR: base },
    encoding: "utf8",
    timeout: 120_000,
  });
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    exported
      .split("\0")
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
  );
  let copies = 0;
  return {
    arm: env["ACR_EMULATOR_ARM"]!,
    subscription: env["ACR_EMULATOR_SUBSCRIPTION"]!,
    configDir: () => {
      const dir = join(work, `scenario-${++copies}`);
      cpSync(base, dir, { recursive: true });
      return dir;
    },
    run: (configDir, args, options = {}) =>
      new Promise((resolve, reject) => {
        execFile(
          az,
          [...args, "--only-show-errors"],
          {
            env: { ...env, AZURE_CONFIG_DIR: configDir },
            timeout: options.timeoutMs ?? 180_000,
            maxBuffer: 16 * 1024 * 1024,
          },
          (error, stdout, stderr) => {
            if (error) {
              reject(new AzFailure(args, (error as NodeJS.ErrnoException).code ?? null, stdout, stderr));
              return;
            }
            let json: any;
            try {
              json = stdout.trim() ? JSON.parse(stdout) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ stdout, stderr, json });
          },
        );
      }),
    emulatorLog: () => log,
    close: async () => {
      const exited = new Promise((resolve) => emulator.once("exit", resolve));
      emulator.kill("SIGINT");
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
}

function untilServing(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl+C")) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`the emulator exited (${code}) before serving:\n${output}\n${log()}`)),
    );
  });
}
