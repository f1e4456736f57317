// Seeded fault injection: every request draws the same number of PRNG values whatever it hits, so a
// seed and a request sequence always give the same faults (and tests can assert exact outcomes).
import type { IncomingMessage } from "node:http";
import type { FaultOptions, ServerName } from "../options.js";
import type { RecordedRequest } from "../runningEmulator.js";
import { readBody } from "./http.js";

export type FaultKind = "429" | "500" | "503" | "reset";

export interface FaultDecision {
  kind?: FaultKind;
  latencyMs: number;
}

/** mulberry32: tiny, fast and good enough to spread faults; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;

  constructor(private readonly options: FaultOptions = {}) {
    this.random = mulberry32(options.seed ?? 1);
  }

  decide(server: ServerName): FaultDecision {
    const applyTo = this.options.applyTo ?? "all";
    if (applyTo !== "all" && applyTo !== server) return { latencyMs: 0 };
    const roll = this.random();
    const latencyRoll = this.random();
    return { kind: this.pick(roll), latencyMs: this.latency(latencyRoll) };
  }

  /**
   * Draws the fault of a request that reached `server` and applies what both listeners do alike: the
   * latency, then for a reset the socket destroyed, for an HTTP fault the body read (so the client sees a
   * clean answer rather than a broken pipe), the fault noted in the request log. The listener answers an
   * HTTP fault in its own shape; after a reset there is nothing left to answer.
   */
  async strike(server: ServerName, request: IncomingMessage, record: RecordedRequest): Promise<FaultKind | undefined> {
    const fault = this.decide(server);
    if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
    if (!fault.kind) return undefined;
    record.fault = fault.kind;
    if (fault.kind === "reset") request.socket.destroy();
    else await readBody(request).catch(() => undefined);
    return fault.kind;
  }

  private pick(roll: number): FaultKind | undefined {
    const { rateReset = 0, rate429 = 0, rate500 = 0, rate503 = 0 } = this.options;
    const bands: [FaultKind, number][] = [
      ["reset", rateReset],
      ["429", rate429],
      ["500", rate500],
      ["503", rate503],
    ];
    let threshold = 0;
    for (const [kind, rate] of bands) {
      threshold += rate;
      if (roll < threshold) return kind;
    }
    return undefined;
  }

  private latency(roll: number): number {
    const latency = this.options.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === "number") return latency;
    const [min, max] = latency;
    return Math.round(min + roll * (max - min));
  }
}

/** The ARM error body a faulted request receives, as ARM front doors answer when throttling or failing. */
export function faultBody(kind: "429" | "500" | "503"): { error: { code: string; message: string } } {
  switch (kind) {
    case "429":
      return {
        error: {
          code: "TooManyRequests",
          message: "The request was throttled (injected fault). Retry after the delay given by Retry-After.",
        },
      };
    case "500":
      return {
        error: { code: "InternalServerError", message: "The server encountered an internal error (injected fault)." },
      };
    case "503":
      return {
        error: { code: "ServiceUnavailable", message: "The service is temporarily unavailable (injected fault)." },
      };
  }
}
