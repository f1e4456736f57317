// Replays one cassette in order against a fresh emulator. The recorded names are used as they are (the
// emulator takes any subscription, and the resource groups the test framework made before recording are
// made first); what Azure named on its own is mapped onto what the emulator named: the status monitors
// and Location URLs of long-running operations, and run ids (cf1 in Azure, cb1 in the emulator). The
// emulator runs on virtual time (see states.ts); reads that wait for it are probes, not replayed calls.
import { vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/index.js";
import { send, type RawResponse } from "../helpers.js";
import { readCassette, type RecordedCall } from "./cassettes.js";
import { dispositionOf, type Disposition } from "./scope.js";
import { applyStandIn } from "./standIns.js";
import { locationRank, monitorRank, readRank, resourceRank } from "./states.js";

export interface CallOutcome {
  readonly call: RecordedCall;
  readonly disposition: Disposition;
  /** The emulator's answer (replayed calls and polls). */
  readonly answer?: RawResponse;
  /** Why the call was not sent: a poll the emulator's first answer gave no URL for, a transient failure. */
  readonly notSent?: string;
}

const maxAdvances = 2000;

class Replay {
  /** Recorded polling URL path (lower case) -> the emulator's URL, learnt from first answers. */
  private readonly polls = new Map<string, { url: string; kind: "azure-asyncoperation" | "location" }>();
  /** Recorded run id -> the emulator's. */
  private readonly runIds = new Map<string, string>();

  constructor(private readonly emulator: RunningEmulator) {}

  sendJson = async (method: string, path: string, body?: unknown) => {
    const response = await send(this.emulator, method, path, body === undefined ? {} : { body });
    return { status: response.status, body: response.body };
  };

  private path(call: RecordedCall): string {
    const segments = call.url.pathname.split("/").map((segment) => this.runIds.get(segment) ?? segment);
    return `${segments.join("/")}${call.url.search}`;
  }

  /** Moves virtual time on until `probe` shows at least `target`, or nothing more is scheduled. */
  private async settle(
    probe: () => Promise<RawResponse>,
    rank: (response: RawResponse) => number | undefined,
    target: number,
  ) {
    for (let i = 0; i < maxAdvances; i++) {
      const now = rank(await probe());
      if (now === undefined || now >= target || vi.getTimerCount() === 0) return;
      await vi.advanceTimersToNextTimerAsync();
    }
  }

  private learn(call: RecordedCall, answer: RawResponse): void {
    for (const kind of ["azure-asyncoperation", "location"] as const) {
      const recorded = call.headers[kind];
      const ours = answer.headers[kind];
      if (recorded && typeof ours === "string")
        this.polls.set(new URL(recorded).pathname.toLowerCase(), { url: ours, kind });
    }
    const runsOf = (body: any): any[] => [body, body?.properties?.runResult];
    const recordedRuns = runsOf(call.body);
    const ourRuns = runsOf(answer.body);
    recordedRuns.forEach((run, i) => {
      const from = run?.properties?.runId;
      const to = ourRuns[i]?.properties?.runId;
      if (typeof from === "string" && typeof to === "string") this.runIds.set(from, to);
    });
  }

  async poll(call: RecordedCall): Promise<CallOutcome> {
    const disposition: Disposition = { kind: "poll" };
    const target = this.polls.get(call.url.pathname.toLowerCase());
    if (!target) return { call, disposition, notSent: "the emulator's first answer gave no URL to poll" };
    const probe = () => send(this.emulator, "GET", target.url);
    if (target.kind === "location") await this.settle(probe, locationRank, locationRank(call));
    else await this.settle(probe, monitorRank, monitorRank(call));
    return { call, disposition, answer: await probe() };
  }

  async replay(call: RecordedCall): Promise<CallOutcome> {
    // A gateway failure of the live service never reached ACR (az sent the request again): not sent.
    if (call.status >= 500)
      return { call, disposition: { kind: "replay" }, notSent: `the live service failed with ${call.status}` };
    const path = this.path(call);
    if (call.method === "GET") {
      const target = call.status === 404 ? 3 : resourceRank(call.body);
      if (target !== undefined)
        await this.settle(
          () => send(this.emulator, "GET", path),
          (response) => readRank(response, call.status),
          target,
        );
    }
    const answer = await send(this.emulator, call.method, path, {
      ...(call.requestBody !== undefined
        ? { raw: Buffer.from(call.requestBody), headers: { "Content-Type": "application/json" } }
        : {}),
    });
    this.learn(call, answer);
    return { call, disposition: { kind: "replay" }, answer };
  }

  /** Creates the resource groups the cassette's calls live in, as the test framework had before recording. */
  async prepareGroups(calls: readonly RecordedCall[]): Promise<void> {
    const groups = new Map<string, string>();
    for (const call of calls) {
      const group = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(call.url.pathname)?.[0];
      if (!group || groups.has(group.toLowerCase())) continue;
      const recordedGroup = calls.find(
        (c) => c.method === "GET" && c.url.pathname.toLowerCase() === group.toLowerCase() && c.status === 200,
      );
      const located = calls.find((c) => c.url.pathname.toLowerCase().startsWith(group.toLowerCase()) && c.requestBody);
      const location =
        (recordedGroup?.body as any)?.location ??
        (located ? JSON.parse(located.requestBody!)?.location : undefined) ??
        "westus";
      const tags = (recordedGroup?.body as any)?.tags;
      groups.set(group.toLowerCase(), location);
      await this.sendJson("PUT", `${group}?api-version=2021-04-01`, { location, ...(tags ? { tags } : {}) });
    }
  }
}

/** Replays `name` against a fresh emulator on virtual time; the outcome of each call, in order. */
export async function replayCassette(name: string): Promise<CallOutcome[]> {
  const calls = readCassette(name);
  const emulator = await startEmulator({ timeScale: 1 });
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  try {
    const replay = new Replay(emulator);
    await replay.prepareGroups(calls);
    const outcomes: CallOutcome[] = [];
    for (const call of calls) {
      const disposition = dispositionOf(call);
      if (disposition.kind === "outOfScope") {
        outcomes.push({ call, disposition });
        await applyStandIn(call, calls.slice(call.index + 1), replay.sendJson);
      } else if (disposition.kind === "poll") outcomes.push(await replay.poll(call));
      else outcomes.push(await replay.replay(call));
    }
    return outcomes;
  } finally {
    vi.useRealTimers();
    await emulator.close();
  }
}
