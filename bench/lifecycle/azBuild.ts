// The Azure CLI as a quickBuild contender: `az acr build --no-logs -t large:{{.Run.ID}} -r REG CONTEXT`
// against an emulator started with --az-setup, whose script is sourced (untimed) in a fresh
// AZURE_CONFIG_DIR, as the README tells users to do. The process runs under GNU time; az's own warnings
// mark its phases ("Packing source code ..." once it starts packing, "Queued a build with ID: ..." once
// scheduleRun answered). --no-logs then polls the run (Runs_Get, a 30 s sleep, Runs_Get ...) and exits
// non-zero unless it Succeeded, so every timed az run is also a run the emulator accepted and built.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { dockerignoreRules } from "./largeContext.js";
import type { PackingProfile, QuickBuildContender } from "./quickBuildTypes.js";
import { runTimed } from "./timedProcess.js";
import { sourced } from "../../cli/test/_support/sourced.js";
import { findAz } from "../../emulator/test/az/azSession.js";

const execFileAsync = promisify(execFile);

/** The environment the --az-setup script leaves behind (cloud registered, signed in) in `configDir`. */
// Asynchronous, like everything the parent does while the emulator logs: a blocked event loop would
// date the emulator's lines late.
const signedIn = new Map<string, NodeJS.ProcessEnv>();
async function sourceAzSetup(setupFile: string, configDir: string): Promise<NodeJS.ProcessEnv> {
  const env = await sourced(setupFile, { ...process.env, AZURE_CONFIG_DIR: configDir });
  signedIn.set(setupFile, env);
  return env;
}

// az's own packing function (_archive_utils._pack_source_code: walk, .dockerignore, tarfile "w:gz") on
// the context, with tarfile.open made to write at another gzip level (0: a plain tar), to split its
// packing time into Python's walk and tar and zlib's compression; given rules, they replace the
// context's .dockerignore (loaded as _load_dockerignore_file loads a file: the last line first).
// Prints the seconds, the archive's bytes, its regular files and their bytes.
const packingScript = `
import os, sys, tarfile, time
from azure.cli.command_modules.acr import _archive_utils as archive
src, out, level, rules = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
if rules:
    archive._load_dockerignore_file = lambda *_: ([archive.IgnoreRule(rule) for rule in reversed(rules)], len(rules))
opened = tarfile.open
tarfile.open = lambda name, mode="r", **kw: opened(name, "w") if level == 0 else opened(name, mode, compresslevel=level)
start = time.perf_counter()
archive._pack_source_code(src, out, os.path.join(src, "Dockerfile"), "0_Dockerfile")
seconds = time.perf_counter() - start
tarfile.open = opened
with tarfile.open(out) as tar:
    files = [member for member in tar if member.isreg()]
print(seconds, os.path.getsize(out), len(files), sum(member.size for member in files))
`;

/** The Python that runs az, from its #! line (Debian's /usr/bin/az is a Python script). */
function azPython(az: string): string | undefined {
  return /^#!\s*(\S*python3?)\s*$/.exec(readFileSync(az, "utf8").split("\n", 1)[0]!)?.[1];
}

/** The variants timed: no compression, the SDK's level, and the context's rules written with trailing slashes. */
const variants: { level: number; dockerignore?: string[] }[] = [
  { level: 0 },
  { level: 6 },
  { level: 0, dockerignore: dockerignoreRules.map((rule) => (rule.includes("*") ? rule : `${rule}/`)) },
];

function profileAzPacking(python: string, sourceDir: string, work: string): PackingProfile[] {
  return variants.map(({ level, dockerignore }) => {
    const out = `${work}/az-pack.tar`;
    const printed = execFileSync(
      python,
      ["-c", packingScript, sourceDir, out, String(level), ...(dockerignore ?? [])],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    rmSync(out, { force: true });
    const [seconds, bytes, files, fileBytes] = printed.trim().split(/\s+/).map(Number);
    return {
      level,
      ...(dockerignore ? { dockerignore } : {}),
      ms: seconds! * 1000,
      bytes: bytes!,
      files: files!,
      fileBytes: fileBytes!,
    };
  });
}

export function azBuild(): QuickBuildContender {
  const az = findAz();
  let version = "";
  if (az) {
    try {
      version = ` (Azure CLI ${JSON.parse(execFileSync(az, ["version", "-o", "json"], { encoding: "utf8", timeout: 60_000 }))["azure-cli"]})`;
    } catch {
      // The version only labels the row.
    }
  }
  return {
    name: `\`az acr build --no-logs\`${version}`,
    azSetup: true,
    ...(az ? {} : { unavailable: "`az` is not on PATH (install Debian's `azure-cli`, as `.ci/run` does)" }),
    diagnose: async ({ sourceDir, work }) => {
      const python = az ? azPython(az) : undefined;
      return { packing: python ? profileAzPacking(python, sourceDir, work) : [] };
    },
    async run(target) {
      const env = await sourceAzSetup(target.emulator.azSetupFile!, mkdtempSync(join(target.work, "az-config-")));
      const args = [
        "acr",
        "build",
        "--no-logs",
        "-r",
        target.registry,
        "-t",
        "large:{{.Run.ID}}",
        target.sourceDir,
        "-o",
        "json",
      ];
      const run = await runTimed(az!, args, env, join(target.work, "az-time.txt"));
      const stderr = run.stderr.map((line) => line.text).join("\n");
      if (run.code !== 0) throw new Error(`az acr build exited with ${run.code}:\n${stderr.slice(-1500)}`);
      const packing = run.stderr.find((line) => line.text.includes("Packing source code"));
      const queued = run.stderr
        .map((line) => ({ at: line.at, id: /Queued a build with ID: (\S+)/.exec(line.text)?.[1] }))
        .find((line) => line.id);
      if (!packing || !queued)
        throw new Error(`az acr build did not print its progress as expected:\n${stderr.slice(-1500)}`);
      const finalRun = JSON.parse(run.stdout.map((line) => line.text).join("\n"));
      return {
        spawnedAt: run.spawnedAt,
        callAt: packing.at,
        queuedAt: queued.at,
        exitedAt: run.exitedAt,
        maxRss: run.maxRss,
        cpuMs: run.cpuMs,
        runId: queued.id!,
        finalStatus: finalRun.status,
      };
    },
    // The log through az too (its blob URL is Azure-shaped: only the proxy of --az-setup reaches it).
    async followRun(target, runId) {
      const env = signedIn.get(target.emulator.azSetupFile!)!;
      const azOut = async (args: string[]) =>
        (
          await execFileAsync(az!, [...args, "-r", target.registry, "--run-id", runId, "--only-show-errors"], {
            env,
            encoding: "utf8",
            timeout: 300_000,
          })
        ).stdout;
      const lines = (await azOut(["acr", "task", "logs", "--no-format"])).split(/\r?\n/);
      return { status: (await azOut(["acr", "task", "show-run", "--query", "status", "-o", "tsv"])).trim(), lines };
    },
  };
}
