// Wall time of a child process from spawn to exit, its output collected. Asynchronous, so that whatever
// else this process serves or logs (the emulator's log lines, dated as they arrive) keeps flowing.
import { spawn } from "node:child_process";
import { epochNow } from "../lifecycle/timedProcess.js";

export interface TimedChild {
  ms: number;
  code: number | null;
  spawnedAt: number;
  exitedAt: number;
  stdout: string;
  stderr: string;
}

export function timeChild(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<TimedChild> {
  return new Promise((resolve, reject) => {
    const spawnedAt = epochNow();
    const child = spawn(command, [...args], { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      const exitedAt = epochNow();
      resolve({ ms: exitedAt - spawnedAt, code, spawnedAt, exitedAt, stdout, stderr });
    });
  });
}

/** The wall time of a child that must succeed (a timed run that failed would time nothing worth having). */
export async function wallTime(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<number> {
  const child = await timeChild(command, args, options);
  if (child.code !== 0)
    throw new Error(`${command} ${args.join(" ").slice(0, 120)} exited ${child.code}: ${child.stderr.slice(-500)}`);
  return child.ms;
}

/** The environment of a child that must not inherit this process's loaders or Azure sign-in. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(NODE_OPTIONS|AZURE_|ACR_TASKS_|HTTPS?_PROXY|NO_PROXY)/i.test(name)) env[name] = value;
  return { ...env, ...extra };
}

/** Runs `contenders` `runs` times each, taking turns (the first one rotates), after one untimed run of each. */
export async function interleaved<K extends string>(
  contenders: Record<K, () => Promise<number>>,
  runs: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const result = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (const name of names) await contenders[name]();
  for (let round = 0; round < runs; round++) {
    for (let turn = 0; turn < names.length; turn++) {
      const name = names[(round + turn) % names.length]!;
      result[name].push(await contenders[name]());
    }
  }
  return result;
}
