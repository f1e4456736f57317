// Start-up: HTTPS with a certificate trusted only through clientOptions, loopback-only binding unless
// allowed, and the acr-tasks-emulator CLI.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { expect, test } from "vitest";
import { startEmulator } from "../src/index.js";
import { arm, registryPath, send } from "./helpers.js";

test("refuses a non-loopback host unless allowNonLoopback is set", async () => {
  await expect(startEmulator({ host: "0.0.0.0" })).rejects.toThrow(/non-loopback/);
});

test("serves HTTPS only to clients trusting the generated CA", async () => {
  const emulator = await startEmulator({ timeScale: 0.001 });
  try {
    expect(emulator.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.blobEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.clientOptions.tlsOptions.ca).toContain("BEGIN CERTIFICATE");
    const untrusted = await new Promise<string>((resolve) => {
      const req = request(emulator.endpoint, { method: "GET" }, () => resolve("connected"));
      req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end();
    });
    expect(untrusted).not.toBe("connected");
    expect((await send(emulator, "GET", `${registryPath("nothere01")}?api-version=${arm}`)).status).toBe(404);
    const localhost = emulator.endpoint.replace("127.0.0.1", "localhost");
    const viaName = await new Promise<number>((resolve, reject) => {
      const req = request(`${localhost}/`, { ca: emulator.clientOptions.tlsOptions.ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(viaName).toBe(401);
  } finally {
    await emulator.close();
  }
});

test("the CLI prints the endpoints, the CA file and a token, serves, and stops on SIGINT", async () => {
  const child = spawn("node_modules/.bin/acr-tasks-emulator", ["--port", "0", "--time-scale", "0.01", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl+C")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`CLI exited early (${code}): ${output}`)));
  });
  const endpoint = /ARM endpoint:\s+(\S+)/.exec(output)![1]!;
  expect(/Blob endpoint:\s+https:\/\/127\.0\.0\.1:\d+/.test(output)).toBe(true);
  const caFile = /written to (\S+?):/.exec(output)![1]!;
  const token = /Bearer token \(valid until [^)]+\): (\S+)/.exec(output)![1]!;
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${endpoint}${registryPath("clireg001")}?api-version=${arm}`, { ca: readFileSync(caFile, "utf8"), headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
  expect(status).toBe(404);
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  child.kill("SIGINT");
  expect(await exit).toBe(0);
}, 30_000);
