// Seeded fault injection: reproducible 429/500/503/resets and latency, per listener.
import { Agent, request } from "node:https";
import { afterEach, describe, expect, test } from "vitest";
import { FaultInjector, mulberry32 } from "../src/net/faults.js";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import type { FaultOptions } from "../src/options.js";
import { arm, registryPath, send } from "./helpers.js";

const started: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.close()));
});

async function emulatorWith(faults: FaultOptions): Promise<RunningEmulator> {
  const emulator = await startEmulator({ timeScale: 0.001, faults });
  started.push(emulator);
  return emulator;
}

/** Status of each of `count` GETs, or "reset" when the connection was destroyed. */
async function statuses(emulator: RunningEmulator, count: number): Promise<(number | "reset")[]> {
  const token = (await emulator.credential.getToken("x"))!.token;
  // One keep-alive connection for all requests: a reset only costs a new TLS handshake.
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: emulator.clientOptions.tlsOptions.ca });
  const results: (number | "reset")[] = [];
  for (let i = 0; i < count; i++) {
    results.push(
      await new Promise<number | "reset">((resolve) => {
        const req = request(
          `${emulator.endpoint}${registryPath("faultreg01")}?api-version=${arm}`,
          { headers: { Authorization: `Bearer ${token}` }, agent },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          },
        );
        req.on("error", () => resolve("reset"));
        req.end();
      }),
    );
  }
  agent.destroy();
  return results;
}

test("mulberry32 is deterministic for a seed and differs between seeds", () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const c = mulberry32(43);
  const first = [a(), a(), a()];
  expect([b(), b(), b()]).toEqual(first);
  expect([c(), c(), c()]).not.toEqual(first);
  for (const value of first) expect(value >= 0 && value < 1).toBe(true);
});

test("the same seed gives the same faults for the same request sequence", async () => {
  const faults = { seed: 7, rate429: 0.2, rate500: 0.15, rate503: 0.15, rateReset: 0.1 };
  const first = await statuses(await emulatorWith(faults), 30);
  const second = await statuses(await emulatorWith(faults), 30);
  expect(second).toEqual(first);
  expect(new Set(first)).toEqual(new Set([404, 429, 500, 503, "reset"]));
  const other = await statuses(await emulatorWith({ ...faults, seed: 8 }), 30);
  expect(other).not.toEqual(first);
});

describe("fault responses", () => {
  test("429 carries Retry-After and an ARM error body; the request log records it", async () => {
    const emulator = await emulatorWith({ seed: 1, rate429: 1 });
    const response = await send(emulator, "GET", `${registryPath("faultreg01")}?api-version=${arm}`);
    expect(response.status).toBe(429);
    expect(response.headers["retry-after"]).toBeDefined();
    expect(response.body.error.code).toBe("TooManyRequests");
    expect(emulator.requests.at(-1)).toMatchObject({ fault: "429", status: 429 });
  });

  test("500 and 503 carry ARM error bodies", async () => {
    expect(
      (await send(await emulatorWith({ rate500: 1 }), "GET", `${registryPath("faultreg01")}?api-version=${arm}`)).body
        .error.code,
    ).toBe("InternalServerError");
    expect(
      (await send(await emulatorWith({ rate503: 1 }), "GET", `${registryPath("faultreg01")}?api-version=${arm}`)).body
        .error.code,
    ).toBe("ServiceUnavailable");
  });

  test("applyTo limits faults to one listener", async () => {
    const emulator = await emulatorWith({ rate503: 1, applyTo: "blob" });
    expect((await send(emulator, "GET", `${registryPath("faultreg01")}?api-version=${arm}`)).status).toBe(404);
    const blob = await send(emulator, "GET", `${emulator.blobEndpoint}/acremulatorsa/source/x`, { token: null });
    expect(blob.status).toBe(503);
  });

  test("latency is added from the seeded range", () => {
    const injector = new FaultInjector({ seed: 3, latencyMs: [10, 20] });
    const latencies = Array.from({ length: 20 }, () => injector.decide("arm").latencyMs);
    for (const latency of latencies) expect(latency >= 10 && latency <= 20).toBe(true);
    const again = new FaultInjector({ seed: 3, latencyMs: [10, 20] });
    expect(Array.from({ length: 20 }, () => again.decide("arm").latencyMs)).toEqual(latencies);
  });
});
