// The in-process benchmarks: the SDK against the raw node:https baseline, alternating contenders
// (A B, then B A, ...) with a GC before each timed run, medians of `runs` timed runs after a warm-up.
import { RawClient } from "./lib/raw.js";
import { gc, median } from "./lib/stats.js";

export const RG = "bench-rg";
export const REG = "benchregistry";
export const API = "2019-06-01-preview";
export const SUB = "00000000-0000-0000-0000-000000000000";
export const REG_PATH = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerRegistry/registries/${REG}`;

/** The static TokenCredential of every SDK contender. */
export const staticCredential = {
  getToken: async () => ({ token: "bench-token", expiresOnTimestamp: Date.now() + 3600_000 }),
};

/** The taskRun both contenders create. */
export function taskRunBody() {
  return {
    location: "westus",
    properties: {
      runRequest: {
        type: "EncodedTaskRunRequest",
        encodedTaskContent: Buffer.from("version: v1.1.0\nsteps:\n  - cmd: mcr.microsoft.com/hello-world\n").toString(
          "base64",
        ),
        values: [],
        timeout: 3600,
        platform: { os: "Linux", architecture: "amd64" },
        agentConfiguration: { cpu: 2 },
        isArchiveEnabled: false,
      },
      forceUpdateTag: "",
    },
  };
}

export interface Comparison {
  /** Wall time of each timed run (ms). */
  baseline: number[];
  sdk: number[];
  /** CPU time (user + system) of this process during each timed run (ms): less sensitive to other load. */
  baselineCpu: number[];
  sdkCpu: number[];
}

async function time(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  gc();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** Runs both contenders `runs` times each, alternating which goes first. */
export async function compare(
  baseline: () => Promise<unknown>,
  sdk: () => Promise<unknown>,
  runs: number,
  warmups = 1,
): Promise<Comparison> {
  for (let i = 0; i < warmups; i++) {
    await baseline();
    await sdk();
  }
  const result: Comparison = { baseline: [], sdk: [], baselineCpu: [], sdkCpu: [] };
  const runBaseline = async () => {
    const t = await time(baseline);
    result.baseline.push(t.wall);
    result.baselineCpu.push(t.cpu);
  };
  const runSdk = async () => {
    const t = await time(sdk);
    result.sdk.push(t.wall);
    result.sdkCpu.push(t.cpu);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await runBaseline();
      await runSdk();
    } else {
      await runSdk();
      await runBaseline();
    }
  }
  return result;
}

export interface ThroughputSetup {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  client: any;
  raw: RawClient;
}

// ---- 1. sequential runs.get -------------------------------------------------------------------

export function getRunsContenders({ client, raw }: ThroughputSetup, count: number) {
  const baseline = async () => {
    for (let i = 0; i < count; i++) {
      const { status, body } = await raw.send("GET", `${REG_PATH}/runs/cf${i}?api-version=${API}`);
      if (status !== 200 || body.name !== `cf${i}`) throw new Error(`baseline runs.get: unexpected ${status}`);
    }
  };
  const sdk = async () => {
    for (let i = 0; i < count; i++) {
      const run = await client.runs.get(RG, REG, `cf${i}`);
      if (run.name !== `cf${i}` || !(run.properties.createTime instanceof Date))
        throw new Error("sdk runs.get: unexpected body");
    }
  };
  return { baseline, sdk };
}

// ---- 2. runs.list following nextLink ---------------------------------------------------------

/** Lists `total` runs ($top, 100 a page); returns the count seen. */
export async function rawList(raw: RawClient, total: number): Promise<number> {
  let path: string | undefined = `${REG_PATH}/runs?api-version=${API}&%24top=${total}`;
  let seen = 0;
  while (path) {
    const { status, body } = await raw.send("GET", path);
    if (status !== 200) throw new Error(`baseline runs.list: ${status}`);
    for (const run of body.value) if (run.name) seen++;
    path = body.nextLink ? RawClient.pathOf(body.nextLink) : undefined;
  }
  return seen;
}

export function listRunsContenders({ client, raw }: ThroughputSetup, total: number) {
  const baseline = async () => {
    const seen = await rawList(raw, total);
    if (seen !== total) throw new Error(`baseline runs.list saw ${seen}`);
  };
  const sdk = async () => {
    let seen = 0;
    for await (const run of client.runs.list(RG, REG, { top: total })) if (run.name) seen++;
    if (seen !== total) throw new Error(`sdk runs.list saw ${seen}`);
  };
  return { baseline, sdk };
}

// ---- 3. taskRuns.create awaited to completion (Azure-AsyncOperation, 2 InProgress polls) ------

let lroRound = 0;

export function createTaskRunsContenders({ client, raw }: ThroughputSetup, count: number) {
  const baseline = async () => {
    const round = lroRound++;
    for (let i = 0; i < count; i++) {
      const path = `${REG_PATH}/taskRuns/bench-${round}-${i}?api-version=${API}`;
      const created = await raw.send("PUT", path, JSON.stringify(taskRunBody()));
      if (created.status !== 201 && created.status !== 200) throw new Error(`baseline PUT: ${created.status}`);
      const operation = created.headers["azure-asyncoperation"] as string;
      let status = "InProgress";
      while (status === "InProgress" || status === "Running" || status === "Creating") {
        // Retry-After: 0 — poll again at once.
        const polled = await raw.send("GET", RawClient.pathOf(operation));
        status = polled.body.status;
      }
      if (status !== "Succeeded") throw new Error(`baseline LRO: ${status}`);
      const final = await raw.send("GET", path);
      if (final.body.properties.provisioningState !== "Succeeded") throw new Error("baseline LRO: final GET");
    }
  };
  const sdk = async () => {
    const round = lroRound++;
    for (let i = 0; i < count; i++) {
      const taskRun = await client.taskRuns.create(RG, REG, `bench-${round}-${i}`, taskRunBody());
      if (
        taskRun.properties.provisioningState !== "Succeeded" ||
        !(taskRun.properties.runResult.properties.createTime instanceof Date)
      ) {
        throw new Error("sdk taskRuns.create: unexpected result");
      }
    }
  };
  return { baseline, sdk };
}

export function summarize(c: Comparison) {
  const b = median(c.baseline);
  const s = median(c.sdk);
  const bc = median(c.baselineCpu);
  const sc = median(c.sdkCpu);
  return { baseline: b, sdk: s, ratio: s / b, baselineCpu: bc, sdkCpu: sc, cpuRatio: sc / bc };
}
