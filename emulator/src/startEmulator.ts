// The embedded ACR emulator: an ARM listener serving every operation of every swagger feed (and the
// sign-in and Microsoft.Resources endpoints real tools need), a blob listener for build-context uploads
// and run logs, both over HTTPS with a certificate made at start-up, and optionally a CONNECT proxy that
// reaches them by name. Hand `credential` and `clientOptions` to the client and point it at `endpoint`.
import { createServer, type Server } from "node:https";
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ArmRateLimiter } from "./arm/armRateLimit.js";
import { armRequestListener } from "./arm/armServer.js";
import { clientSecret, emulatorCredential } from "./arm/auth.js";
import { BlobAddressing, defaultBlobSuffix } from "./blob/blobAddress.js";
import { blobRequestListener } from "./blob/blobServer.js";
import { generateServerCertificate } from "./net/cert.js";
import { checkTimeScale, Clock } from "./clock.js";
import type { EmulatorServices } from "./services.js";
import { FaultInjector } from "./net/faults.js";
import { isLoopbackHost, urlHost } from "./net/http.js";
import { emulatorIdentity } from "./identity.js";
import { AsyncOperations } from "./longRunning/asyncOperations.js";
import { Persistence } from "./state/persistence.js";
import { createConnectProxy, type ConnectProxy } from "./net/proxy.js";
import { operationHandlers, registerCompletions } from "./resources/index.js";
import { RunEngine } from "./runEngine/runEngine.js";
import { registerBaseImageTriggers } from "./triggers/baseImageTriggers.js";
import { sendSourceEvent, sourceEventProblem } from "./triggers/sourceTriggers.js";
import { resumeAt, TimerTriggers } from "./triggers/timerTriggers.js";
import { emptyState, Store } from "./state/store.js";
import type { EmulatorOptions } from "./options.js";
import type { RecordedRequest, RunningEmulator } from "./runningEmulator.js";

async function listen(server: Server | HttpServer, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

async function stop(server: Server | HttpServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** The listeners started so far, stopped together when a later one fails to start or on close(). */
class Listeners {
  private readonly servers: (Server | HttpServer)[] = [];

  async start(server: Server | HttpServer, port: number, host: string): Promise<number> {
    try {
      const bound = await listen(server, port, host);
      this.servers.push(server);
      return bound;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  stop(): Promise<void> {
    return Promise.all(this.servers.splice(0).map(stop)).then(() => undefined);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && !options.allowNonLoopback) {
    throw new Error(
      `Refusing to bind the emulator to the non-loopback address '${host}': it accepts its own tokens only and has no real security. Pass allowNonLoopback: true to do it anyway.`,
    );
  }
  const log = options.logger ?? (() => undefined);
  // Options are refused before anything listens, so a refusal leaves nothing open.
  const timeScale = checkTimeScale(options.timeScale ?? 1);
  const rateLimit = new ArmRateLimiter(options.armRateLimit, timeScale);
  const loaded = options.dataDir ? Persistence.load(options.dataDir) : undefined;
  const store = new Store(loaded?.state ?? emptyState(), loaded?.blobs ?? new Map(), options.dataDir);
  store.changed(); // a new dataDir gets its keys written at once
  const blobSuffix = (options.blobSuffix ?? defaultBlobSuffix).toLowerCase();
  const certificate = await generateServerCertificate([host, `*.blob.${blobSuffix}`]);
  const tls = { key: certificate.keyPem, cert: certificate.certChainPem };
  const armServer = createServer(tls);
  const blobServer = createServer(tls);
  const listeners = new Listeners();
  const armPort = await listeners.start(armServer, options.port ?? 0, host);
  const blobPort = await listeners.start(blobServer, options.blobPort ?? 0, host);
  const endpoint = `https://${urlHost(host)}:${armPort}`;
  const blobEndpoint = `https://${urlHost(host)}:${blobPort}`;
  const blobs = new BlobAddressing(blobEndpoint, blobSuffix, blobPort, options.azureBlobUrls === true);

  let proxy: ConnectProxy | undefined;
  let proxyUrl: string | undefined;
  if (options.proxy) {
    const names = [host, ...(isLoopbackHost(host) ? ["127.0.0.1", "localhost"] : [])];
    const direct = new Map<string, number>(
      names.flatMap(
        (name) =>
          [
            [`${name}:${armPort}`, armPort],
            [`${name}:${blobPort}`, blobPort],
          ] as [string, number][],
      ),
    );
    proxy = createConnectProxy({ direct, blob: blobs, listenHost: host, blobPort, log });
    const proxyPort = await listeners.start(
      proxy.server,
      typeof options.proxy === "object" ? (options.proxy.port ?? 0) : 0,
      host,
    );
    proxyUrl = `http://${urlHost(host)}:${proxyPort}`;
  }

  // Timer triggers' emulated time goes on after a restart from the last occurrence they fired. Made here,
  // just before the services start: emulated time starts with the Clock, and the timer triggers count
  // what passes before their resume() as time the emulator was down.
  const clock = new Clock(timeScale, resumeAt(store));
  const asyncOperations = new AsyncOperations(store, clock, endpoint);
  const runs = new RunEngine(store, clock, (url) => blobs.pathOfUrl(url, blobEndpoint), log);
  const services: EmulatorServices = {
    store,
    clock,
    asyncOperations,
    runs,
    armEndpoint: endpoint,
    blobEndpoint,
    blobs,
    pageSize: options.pageSize ?? 20,
    log,
  };
  registerCompletions(services);
  registerBaseImageTriggers(services);
  const timerTriggers = new TimerTriggers(services);

  const requests: RecordedRequest[] = [];
  const faults = new FaultInjector(options.faults);
  armServer.on(
    "request",
    armRequestListener({
      services,
      handlers: operationHandlers,
      faults,
      requests,
      tokenKey: () => store.state.keys.token,
      blobSuffix: options.azureBlobUrls ? blobSuffix : undefined,
      rateLimit,
    }),
  );
  blobServer.on(
    "request",
    blobRequestListener({ store, faults, requests, sasKey: () => store.state.keys.sas, addressing: blobs, log }),
  );
  asyncOperations.resume();
  runs.resume();
  timerTriggers.resume();
  log(
    `emulator: ARM at ${endpoint}, blobs at ${blobEndpoint} (${blobs.azureBase})${proxyUrl ? `, proxy at ${proxyUrl}` : ""}, timeScale ${clock.timeScale}${options.dataDir ? `, data in ${options.dataDir}` : ""}`,
  );

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    blobEndpoint,
    azureBlobEndpoint: blobs.azureBase,
    ...(proxyUrl ? { proxyUrl } : {}),
    subscriptionId: emulatorIdentity.subscriptionId,
    servicePrincipal: {
      tenantId: emulatorIdentity.tenantId,
      clientId: emulatorIdentity.clientId,
      clientSecret: clientSecret(store.state.keys.token),
    },
    credential: emulatorCredential(() => store.state.keys.token),
    clientOptions: { tlsOptions: { ca: certificate.caPem } },
    caPem: certificate.caPem,
    requests,
    sendSourceEvent: async (event) => {
      if (closing) throw new Error("sendSourceEvent: the emulator is closed");
      const problem = sourceEventProblem(event);
      if (problem) throw new TypeError(`sendSourceEvent: ${problem.message}`);
      return sendSourceEvent(services, event);
    },
    close: () =>
      (closing ??= (async () => {
        clock.close();
        proxy?.closeTunnels();
        await listeners.stop();
        store.persistence.flush();
      })()),
  };
}
