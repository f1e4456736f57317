// The one place that follows a run's log, for streamLogs, waitForCompletion, waitForAll and a failed
// run's tail. The log is an append blob that grows while the run runs and gets the "Complete" metadata
// (whose value is the run's status) once it ends; `az acr task logs` reads it the same way. Reading it
// takes storage requests, not ARM ones: only its link costs one (Runs_GetLogSasUrl), and a renewal of
// the link when the storage host refuses it (403: the SAS of a long wait expired).
import type { AbortSignalLike } from "@azure/abort-controller";
import { RestError, type HttpHeaders } from "@azure/core-rest-pipeline";
import type { RunsOperations } from "../../generated/groups/runs.js";
import { throttledRetryAfterMs } from "../armThrottling.js";
import { logger } from "../logger.js";
import { isAbortError } from "./abort.js";
import { BlobRequestError, type BlobReadResponse, type BlobTransport } from "./blobTransport.js";
import { readLogTail } from "./logTail.js";

export interface RunAddress {
  resourceGroupName: string;
  registryName: string;
  runId: string;
}

export interface LogLink {
  url: string;
  /**
   * "blob" for the run's append blob (logLink), which carries the Complete metadata; "artifact" for an
   * archived log in the registry (logArtifactLink), a finished file without it.
   */
  kind: "blob" | "artifact";
}

type LogLinks = Pick<RunsOperations, "getLogSasUrl">;

/**
 * Whether a failure on the log side must end (abort) or pace (ARM throttling) the wait itself; any other
 * one only means the log cannot be followed, and the run is asked about through ARM instead.
 */
export function failsTheWait(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || isAbortError(error) || throttledRetryAfterMs(error) !== undefined;
}

export class RunLogFollower {
  /** The log's length as last seen (0 while it does not exist): it only grows. */
  length = 0;
  /** The Complete metadata once seen: the log will not grow any more. */
  complete: string | undefined;
  private link: LogLink | undefined;
  /** The link was renewed and has not been accepted since: a second refusal is final. */
  private renewed = false;

  constructor(
    private readonly runs: LogLinks,
    private readonly blob: BlobTransport,
    readonly address: RunAddress,
  ) {}

  /** The log's URL, once its link has been had. */
  get url(): string | undefined {
    return this.link?.url;
  }

  /** The log link, asked for once (one ARM request). A response with neither link is a RestError MalformedResponse. */
  async open(signal: AbortSignalLike | undefined): Promise<LogLink> {
    this.link ??= await fetchLogLink(this.runs, this.address, signal);
    return this.link;
  }

  /**
   * As open, for a waiter, which needs the Complete metadata to see the run end: an archived log
   * (logArtifactLink) is a finished file without it, so it cannot be watched.
   */
  async openToWatch(signal: AbortSignalLike | undefined): Promise<void> {
    if ((await this.open(signal)).kind !== "blob")
      throw new Error("the run has only an archived log (logArtifactLink), which carries no Complete metadata");
  }

  /** One look at the log's properties (a HEAD). Resolves to true when it grew. */
  async look(signal: AbortSignalLike | undefined): Promise<boolean> {
    const before = this.length;
    const head = await this.onLink(signal, (url) => this.blob.head(url, { abortSignal: signal }));
    if (head.status === 404) return false;
    this.record(head.headers, Number(head.headers.get("content-length")));
    return this.length > before;
  }

  /**
   * The log from byte `offset` on (a ranged GET). The response has a body (to read or destroy) only when
   * there are bytes past `offset`; else it is a 404 (no log yet), a 416 (nothing past its end), or a 200
   * whose body (the whole log, from a host that ignored the range) held nothing new and was released.
   */
  async read(offset: number, signal: AbortSignalLike | undefined): Promise<BlobReadResponse> {
    const response = await this.onLink(signal, (url) =>
      this.blob.get(url, { rangeStart: offset, abortSignal: signal }),
    );
    if (response.status === 404) return response;
    const total = totalLength(response);
    this.record(response.headers, total);
    if (response.body && total !== undefined && total <= offset) {
      (response.body as { destroy?: () => void }).destroy?.();
      return { status: response.status, headers: response.headers };
    }
    return response;
  }

  /** Whether the log is complete and every byte of it is before `offset`: nothing more will come. */
  isCompleteAt(offset: number): boolean {
    return this.complete !== undefined && offset >= this.length;
  }

  /** The log's last lines (logTail.ts), its length known when it is complete. */
  tail(signal: AbortSignalLike | undefined): Promise<string[]> {
    const knownLength = this.complete !== undefined ? this.length : undefined;
    return this.onLink(signal, (url) => readLogTail(this.blob, url, knownLength, signal));
  }

  private record(headers: HttpHeaders, total: number | undefined): void {
    if (total !== undefined && Number.isFinite(total) && total > this.length) this.length = total;
    this.complete ??= headers.get("x-ms-meta-complete") ?? undefined;
  }

  /** Sends a request to the log's URL; a refused link is renewed once, and one that worked may be renewed again later. */
  private async onLink<T>(signal: AbortSignalLike | undefined, request: (url: string) => Promise<T>): Promise<T> {
    const { url } = await this.open(signal);
    try {
      const result = await request(url);
      this.renewed = false;
      return result;
    } catch (error) {
      if (!(error instanceof BlobRequestError && error.statusCode === 403) || this.renewed) throw error;
      logger.info(`Log link of run ${this.address.runId} refused (403); asking for a new one.`);
      this.link = await fetchLogLink(this.runs, this.address, signal);
      this.renewed = true;
      return this.onLink(signal, request);
    }
  }
}

async function fetchLogLink(
  runs: LogLinks,
  address: RunAddress,
  signal: AbortSignalLike | undefined,
): Promise<LogLink> {
  const result = await runs.getLogSasUrl(address.resourceGroupName, address.registryName, address.runId, {
    abortSignal: signal,
  });
  if (result.logLink) return { url: result.logLink, kind: "blob" };
  if (result.logArtifactLink) return { url: result.logArtifactLink, kind: "artifact" };
  throw new RestError(
    `The service returned no log link for run ${address.runId} (neither logLink nor logArtifactLink).`,
    { code: "MalformedResponse" },
  );
}

/** The blob's full length: from Content-Range ("bytes 0-99/100") for a 206, Content-Length for a 200. */
function totalLength(response: BlobReadResponse): number | undefined {
  const range = response.headers.get("content-range");
  const fromRange = range ? Number(/\/(\d+)\s*$/.exec(range)?.[1]) : NaN;
  if (Number.isFinite(fromRange)) return fromRange;
  if (response.status === 200) {
    const length = Number(response.headers.get("content-length"));
    return Number.isFinite(length) ? length : undefined;
  }
  return undefined;
}
