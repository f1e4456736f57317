#!/usr/bin/env node
// acr-tasks-emulator [--port N] [--blob-port N] [--time-scale X] [--data-dir D] [--host H] [--ca-file F]
// Runs the emulator until SIGINT/SIGTERM, printing the endpoints and where the CA certificate is.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "./index.js";

const usage = "usage: acr-tasks-emulator [--port N] [--blob-port N] [--time-scale X] [--data-dir D] [--host H] [--allow-non-loopback] [--ca-file F] [--quiet]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "blob-port": { type: "string" },
      "time-scale": { type: "string" },
      "data-dir": { type: "string" },
      host: { type: "string" },
      "allow-non-loopback": { type: "boolean" },
      "ca-file": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const number = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got '${text}'\n${usage}`);
    return value;
  };
  const emulator = await startEmulator({
    port: number("port", values.port),
    blobPort: number("blob-port", values["blob-port"]),
    timeScale: number("time-scale", values["time-scale"]),
    dataDir: values["data-dir"],
    host: values.host,
    allowNonLoopback: values["allow-non-loopback"],
    logger: values.quiet ? undefined : (line) => console.error(line),
  });
  // The CA goes to a fresh temporary folder (removed on exit) unless --ca-file names a place.
  const caFolder = values["ca-file"] ? undefined : mkdtempSync(join(tmpdir(), "acr-tasks-emulator-"));
  const caFile = values["ca-file"] ?? join(caFolder!, "ca.pem");
  writeFileSync(caFile, emulator.caPem);
  console.log(`ARM endpoint:  ${emulator.endpoint}`);
  console.log(`Blob endpoint: ${emulator.blobEndpoint}`);
  console.log(`CA certificate (PEM) written to ${caFile}: trust it with tlsOptions: { ca } or NODE_EXTRA_CA_CERTS=${caFile}`);
  // Another process cannot share the in-process credential, so print a token it can send as is.
  const token = await emulator.credential.getToken("https://management.azure.com/.default");
  console.log(`Bearer token (valid until ${new Date(token!.expiresOnTimestamp).toISOString()}): ${token!.token}`);
  console.log("Press Ctrl+C to stop.");
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void emulator.close().then(() => {
      if (caFolder) rmSync(caFolder, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
