// What startEmulator hands back: the running emulator and the request log it keeps.
import type { TokenCredential } from "@azure/core-auth";
import type { ServerName } from "./options.js";

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
