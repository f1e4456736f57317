// The public shapes of the emulator: what startEmulator takes and what it hands back.
import type { TokenCredential } from "@azure/core-auth";
import type { ArmRateLimitOptions } from "./armRateLimit.js";

/** Which listener a fault or a recorded request belongs to. */
export type ServerName = "arm" | "blob";

/** Seeded, reproducible failures injected in front of the handlers (see faults.ts). */
export interface FaultOptions {
  /** Seed of the PRNG: the same seed and the same request sequence give the same faults. */
  seed?: number;
  /** Probability (0..1) of answering 429 with Retry-After. */
  rate429?: number;
  /** Probability (0..1) of answering 500 with an ARM error body. */
  rate500?: number;
  /** Probability (0..1) of answering 503 with an ARM error body. */
  rate503?: number;
  /** Probability (0..1) of destroying the socket without answering. */
  rateReset?: number;
  /** Added latency: a fixed delay or a [min, max] range drawn from the PRNG. */
  latencyMs?: number | [number, number];
  /** Which listener the faults hit (default "all"). */
  applyTo?: ServerName | "all";
}

export interface EmulatorOptions {
  /** Port of the ARM listener (0 or absent: an ephemeral port). */
  port?: number;
  /** Port of the blob listener (0 or absent: an ephemeral port). */
  blobPort?: number;
  /** Interface to bind, "127.0.0.1" by default. */
  host?: string;
  /** Binding to anything but a loopback address needs this, because the emulator has no real security. */
  allowNonLoopback?: boolean;
  /** 1 = realistic pace (a build takes a few seconds); 0.001 makes a minutes-long build take milliseconds. */
  timeScale?: number;
  faults?: FaultOptions;
  /** With a directory, state survives close() and a new start with the same directory. */
  dataDir?: string;
  /** Receives one line per notable event (requests, run transitions). */
  logger?: (line: string) => void;
  /** Items per page of every list operation (default 20), small so paging gets exercised. */
  pageSize?: number;
  /**
   * Hand out Azure-shaped blob URLs (`https://{account}.blob.{suffix}:PORT/{container}/{blob}?{sas}`) for
   * uploads and logs instead of the loopback shape (`https://127.0.0.1:PORT/{account}/...`). The blob
   * listener answers both shapes either way; the Azure one needs the name to reach it (see `proxy`).
   */
  azureBlobUrls?: boolean;
  /** The host suffix of Azure-shaped blob URLs, "acr-emulator.localhost" by default. */
  blobSuffix?: string;
  /**
   * Also start an HTTP CONNECT proxy that tunnels to the emulator's listeners, by address or by the blob
   * host names, and nothing else: give it to a tool as HTTPS_PROXY (or to the client as proxyOptions).
   */
  proxy?: boolean | { port?: number };
  /**
   * ARM's request budget per subscription, enforced (429 with Retry-After once a bucket is empty). Without
   * it, Azure's budget is reported in the x-ms-ratelimit-remaining-* headers but never enforced.
   */
  armRateLimit?: ArmRateLimitOptions;
}

/** One request as it reached a listener, kept so tests can assert on traffic. */
export interface RecordedRequest {
  readonly server: ServerName;
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  /** The local address and port the request arrived at. */
  readonly host: string;
  readonly port: number;
  readonly hasAuthorization: boolean;
  /** The Host header as sent (the blob listener routes virtual-host requests by it). */
  readonly hostHeader?: string;
  /** The status answered, once known; undefined when the connection was reset by a fault. */
  status?: number;
  /** The injected fault, if any. */
  fault?: "429" | "500" | "503" | "reset";
}

export interface RunningEmulator {
  /** https://127.0.0.1:PORT — the ARM endpoint to give the client. */
  readonly endpoint: string;
  /** https://127.0.0.1:PORT2 — the blob listener; upload and log SAS URLs point here (loopback shape). */
  readonly blobEndpoint: string;
  /** https://{account}.blob.{suffix}:PORT2 — the same listener by its Azure-shaped name (azureBlobUrls). */
  readonly azureBlobEndpoint: string;
  /** http://127.0.0.1:PORT3 — the CONNECT proxy, when `proxy` was asked for. */
  readonly proxyUrl?: string;
  /** The default subscription (GET /subscriptions lists it); any other id works in ARM paths too. */
  readonly subscriptionId: string;
  /** The service principal real tools sign in as, at the token endpoint `${endpoint}/adfs/oauth2/token`. */
  readonly servicePrincipal: { readonly tenantId: string; readonly clientId: string; readonly clientSecret: string };
  /** Returns bearer tokens that this emulator (and a restart of it on the same dataDir) accepts. */
  readonly credential: TokenCredential;
  /** Spread into the client options: trusts the certificate generated at start-up. */
  readonly clientOptions: { tlsOptions: { ca: string } };
  /** The CA certificate (PEM) that signed the listeners' certificate. */
  readonly caPem: string;
  /** Every request received by both listeners, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Stops both listeners and all timers, and writes the state out when a dataDir is set. */
  close(): Promise<void>;
}
