// `acr-tasks build` against `az acr build` of one small folder, on one emulator process started as users
// start it for both (`acr-tasks-emulator --env-file F --az-setup G`), each tool with the environment its
// file exports (az signed in once, untimed, in its own config folder). Each build streams the run's log to
// the end; timed from the tool's spawn to its exit, the two taking turns after one untimed build each.
// The emulator's log lines, dated as they arrive, say when each tool's first request and its scheduleRun
// were answered.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatorProcess, type EmulatorProcess } from "../lifecycle/emulatorProcess.js";
import { median } from "../lib/stats.js";
import { sourced } from "../../cli/test/_support/sourced.js";
import { childEnv, interleaved, timeChild, type TimedChild } from "./timing.js";

export interface Phases {
  /** From spawn to the first request the emulator answered. */
  firstRequest: number;
  /** From spawn to scheduleRun answered (the run queued). */
  queued: number;
  /** From spawn to exit. */
  exit: number;
  /**
   * The emulated run's own length (its createTime to its finishTime, as the service reports them): what any
   * client waits for whatever its own cost. `exit - run` is the client's overhead.
   */
  run: number;
}

export interface BuildRaceResult {
  timeScale: number;
  contextBytes: number;
  acrTasks: number[];
  az?: number[];
  phases: { acrTasks: Phases; az?: Phases };
}

/** A small build context: a Dockerfile and a few source files (about 6 KB). */
function smallContext(dir: string): number {
  const files: Record<string, string> = {
    Dockerfile:
      'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json .\nCOPY src ./src\nCMD ["node", "src/index.js"]\n',
    "package.json": JSON.stringify({ name: "small", version: "1.0.0", main: "src/index.js" }, null, 2),
    "src/index.js": `${"console.log('hello from a small build');\n".repeat(60)}`,
    "src/lib.js": `${"export const answer = 42;\n".repeat(80)}`,
    "README.md": "# small\n\nA small folder to build.\n",
    ".dockerignore": "*.log\n",
  };
  mkdirSync(join(dir, "src"), { recursive: true });
  let bytes = 0;
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(join(dir, path), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

interface RunsReader {
  runs: { get(group: string, registry: string, runId: string): Promise<{ properties?: Record<string, unknown> }> };
}

async function createRegistry(
  sdkEntry: string,
  emulator: EmulatorProcess,
  env: NodeJS.ProcessEnv,
  name: string,
): Promise<RunsReader> {
  const { ContainerRegistryTasksClient } = await import(sdkEntry);
  const client = new ContainerRegistryTasksClient(
    { getToken: async () => ({ token: emulator.token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
    env["AZURE_SUBSCRIPTION_ID"],
    { endpoint: emulator.endpoint, tlsOptions: { ca: readFileSync(emulator.caFile, "utf8") } },
  );
  await client.registries.create("bench-cli", name, { location: "westus", sku: { name: "Premium" } });
  return client;
}

/** The run's own length on the emulator: from its creation (queued) to its end. */
async function runLength(client: RunsReader, registry: string, stdout: string): Promise<number> {
  const runId = /Run ID: (cb\d+) was successful/.exec(stdout)![1]!;
  const { properties } = await client.runs.get("bench-cli", registry, runId);
  const time = (value: unknown) => new Date(value as string | Date).getTime();
  return time(properties?.["finishTime"]) - time(properties?.["createTime"]);
}

/** When the emulator answered this child's first request and its scheduleRun. */
async function phasesOf(emulator: EmulatorProcess, child: TimedChild): Promise<Omit<Phases, "run">> {
  await emulator.settle();
  const mine = emulator.log.filter((line) => line.at >= child.spawnedAt && line.at <= child.exitedAt);
  const firstRequest = mine.find((line) => /^arm: /.test(line.text));
  const scheduled = mine.find((line) => /^arm: POST \S*\/scheduleRun\?/.test(line.text));
  if (!firstRequest || !scheduled) throw new Error("the emulator logged no request (or no scheduleRun) of the child");
  return { firstRequest: firstRequest.at - child.spawnedAt, queued: scheduled.at - child.spawnedAt, exit: child.ms };
}

function medianPhases(list: Phases[]): Phases {
  return {
    firstRequest: median(list.map((p) => p.firstRequest)),
    queued: median(list.map((p) => p.queued)),
    exit: median(list.map((p) => p.exit)),
    run: median(list.map((p) => p.run)),
  };
}

export async function measureBuildRace(options: {
  cliEntry: string;
  sdkEntry: string;
  az: string | undefined;
  timeScale: number;
  runs: number;
  log: (line: string) => void;
}): Promise<BuildRaceResult> {
  const work = mkdtempSync(join(tmpdir(), "acr-bench-cli-"));
  const emulator = await startEmulatorProcess(work, { azSetup: true, envFile: true, timeScale: options.timeScale });
  try {
    const context = join(work, "small");
    const contextBytes = smallContext(context);
    const cliEnv = await sourced(emulator.envFile!, childEnv({ HOME: work, AZURE_CONFIG_DIR: join(work, "no-az") }));
    const registry = "benchcli01";
    const client = await createRegistry(options.sdkEntry, emulator, cliEnv, registry);
    const azEnv = options.az
      ? await sourced(emulator.azSetupFile!, childEnv({ AZURE_CONFIG_DIR: join(work, "az-config") }))
      : undefined;
    const phases: { acrTasks: Phases[]; az: Phases[] } = { acrTasks: [], az: [] };
    const build = (name: "acrTasks" | "az") => async () => {
      const child =
        name === "acrTasks"
          ? await timeChild(
              process.execPath,
              [options.cliEntry, "build", "-r", registry, "-t", "small:{{.Run.ID}}", context],
              {
                env: cliEnv,
              },
            )
          : await timeChild(
              options.az!,
              ["acr", "build", "-r", registry, "-t", "small:{{.Run.ID}}", context, "--only-show-errors"],
              {
                env: azEnv!,
              },
            );
      if (child.code !== 0 || !/Run ID: cb\d+ was successful/.test(child.stdout))
        throw new Error(`${name} build failed (${child.code}):\n${child.stderr.slice(-800)}`);
      phases[name].push({ ...(await phasesOf(emulator, child)), run: await runLength(client, registry, child.stdout) });
      // The emulator's log line of that read must arrive before the next tool starts, or it would count as its.
      await emulator.settle();
      options.log(`    ${name}: ${child.ms.toFixed(0)} ms`);
      return child.ms;
    };
    const times = await interleaved(
      { acrTasks: build("acrTasks"), ...(options.az ? { az: build("az") } : {}) } as Record<
        "acrTasks" | "az",
        () => Promise<number>
      >,
      options.runs,
    );
    // The untimed first build of each is not among the phases either.
    phases.acrTasks.shift();
    phases.az.shift();
    return {
      timeScale: options.timeScale,
      contextBytes,
      acrTasks: times.acrTasks,
      ...(options.az ? { az: times.az } : {}),
      phases: {
        acrTasks: medianPhases(phases.acrTasks),
        ...(options.az ? { az: medianPhases(phases.az) } : {}),
      },
    };
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}
