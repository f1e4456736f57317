// ARM requests per waited run, against the run's length (emulated with timeScale), for four ways of
// waiting: the SDK's waitForCompletion at its default settings, naive Runs_Get polling every 2 s, and
// the Azure CLI's two patterns; then waitForAll on batches of runs. Counts come from the emulator's
// recorded requests; every client-side delay is scaled by the same timeScale as the runs.
import { azNoLogs, azStreamLogs, pollEvery2s } from "./azPatterns.js";
import {
  emulatedSeconds,
  requestsOf,
  RG,
  scheduleRun,
  startEmulated,
  type RunShape,
  type SdkModule,
} from "./emulated.js";

/** waitForCompletion's and waitForAll's defaults, in this emulator's time. */
export function scaledDefaults(timeScale: number) {
  return {
    pollIntervalMs: 2_000 * timeScale,
    maxPollIntervalMs: 15_000 * timeScale,
    safetyNetIntervalMs: 30_000 * timeScale,
  };
}

export interface PerRunRow {
  seconds: number;
  shape: RunShape;
  /** The run's measured length, in emulated seconds. */
  emulatedSeconds: number;
  ours: { arm: number; blob: number };
  naive: { arm: number };
  azStream: { arm: number; blob: number };
  azNoLogs: { arm: number };
}

const contenders = ["ours", "naive", "azStream", "azNoLogs"] as const;

export async function measurePerRun(
  sdk: SdkModule,
  timeScale: number,
  durations: number[],
  log: (s: string) => void,
): Promise<PerRunRow[]> {
  const registry = "benchwaits01";
  const env = await startEmulated(sdk, timeScale, [registry]);
  try {
    const ca = env.emulator.caPem;
    const jobs: {
      seconds: number;
      shape: RunShape;
      contender: (typeof contenders)[number];
      runId: string;
      run?: any;
    }[] = [];
    for (const shape of ["silent", "steady"] as const) {
      for (const seconds of durations) {
        for (const contender of contenders)
          jobs.push({ seconds, shape, contender, runId: await scheduleRun(sdk, env.client, registry, seconds, shape) });
      }
    }
    log(`  ${jobs.length} runs of ${durations.join(", ")} s (emulated, timeScale ${timeScale}) waited on at once ...`);
    const wait = (job: (typeof jobs)[number]): Promise<unknown> => {
      switch (job.contender) {
        case "ours":
          return env.client.runs
            .waitForCompletion(RG, registry, job.runId, scaledDefaults(timeScale))
            .then((run: unknown) => (job.run = run));
        case "naive":
          return pollEvery2s(env.client, RG, registry, job.runId, timeScale);
        case "azStream":
          return azStreamLogs(env.client, ca, RG, registry, job.runId, timeScale);
        case "azNoLogs":
          return azNoLogs(env.client, RG, registry, job.runId, timeScale);
      }
    };
    await Promise.all(jobs.map(wait));
    const rows: PerRunRow[] = [];
    for (const shape of ["silent", "steady"] as const) {
      for (const seconds of durations) {
        const of = (contender: (typeof contenders)[number]) =>
          jobs.find((job) => job.shape === shape && job.seconds === seconds && job.contender === contender)!;
        const counts = (contender: (typeof contenders)[number]) =>
          requestsOf(env.emulator.requests, of(contender).runId);
        rows.push({
          seconds,
          shape,
          emulatedSeconds: emulatedSeconds(of("ours").run, timeScale),
          ours: counts("ours"),
          naive: { arm: counts("naive").arm },
          azStream: counts("azStream"),
          azNoLogs: { arm: counts("azNoLogs").arm },
        });
      }
    }
    return rows;
  } finally {
    await env.close();
  }
}

export interface BatchResult {
  runs: number;
  /** ARM requests of the wait, by kind. */
  lists: number;
  logLinks: number;
  gets: number;
  total: number;
  rounds: number;
  realSeconds: number;
  emulatedSeconds: number;
  /** Per-run polling every 2 s on an identical batch, when it was measured. */
  naiveMeasured?: number;
  /** Per-run polling every 2 s, computed from the runs' lengths: one Runs_Get, then one per 2 s. */
  naiveComputed: number;
  /** `az acr build --no-logs` on every run, computed likewise (one Runs_Get, then one per 30 s). */
  azNoLogsComputed: number;
  statuses: Record<string, number>;
}

/** Lengths spread evenly from 10 s to 10 min; every tenth run fails; shapes alternate. */
function batchPlan(count: number): { seconds: number; shape: RunShape; exitCode: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    seconds: Math.round(10 + (590 * i) / Math.max(1, count - 1)),
    shape: i % 2 ? "steady" : "silent",
    exitCode: i % 10 === 9 ? 1 : 0,
  }));
}

export async function measureWaitForAll(
  sdk: SdkModule,
  timeScale: number,
  sizes: number[],
  measureNaiveFor: number,
  log: (s: string) => void,
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const size of sizes) {
    const registry = `benchall${size}`;
    const naiveRegistry = `benchnaive${size}`;
    const withNaive = size === measureNaiveFor;
    const env = await startEmulated(sdk, timeScale, withNaive ? [registry, naiveRegistry] : [registry]);
    try {
      const plan = batchPlan(size);
      const runIds: string[] = [];
      const naiveIds: string[] = [];
      for (const item of plan)
        runIds.push(await scheduleRun(sdk, env.client, registry, item.seconds, item.shape, item.exitCode));
      if (withNaive)
        for (const item of plan)
          naiveIds.push(await scheduleRun(sdk, env.client, naiveRegistry, item.seconds, item.shape, item.exitCode));
      log(
        `  waitForAll on ${size} runs of 10 s ... 10 min${withNaive ? `, and per-run polling every 2 s on an identical batch` : ""} ...`,
      );
      const from = env.emulator.requests.length;
      const started = performance.now();
      let rounds = 0;
      const naive = withNaive
        ? Promise.all(naiveIds.map((runId) => pollEvery2s(env.client, RG, naiveRegistry, runId, timeScale)))
        : undefined;
      const final = await env.client.runs.waitForAll(RG, registry, runIds, {
        ...scaledDefaults(timeScale),
        onProgress: () => rounds++,
      });
      const realSeconds = (performance.now() - started) / 1000;
      await naive;
      const caused = env.emulator.requests.slice(from).filter((request) => request.server === "arm");
      const ours = caused.filter((request) => request.url.includes(`/registries/${registry}/`));
      const path = (request: { url: string }) => request.url.split("?")[0]!;
      const statuses: Record<string, number> = {};
      for (const run of final) statuses[run.properties.status] = (statuses[run.properties.status] ?? 0) + 1;
      const lengths = final.map((run: any) => emulatedSeconds(run, timeScale));
      results.push({
        runs: size,
        lists: ours.filter((request) => request.method === "GET" && path(request).endsWith("/runs")).length,
        logLinks: ours.filter((request) => request.method === "POST").length,
        gets: ours.filter((request) => request.method === "GET" && !path(request).endsWith("/runs")).length,
        total: ours.length,
        rounds,
        realSeconds,
        emulatedSeconds: realSeconds / timeScale,
        naiveMeasured: withNaive
          ? caused.filter((request) => request.url.includes(`/registries/${naiveRegistry}/`)).length
          : undefined,
        naiveComputed: lengths.reduce((sum: number, seconds: number) => sum + 1 + Math.floor(seconds / 2), 0),
        azNoLogsComputed: lengths.reduce((sum: number, seconds: number) => sum + 1 + Math.floor(seconds / 30), 0),
        statuses,
      });
    } finally {
      await env.close();
    }
  }
  return results;
}
