// What startEmulator hands back: the running emulator, the request log it keeps, and the source events it takes.
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

/** A commit pushed to, or a pull request opened against, a source repository (`sendSourceEvent`). */
export interface SourceEvent {
  /**
   * The repository, as a task's source trigger names it (`https://github.com/org/repo`); letter case, a
   * trailing `.git` or slash and a `#branch:folder` part make no difference.
   */
  repositoryUrl: string;
  /** The branch the commit was pushed to, or the pull request is for. */
  branch: string;
  /** The commit (the pull request's head, for a pull request), which the run reports as `sourceTrigger.commitId`. */
  commitId: string;
  /** A commit pushed, or a pull request: a source trigger runs its task on the events it lists. */
  eventType: "commit" | "pullrequest";
  /** A pull request's id, which the run reports as `sourceTrigger.pullRequestId`. */
  pullRequestId?: string;
}

/** A run that a trigger started. */
export interface TriggeredRun {
  /** The run's ARM id. */
  readonly id: string;
  /** The run's id in its registry, e.g. `cb12`: what `runs.get`, `streamLogs` and `waitForCompletion` take. */
  readonly runId: string;
  /** The ARM id of the task it runs. */
  readonly taskId: string;
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
  /**
   * Tells the emulator that a commit or a pull request happened in a repository, as GitHub or Azure DevOps
   * tells ACR: each enabled task whose enabled source trigger names that repository, branch and event type
   * runs, with `sourceTrigger` on the run. Resolves to the runs started (none when no trigger matches).
   * `POST {endpoint}/emulator/sourceEvents` does the same for another process.
   */
  sendSourceEvent(event: SourceEvent): Promise<TriggeredRun[]>;
  /** Stops both listeners and all timers, and writes the state out when a dataDir is set. */
  close(): Promise<void>;
}
