// The embedded ACR emulator: an ARM listener serving every operation of both swagger feeds, and a
// blob listener for build-context uploads and run logs, both over HTTPS with a certificate made at
// start-up. Hand `credential` and `clientOptions` to the client and point it at `endpoint`.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { ArmRateLimiter } from "./armRateLimit.js";
import { armRequestListener } from "./armServer.js";
import { emulatorCredential } from "./auth.js";
import { blobRequestListener } from "./blobServer.js";
import { generateServerCertificate } from "./cert.js";
import { Clock } from "./clock.js";
import type { EmulatorContext } from "./context.js";
import { FaultInjector } from "./faults.js";
import { isLoopbackHost, urlHost } from "./http.js";
import { LroManager } from "./lro.js";
import { Persistence } from "./persistence.js";
import { operationHandlers, registerCompletions } from "./resources/index.js";
import { RunEngine } from "./runEngine.js";
import { emptyState, Store } from "./store.js";
import type { EmulatorOptions, RecordedRequest, RunningEmulator } from "./types.js";

export type { ArmRateLimitBucket, ArmRateLimitOptions } from "./armRateLimit.js";
export type { EmulatorOptions, FaultOptions, RecordedRequest, RunningEmulator, ServerName } from "./types.js";

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function stop(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new Error(`Refusing to bind the emulator to the non-loopback address '${host}': it accepts its own tokens only and has no real security. Pass allowNonLoopback: true to do it anyway.`);
  }
  const log = options.logger ?? (() => undefined);
  const rateLimit = new ArmRateLimiter(options.armRateLimit, options.timeScale ?? 1);
  const loaded = options.dataDir ? Persistence.load(options.dataDir) : undefined;
  const store = new Store(loaded?.state ?? emptyState(), loaded?.blobs ?? new Map(), options.dataDir);
  store.changed(); // a new dataDir gets its keys written at once
  const certificate = await generateServerCertificate(host);
  const tls = { key: certificate.keyPem, cert: certificate.certChainPem };
  const armServer = createServer(tls);
  const blobServer = createServer(tls);
  const armPort = await listen(armServer, options.port ?? 0, host);
  const blobPort = await listen(blobServer, options.blobPort ?? 0, host).catch(async (error: unknown) => {
    await stop(armServer);
    throw error;
  });
  const endpoint = `https://${urlHost(host)}:${armPort}`;
  const blobEndpoint = `https://${urlHost(host)}:${blobPort}`;

  const clock = new Clock(options.timeScale ?? 1);
  const lro = new LroManager(store, clock, endpoint);
  const runs = new RunEngine(store, clock, blobEndpoint, log);
  const context: EmulatorContext = { store, clock, lro, runs, armEndpoint: endpoint, blobEndpoint, pageSize: options.pageSize ?? 20, log };
  registerCompletions(context);

  const requests: RecordedRequest[] = [];
  const faults = new FaultInjector(options.faults);
  armServer.on("request", armRequestListener({ context, handlers: operationHandlers, faults, requests, tokenKey: () => store.state.keys.token, rateLimit }));
  blobServer.on("request", blobRequestListener({ store, faults, requests, sasKey: () => store.state.keys.sas, log }));
  lro.resume();
  runs.resume();
  log(`emulator: ARM at ${endpoint}, blobs at ${blobEndpoint}, timeScale ${clock.timeScale}${options.dataDir ? `, data in ${options.dataDir}` : ""}`);

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    blobEndpoint,
    credential: emulatorCredential(() => store.state.keys.token),
    clientOptions: { tlsOptions: { ca: certificate.caPem } },
    caPem: certificate.caPem,
    requests,
    close: () =>
      (closing ??= (async () => {
        clock.close();
        await Promise.all([stop(armServer), stop(blobServer)]);
        store.persistence.flush();
      })()),
  };
}
