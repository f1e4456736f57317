// Start-up of the command: `acr-tasks --version` and `acr-tasks --help` (the package's build, as
// `npm i -g acr-tasks-cli` installs it) against `az version`, with `node -e 0` as the floor and the
// checkout's bin (the sources through tsx) for information.
import { join } from "node:path";
import { repoDir } from "../lib/sdk.js";
import { childEnv, interleaved, wallTime } from "./timing.js";

export interface StartupResult {
  bare: number[];
  version: number[];
  help: number[];
  checkoutVersion: number[];
  azVersion?: number[];
}

export async function measureStartup(cliEntry: string, az: string | undefined, runs: number): Promise<StartupResult> {
  const env = childEnv();
  const timed = (command: string, args: string[]) => wallTime(command, args, { env, cwd: repoDir });
  const contenders: Record<string, () => Promise<number>> = {
    bare: () => timed(process.execPath, ["-e", "0"]),
    version: () => timed(process.execPath, [cliEntry, "--version"]),
    help: () => timed(process.execPath, [cliEntry, "--help"]),
    checkoutVersion: () => timed(join(repoDir, "node_modules/.bin/acr-tasks"), ["--version"]),
    ...(az ? { azVersion: () => timed(az, ["version", "-o", "json"]) } : {}),
  };
  return (await interleaved(contenders, runs)) as unknown as StartupResult;
}
