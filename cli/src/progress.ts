// Progress of a build or run being submitted: packing, then the upload (bytes, percent, rate), then
// queueing, then waiting for the first log line. The SDK's quickBuild and quickRun do all of it in one
// call; their requests go through the client's HTTP client, which this file wraps to see them pass: the
// upload URL is asked for once packing has ended, the context's PUT reports its bytes as they are sent,
// and scheduleRun queues the run. Drawn on stderr, and only on a terminal (Output.progress).
import type { HttpClient, PipelineRequest, TransferProgressEvent } from "@azure/core-rest-pipeline";
import type { Output } from "./output.js";

export type SubmitEvent =
  /** listBuildSourceUploadUrl is asked for: packing has ended. */
  | { kind: "upload-url" }
  /** The context's Put Blob: `loaded` of `total` bytes sent. */
  | { kind: "upload"; loaded: number; total: number | undefined }
  /** scheduleRun is sent. */
  | { kind: "schedule" };

function submitEventOf(request: PipelineRequest): SubmitEvent | undefined {
  const path = new URL(request.url).pathname;
  if (request.method === "POST" && /\/listBuildSourceUploadUrl$/i.test(path)) return { kind: "upload-url" };
  if (request.method === "POST" && /\/scheduleRun$/i.test(path)) return { kind: "schedule" };
  if (request.method === "PUT" && request.headers.get("x-ms-blob-type") === "BlockBlob") {
    const length = Number(request.headers.get("Content-Length"));
    return { kind: "upload", loaded: 0, total: Number.isFinite(length) && length > 0 ? length : undefined };
  }
  return undefined;
}

/** `inner`, telling `observe` about the requests that mark a submission's phases. */
export function observingHttpClient(inner: HttpClient, observe: (event: SubmitEvent) => void): HttpClient {
  return {
    sendRequest(request) {
      const event = submitEventOf(request);
      if (event) {
        observe(event);
        if (event.kind === "upload") {
          const previous = request.onUploadProgress;
          request.onUploadProgress = (progress: TransferProgressEvent) => {
            previous?.(progress);
            observe({ ...event, loaded: progress.loadedBytes });
          };
        }
      }
      return inner.sendRequest(request);
    },
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Redraws at most this often while bytes flow. */
const REDRAW_MS = 100;

/** The progress line of one submission. Without a terminal every call does nothing. */
export class SubmitProgress {
  private uploadStarted: number | undefined;
  private lastDraw = 0;

  constructor(
    private readonly output: Output,
    private readonly now: () => number = Date.now,
  ) {}

  packing(sourceDir: string | undefined): void {
    this.output.progress(sourceDir ? `Packing ${sourceDir} ...` : "Preparing the run ...");
  }

  observe = (event: SubmitEvent): void => {
    if (event.kind === "upload-url") this.output.progress("Asking for an upload location ...");
    else if (event.kind === "schedule") this.output.progress("Queueing the run ...");
    else this.upload(event.loaded, event.total);
  };

  waitingForAgent(runId: string): void {
    this.output.progress(`Run ${runId} queued; waiting for an agent ...`);
  }

  clear(): void {
    this.output.clearProgress();
  }

  private upload(loaded: number, total: number | undefined): void {
    const now = this.now();
    this.uploadStarted ??= now;
    const done = total !== undefined && loaded >= total;
    if (!done && loaded > 0 && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const seconds = (now - this.uploadStarted) / 1000;
    const rate = seconds > 0 ? `, ${formatBytes(Math.round(loaded / seconds))}/s` : "";
    const share = total ? ` of ${formatBytes(total)} (${Math.floor((loaded / total) * 100)} %)` : "";
    this.output.progress(`Uploading the context: ${formatBytes(loaded)}${share}${rate}`);
  }
}
