// Start-up: HTTPS with a certificate trusted only through clientOptions, loopback-only binding unless
// allowed, and the acr-tasks-emulator CLI.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
  const child = spawn("node_modules/.bin/acr-tasks-emulator", ["--port", "0", "--time-scale", "0.01", "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
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
    const req = request(
      `${endpoint}${registryPath("clireg001")}?api-version=${arm}`,
      { ca: readFileSync(caFile, "utf8"), headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end();
  });
  expect(status).toBe(404);
  // The source event endpoint it prints takes an event, with the token: no task listens, so nothing runs.
  const sourceEvents = /Source events: POST (\S+)/.exec(output)![1]!;
  expect(sourceEvents).toBe(`${endpoint}/emulator/sourceEvents`);
  const answer = await new Promise<string>((resolve, reject) => {
    const req = request(
      sourceEvents,
      {
        method: "POST",
        ca: readFileSync(caFile, "utf8"),
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve(`${res.statusCode} ${body}`));
      },
    );
    req.on("error", reject);
    req.end(
      JSON.stringify({ repositoryUrl: "https://github.com/o/r", branch: "main", commitId: "c1", eventType: "commit" }),
    );
  });
  expect(answer).toBe('200 {"runs":[]}');
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  child.kill("SIGINT");
  expect(await exit).toBe(0);
}, 30_000);

/** Starts the CLI with `args` and resolves once it says it serves, with what it printed. */
async function startCli(args: string[]): Promise<{ child: ReturnType<typeof spawn>; output: string }> {
  const child = spawn("node_modules/.bin/acr-tasks-emulator", args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl+C")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`CLI exited early (${code}): ${output}`)));
  });
  return { child, output };
}

test("--az-setup FILE writes, once listening, a POSIX sh script that points az at the emulator", async () => {
  const dir = mkdtempSync(join(tmpdir(), "acr-emulator-azsetup-"));
  const file = join(dir, "az-setup.sh");
  const { child, output } = await startCli(["--time-scale", "0.01", "--quiet", "--az-setup", file]);
  try {
    expect(output).toContain(`Azure CLI setup written to ${file}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const endpoint = /ARM endpoint:\s+(\S+)/.exec(output)![1]!;
    const proxy = /Proxy:\s+(\S+)/.exec(output)![1]!;
    // A stand-in `az` records how the script calls it, so the script itself runs under sh.
    const bin = join(dir, "bin");
    execFileSync("mkdir", [bin]);
    writeFileSync(join(bin, "az"), `#!/bin/sh\necho "az $*" >> "${join(dir, "calls.txt")}"\n`);
    chmodSync(join(bin, "az"), 0o755);
    const env = execFileSync("sh", ["-c", `. "${file}" && env`], {
      env: { PATH: `${bin}:/usr/bin:/bin`, AZURE_CONFIG_DIR: join(dir, "config") },
      encoding: "utf8",
    });
    const vars = Object.fromEntries(
      env
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(vars).toMatchObject({
      ACR_EMULATOR_ARM: endpoint,
      ACR_EMULATOR_SUBSCRIPTION: "00000000-0000-0000-0000-000000000001",
      HTTPS_PROXY: proxy,
      NO_PROXY: "127.0.0.1",
    });
    expect(readFileSync(vars["REQUESTS_CA_BUNDLE"]!, "utf8")).toContain("BEGIN CERTIFICATE");
    const calls = readFileSync(join(dir, "calls.txt"), "utf8").trim().split("\n");
    expect(calls[0]).toMatch(
      new RegExp(`^az cloud register -n AcrTasksEmulator --endpoint-resource-manager ${endpoint}/ `),
    );
    expect(calls[1]).toMatch(/^az cloud set -n AcrTasksEmulator/);
    expect(calls[2]).toMatch(
      /^az login --only-show-errors --service-principal -u 00000000-0000-0000-0000-00000000c11e -p E\S+ --tenant 00000000-0000-0000-0000-00000000ac7e$/,
    );
    // Without AZURE_CONFIG_DIR the script refuses, rather than touching the user's own az configuration.
    expect(() =>
      execFileSync("sh", ["-c", `. "${file}"`], { env: { PATH: `${bin}:/usr/bin:/bin` }, stdio: "pipe" }),
    ).toThrow(/set AZURE_CONFIG_DIR/);
  } finally {
    const exit = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    await exit;
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
