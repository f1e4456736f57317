// A run's log blob as a signal of the run's end, read the way `az acr task logs` reads it: the log is an
// append blob that grows while the run runs and gets the "Complete" metadata (whose value is the run's
// status) once it ends. Looking at it takes a HEAD to the storage host, which is not an ARM request:
// only the log link costs one (Runs_GetLogSasUrl).
import type { AbortSignalLike } from "@azure/abort-controller";
import { RestError, type HttpHeaders } from "@azure/core-rest-pipeline";
import type { RunsOperations } from "../../generated/groups/runs.js";
import { logger } from "../logger.js";
import { throttledRetryAfterMs } from "../armThrottling.js";
import { isAbortError } from "./abort.js";
import { BlobRequestError, type BlobTransport } from "./blobTransport.js";

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

/** The run's log link (one ARM request). A response with neither link is a RestError MalformedResponse. */
export async function fetchLogLink(
  runs: Pick<RunsOperations, "getLogSasUrl">,
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

/** The value of the blob's "Complete" metadata (the run's final status), if set. */
export function completeStatus(headers: HttpHeaders): string | undefined {
  return headers.get("x-ms-meta-complete") ?? undefined;
}

/**
 * Whether a failure on the log side must end (abort) or pace (ARM throttling) the wait itself; any other
 * one only means the log cannot be followed, and the run is asked about through ARM instead.
 */
export function failsTheWait(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || isAbortError(error) || throttledRetryAfterMs(error) !== undefined;
}

/** Follows a log blob by its properties only: how long it is, and whether it is complete. */
export class RunLogWatch {
  /** Bytes in the log at the last look (0 while it does not exist). */
  length = 0;
  /** The Complete metadata once set: the log will not grow any more. */
  complete: string | undefined;
  private renewedSinceLastLook = false;

  constructor(
    private readonly runs: Pick<RunsOperations, "getLogSasUrl">,
    private readonly blob: BlobTransport,
    private readonly address: RunAddress,
    private link: LogLink,
  ) {
    // An archived log is a finished file in the registry, without the Complete metadata to follow.
    if (link.kind !== "blob")
      throw new Error("the run has only an archived log (logArtifactLink), which carries no Complete metadata");
  }

  get url(): string {
    return this.link.url;
  }

  /**
   * One look at the log (a HEAD). Resolves to true when it grew. A refused link (403: the SAS expired
   * during a long wait) is renewed once, which costs one ARM request; other failures throw.
   */
  async look(signal: AbortSignalLike | undefined): Promise<boolean> {
    let head;
    try {
      head = await this.blob.head(this.link.url, { abortSignal: signal });
    } catch (error) {
      if (!(error instanceof BlobRequestError && error.statusCode === 403) || this.renewedSinceLastLook) throw error;
      logger.info(`Log link of run ${this.address.runId} refused (403); asking for a new one.`);
      this.link = await fetchLogLink(this.runs, this.address, signal);
      this.renewedSinceLastLook = true;
      return this.look(signal);
    }
    this.renewedSinceLastLook = false;
    if (head.status === 404) return false;
    const length = Number(head.headers.get("content-length"));
    const grew = Number.isFinite(length) && length > this.length;
    if (grew) this.length = length;
    this.complete = completeStatus(head.headers);
    return grew;
  }
}
