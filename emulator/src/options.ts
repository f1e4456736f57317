// What startEmulator takes: the public option shapes. A leaf file, so the modules that read them (the
// fault injector, the rate limiter) import it without importing the modules that start the emulator.

/** Which listener a fault or a recorded request belongs to. */
export type ServerName = "arm" | "blob";

/** Seeded, reproducible failures injected in front of the handlers (see net/faults.ts). */
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

/** One bucket: how many requests it holds, and how many come back per second of emulated time. */
export interface ArmRateLimitBucket {
  /** The most requests the bucket holds (and holds at start). */
  size: number;
  /** Requests given back per second of emulated time. */
  refillPerSecond: number;
}

/**
 * ARM's per-subscription budget. A bucket left out keeps Azure's size and refill: reads (GET, HEAD)
 * 250 at 25 a second, writes (PUT, PATCH, POST) 200 at 10, deletes 200 at 10. Refill counts emulated
 * seconds (a timeScale of 0.01 refills 100 times faster); 0 never refills, which makes counts exact.
 */
export interface ArmRateLimitOptions {
  /** GET and HEAD: x-ms-ratelimit-remaining-subscription-reads. */
  reads?: ArmRateLimitBucket;
  /** PUT, PATCH and POST: x-ms-ratelimit-remaining-subscription-writes. */
  writes?: ArmRateLimitBucket;
  /** DELETE: x-ms-ratelimit-remaining-subscription-deletes. */
  deletes?: ArmRateLimitBucket;
}
