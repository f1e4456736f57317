// What a user at a terminal sees and does: progress on stderr while a build is packed, uploaded and
// queued (only on a terminal: `script` gives the command one), and Ctrl-C, which stops following (exit
// 130) and leaves the run going unless --cancel-on-interrupt cancels it.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliBin, startCliEmulator, type CliEmulator } from "./_support/cliSession.js";

const group = "term-rg";
const registry = "cliterminal01";
const seconds = (n: number) => n * 1000;
const script = ["/usr/bin/script", "/bin/script"].find(existsSync);

let emulator: CliEmulator;
let context: string;

beforeAll(async () => {
  emulator = await startCliEmulator({ timeScale: 0.05 });
  await emulator.createRegistry(registry, group);
  context = join(emulator.work, "app");
  mkdirSync(context);
  writeFileSync(join(context, "Dockerfile"), "FROM alpine\n");
  // Enough bytes for the upload to be seen.
  writeFileSync(join(context, "data.bin"), Buffer.alloc(2 * 1024 * 1024, 7));
}, seconds(90));

afterAll(async () => {
  await emulator?.close();
});

/** Starts acr-tasks, sends `signal` once it says the run is queued, and resolves to how it ended. */
function interruptOnceQueued(args: string[], signal: NodeJS.Signals) {
  return new Promise<{ code: number | null; stderr: string; runId: string }>((resolve, reject) => {
    const child = spawn(cliBin, args, { env: emulator.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let runId = "";
    child.stdout.resume();
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const queued = /Queued run (cb\d+)/.exec(stderr);
      if (queued && !runId) {
        runId = queued[1]!;
        // Once following has begun: the first log line is on its way.
        setTimeout(() => child.kill(signal), 500);
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stderr, runId }));
  });
}

async function statusOf(runId: string): Promise<string | undefined> {
  return (await emulator.client().runs.get(group, registry, runId)).properties?.status;
}

describe("Ctrl-C", () => {
  test(
    "stops following: exit 130, the run goes on and the message says how to stop it",
    async () => {
      const ended = await interruptOnceQueued(
        ["run", "-r", registry, "--cmd", "bash echo started && sleep 600", "/dev/null"],
        "SIGINT",
      );
      expect(ended.code).toBe(130);
      expect(ended.stderr).toContain(
        `acr-tasks: interrupted; run ${ended.runId} goes on (acr-tasks cancel ${ended.runId} -r ${registry} stops it)`,
      );
      expect(["Queued", "Started", "Running"]).toContain(await statusOf(ended.runId));
      await emulator.client().runs.cancel(group, registry, ended.runId);
    },
    seconds(60),
  );

  test(
    "with --cancel-on-interrupt the run is canceled before the command ends",
    async () => {
      const ended = await interruptOnceQueued(
        ["run", "-r", registry, "--cmd", "bash sleep 600", "/dev/null", "--cancel-on-interrupt"],
        "SIGINT",
      );
      expect(ended.code).toBe(130);
      expect(ended.stderr).toContain(`acr-tasks: interrupted; run ${ended.runId} canceled`);
      expect(await statusOf(ended.runId)).toBe("Canceled");
    },
    seconds(60),
  );
});

describe.skipIf(!script)("on a terminal", () => {
  test(
    "progress on stderr: packing (files, bytes), the upload with bytes, percent and rate, queueing (piped output has none: commands.test.ts)",
    async () => {
      const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
      const command = [cliBin, "build", "-r", registry, "-t", "app:tty", context].map(quoted).join(" ");
      const onTerminal = await new Promise<string>((resolve, reject) =>
        execFile(script!, ["-qec", command, "/dev/null"], { env: emulator.env, timeout: 60_000 }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        ),
      );
      expect(onTerminal).toContain(`\r\x1b[2KPacking ${context} ...`);
      // The SDK's onProgress: the files packed and their bytes, to the last one.
      expect(onTerminal).toContain(`\r\x1b[2KPacking ${context}: 2 of 2 files, 2.0 MiB`);
      expect(onTerminal).toMatch(/\r\x1b\[2KUploading the context: [\d.]+ (KiB|MiB) of [\d.]+ (KiB|MiB) \(100 %\)/);
      expect(onTerminal).toContain("\r\x1b[2KQueueing the run ...");
      expect(onTerminal).toMatch(/Successfully pushed image: \S+app:tty/);
    },
    seconds(60),
  );
});
