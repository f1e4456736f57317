#!/usr/bin/env node
// acr-tasks-emulator [--port N] [--blob-port N] [--time-scale X] [--data-dir D] [--host H] [--ca-file F]
//                    [--azure-blob-urls] [--blob-suffix S] [--proxy] [--proxy-port N] [--az-setup FILE]
//                    [--env-file FILE]
// Runs the emulator until SIGINT/SIGTERM, printing the endpoints and where the CA certificate is.
// --az-setup FILE (Azure-shaped blob URLs and the proxy included) writes, once the emulator listens, a
// script that points the Azure CLI at it (azSetup.ts); --env-file FILE the export lines that point
// acr-tasks and DefaultAzureCredential apps at it (envFile.ts). Both can be asked for at once. Commits and
// pull requests reach it at POST /emulator/sourceEvents (platform/sourceEvents.ts).
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { azSetupScript } from "./azSetup.js";
import { envFileScript } from "./envFile.js";
import { startEmulator } from "./index.js";

const usage =
  "usage: acr-tasks-emulator [--port N] [--blob-port N] [--time-scale X] [--data-dir D] [--host H] [--allow-non-loopback] [--ca-file F]\n" +
  "                          [--azure-blob-urls] [--blob-suffix S] [--proxy] [--proxy-port N] [--az-setup FILE] [--env-file FILE] [--quiet]";

/** Written whole or not at all: whoever waits for the file never reads half of it. Readable by its owner only. */
function writeAtomically(file: string, text: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
}

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
      "azure-blob-urls": { type: "boolean" },
      "blob-suffix": { type: "string" },
      proxy: { type: "boolean" },
      "proxy-port": { type: "string" },
      "az-setup": { type: "string" },
      "env-file": { type: "string" },
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
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`--${name} must be a non-negative number, got '${text}'\n${usage}`);
    return value;
  };
  const azSetup = values["az-setup"];
  const proxyPort = number("proxy-port", values["proxy-port"]);
  const azureBlobUrls = values["azure-blob-urls"] || azSetup !== undefined;
  const emulator = await startEmulator({
    port: number("port", values.port),
    blobPort: number("blob-port", values["blob-port"]),
    timeScale: number("time-scale", values["time-scale"]),
    dataDir: values["data-dir"],
    host: values.host,
    allowNonLoopback: values["allow-non-loopback"],
    azureBlobUrls,
    blobSuffix: values["blob-suffix"],
    proxy: values.proxy || proxyPort !== undefined || azSetup !== undefined ? { port: proxyPort } : undefined,
    logger: values.quiet ? undefined : (line) => console.error(line),
  });
  // The CA goes to a fresh temporary folder (removed on exit) unless --ca-file names a place.
  const caFolder = values["ca-file"] ? undefined : mkdtempSync(join(tmpdir(), "acr-tasks-emulator-"));
  const caFile = values["ca-file"] ?? join(caFolder!, "ca.pem");
  writeFileSync(caFile, emulator.caPem);
  console.log(`ARM endpoint:  ${emulator.endpoint}`);
  console.log(`Blob endpoint: ${emulator.blobEndpoint} (also ${emulator.azureBlobEndpoint})`);
  if (emulator.proxyUrl) console.log(`Proxy:         ${emulator.proxyUrl} (HTTPS_PROXY for the blob host names)`);
  console.log(
    `CA certificate (PEM) written to ${caFile}: trust it with tlsOptions: { ca } or NODE_EXTRA_CA_CERTS=${caFile}`,
  );
  // Another process cannot share the in-process credential, so print a token it can send as is.
  const token = await emulator.credential.getToken("https://management.azure.com/.default");
  console.log(`Bearer token (valid until ${new Date(token!.expiresOnTimestamp).toISOString()}): ${token!.token}`);
  console.log(
    `Source events: POST ${emulator.endpoint}/emulator/sourceEvents with {"repositoryUrl", "branch", "commitId", "eventType"} runs the tasks they trigger`,
  );
  if (azSetup) {
    writeAtomically(azSetup, azSetupScript(emulator, caFile));
    console.log(
      `Azure CLI setup written to ${azSetup}: run \`export AZURE_CONFIG_DIR=<a folder>; . ${azSetup}\` then az acr ...`,
    );
  }
  const envFile = values["env-file"];
  if (envFile) {
    writeAtomically(
      envFile,
      envFileScript({
        endpoint: emulator.endpoint,
        subscriptionId: emulator.subscriptionId,
        servicePrincipal: emulator.servicePrincipal,
        caFile,
        blobProxyUrl: azureBlobUrls ? emulator.proxyUrl : undefined,
      }),
    );
    console.log(
      `Environment written to ${envFile}: run \`. ${envFile}\` then acr-tasks ... (or any DefaultAzureCredential app)`,
    );
  }
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
