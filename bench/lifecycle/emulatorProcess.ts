// The emulator for the quickBuild benchmark, in a process of its own started by its command, as a user
// starts it: `acr-tasks-emulator` for the SDK, `acr-tasks-emulator --az-setup FILE` for the Azure CLI.
// Its CPU is never charged to a contender, and its log lines, dated as they arrive, say when each
// request a contender made was answered (the emulator logs a request as it answers it).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { repoDir } from "../lib/sdk.js";
import { collectLines, type DatedLine } from "./timedProcess.js";

export interface EmulatorProcess {
  endpoint: string;
  caFile: string;
  /** A bearer token it accepts, as the command prints it. */
  token: string;
  /** The script --az-setup wrote, when asked for. */
  azSetupFile?: string;
  /** The export lines --env-file wrote, when asked for. */
  envFile?: string;
  log: DatedLine[];
  /**
   * Resolves once every line it logged before the call has been read (and dated): the answer to a request
   * can overtake the log line written before it, since they come through different pipes.
   */
  settle(): Promise<void>;
  /** Stops it (SIGINT: it writes its state to the data dir first, when there is one). */
  close(): Promise<void>;
}

export async function startEmulatorProcess(
  work: string,
  options: { azSetup: boolean; dataDir?: string; envFile?: boolean; timeScale?: number },
): Promise<EmulatorProcess> {
  const caFile = join(work, "ca.pem");
  const azSetupFile = options.azSetup ? join(work, "az-setup.sh") : undefined;
  const envFile = options.envFile ? join(work, "emulator.env") : undefined;
  const args = [
    "--time-scale",
    String(options.timeScale ?? 1),
    "--ca-file",
    caFile,
    ...(azSetupFile ? ["--az-setup", azSetupFile] : []),
    ...(envFile ? ["--env-file", envFile] : []),
    ...(options.dataDir ? ["--data-dir", options.dataDir] : []),
  ];
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(join(repoDir, "node_modules/.bin/acr-tasks-emulator"), args, { cwd: repoDir, env });
  const log: DatedLine[] = [];
  const stdout: DatedLine[] = [];
  collectLines(child.stderr, log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    collectLines(child.stdout, stdout, (line) => line.text.startsWith("Press Ctrl+C") && resolve());
    child.once("exit", (code) =>
      reject(
        new Error(
          `acr-tasks-emulator exited (${code}) before serving:\n${[...stdout, ...log].map((l) => l.text).join("\n")}`,
        ),
      ),
    );
  });
  const printed = (pattern: RegExp) => {
    const match = stdout.map((line) => pattern.exec(line.text)).find(Boolean);
    if (!match) throw new Error(`acr-tasks-emulator did not print ${pattern}`);
    return match[1]!;
  };
  const endpoint = printed(/^ARM endpoint:\s+(\S+)/);
  return {
    endpoint,
    caFile,
    token: printed(/^Bearer token \([^)]*\): (\S+)/),
    ...(azSetupFile ? { azSetupFile } : {}),
    ...(envFile ? { envFile } : {}),
    log,
    settle: async () => {
      const marker = `/bench-settle-${randomUUID()}`;
      await new Promise<void>((resolve, reject) => {
        request(`${endpoint}${marker}`, { ca: readFileSync(caFile, "utf8") }, (response) =>
          response.resume().on("end", resolve),
        )
          .on("error", reject)
          .end();
      });
      while (!log.some((line) => line.text.includes(marker))) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: async () => {
      child.kill("SIGINT");
      await exited;
    },
  };
}
