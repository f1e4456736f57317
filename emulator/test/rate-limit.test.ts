// ARM's request budget: every answer reports what is left in x-ms-ratelimit-remaining-subscription-*,
// as ARM does; with armRateLimit the budget is enforced with 429 SubscriptionRequestsThrottled and a
// Retry-After, before the request is handled. Buckets without refill make every count exact.
import { afterEach, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { build, createRegistry, registryPath, send } from "./helpers.js";

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const runsUrl = (registry: string) => `${registryPath(registry)}/runs?api-version=${build}`;

test("by default every answer reports Azure's budget, which falls with each request and is not enforced", async () => {
  // timeScale 1000 stretches the refill (25 reads an emulated second) to one read every 40 s of real time,
  // so the counts below are exact however slow the machine is.
  emulator = await startEmulator({ timeScale: 1000 });
  const url = runsUrl("ratereg01");
  const reads = [];
  for (let i = 0; i < 3; i++) reads.push(await send(emulator, "GET", url));
  expect(reads.map((read) => read.status)).toEqual([404, 404, 404]);
  expect(reads.map((read) => read.headers["x-ms-ratelimit-remaining-subscription-reads"])).toEqual([
    "249",
    "248",
    "247",
  ]);
  const write = await send(
    emulator,
    "POST",
    `${registryPath("ratereg01")}/listBuildSourceUploadUrl?api-version=${build}`,
  );
  expect(write.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("199");
  expect(write.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBeUndefined();
  const deleted = await send(emulator, "DELETE", `${registryPath("ratereg01")}?api-version=2021-08-01-preview`);
  expect(deleted.headers["x-ms-ratelimit-remaining-subscription-deletes"]).toBe("199");
  const tenant = await send(
    emulator,
    "GET",
    "/providers/Microsoft.ContainerRegistry/operations?api-version=2021-08-01-preview",
  );
  expect(tenant.headers["x-ms-ratelimit-remaining-tenant-reads"]).toBe("249");
  // Not enforced: far past the budget, reads are still answered.
  for (let i = 0; i < 260; i++) await send(emulator, "GET", url);
  const late = await send(emulator, "GET", url);
  expect(late.status).toBe(404);
  expect(late.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("0");
});

test("an enforced budget counts down to 0, then refuses reads with 429 and Retry-After", async () => {
  emulator = await startEmulator({ timeScale: 0.001, armRateLimit: { reads: { size: 5, refillPerSecond: 0 } } });
  const url = runsUrl("ratereg02");
  const answers = [];
  for (let i = 0; i < 7; i++) answers.push(await send(emulator, "GET", url));
  expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 429, 429]);
  expect(answers.map((answer) => answer.headers["x-ms-ratelimit-remaining-subscription-reads"])).toEqual([
    "4",
    "3",
    "2",
    "1",
    "0",
    "0",
    "0",
  ]);
  const throttled = answers.at(-1)!;
  expect(throttled.body.error.code).toBe("SubscriptionRequestsThrottled");
  expect(throttled.body.error.message).toMatch(/Number of 'read' requests for subscription '.+' exceeded/);
  expect(Number(throttled.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(emulator.requests.map((request) => request.status)).toEqual([404, 404, 404, 404, 404, 429, 429]);
  // Writes have their own bucket, untouched by the reads.
  const write = await send(
    emulator,
    "POST",
    `${registryPath("ratereg02")}/listBuildSourceUploadUrl?api-version=${build}`,
  );
  expect(write.status).toBe(404);
  expect(write.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("199");
});

test("a throttled write is refused before it is handled: no run is created", async () => {
  emulator = await startEmulator({ timeScale: 0.001, armRateLimit: { writes: { size: 2, refillPerSecond: 0 } } });
  // The registry's PUT takes one write; one more is left.
  await createRegistry(emulator, "ratereg03");
  const schedule = () =>
    send(emulator!, "POST", `${registryPath("ratereg03")}/scheduleRun?api-version=${build}`, {
      body: {
        type: "EncodedTaskRunRequest",
        encodedTaskContent: Buffer.from("steps:\n  - cmd: bash echo hi\n").toString("base64"),
        platform: { os: "Linux" },
      },
    });
  expect((await schedule()).status).toBe(200);
  expect((await schedule()).status).toBe(429);
  const listed = await send(emulator, "GET", runsUrl("ratereg03"));
  expect(listed.body.value.map((run: { name: string }) => run.name)).toEqual(["cb1"]);
});

test("the budget refills in emulated time", async () => {
  // 1 read a second of emulated time is 1,000 a second of real time at timeScale 0.001.
  emulator = await startEmulator({ timeScale: 0.001, armRateLimit: { reads: { size: 1, refillPerSecond: 1 } } });
  const url = runsUrl("ratereg04");
  let throttled = 0;
  for (let i = 0; i < 3; i++) {
    let answer = await send(emulator, "GET", url);
    while (answer.status === 429) {
      throttled++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      answer = await send(emulator, "GET", url);
    }
    expect(answer.status).toBe(404);
  }
  expect(throttled).toBeLessThan(100);
});

test("bad budgets are refused at start-up", async () => {
  await expect(startEmulator({ armRateLimit: { reads: { size: 0, refillPerSecond: 1 } } })).rejects.toThrow(
    /armRateLimit.reads/,
  );
});
