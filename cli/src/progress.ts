// Progress of a build or run being submitted, as the SDK's quickBuild and quickRun report it (their
// onProgress): packing (files and bytes), then the upload (bytes, percent, rate), then queueing; then
// waiting for the run's first log line. Drawn on stderr, on one line rewritten in place, and only on a
// terminal (Output.progress).
import type { RunSubmissionProgress } from "acr-tasks";
import type { Output } from "./output.js";

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

/** Redraws at most this often while files or bytes flow. */
const REDRAW_MS = 100;

/** The progress line of one submission. Without a terminal every call does nothing. */
export class SubmitProgress {
  private uploadStarted: number | undefined;
  private lastDraw: number | undefined;
  private sourceDir: string | undefined;

  constructor(
    private readonly output: Output,
    private readonly now: () => number = Date.now,
  ) {}

  /** Before anything is sent: the folder about to be packed, if any. */
  start(sourceDir: string | undefined): void {
    this.sourceDir = sourceDir;
    this.output.progress(sourceDir ? `Packing ${sourceDir} ...` : "Queueing the run ...");
  }

  /** quickBuild's and quickRun's onProgress. */
  observe = (progress: RunSubmissionProgress): void => {
    switch (progress.phase) {
      case "packing": {
        const done = progress.filesPacked === progress.totalFiles;
        if (!done && this.tooSoon()) return;
        this.output.progress(
          `Packing ${this.sourceDir ?? "the context"}: ${progress.filesPacked} of ${progress.totalFiles} files, ${formatBytes(progress.bytesPacked)}`,
        );
        return;
      }
      case "uploading":
        this.upload(progress.bytesSent, progress.totalBytes);
        return;
      case "queueing":
        this.output.progress("Queueing the run ...");
    }
  };

  waitingForAgent(runId: string): void {
    this.output.progress(`Run ${runId} queued; waiting for an agent ...`);
  }

  clear(): void {
    this.output.clearProgress();
  }

  private tooSoon(): boolean {
    const now = this.now();
    if (this.lastDraw !== undefined && now - this.lastDraw < REDRAW_MS) return true;
    this.lastDraw = now;
    return false;
  }

  private upload(sent: number, total: number): void {
    // A retried upload starts again from 0: so does its rate.
    if (sent === 0) this.uploadStarted = undefined;
    const now = this.now();
    this.uploadStarted ??= now;
    if (sent > 0 && sent < total && this.tooSoon()) return;
    this.lastDraw = now;
    const seconds = (now - this.uploadStarted) / 1000;
    const rate = seconds > 0 ? `, ${formatBytes(Math.round(sent / seconds))}/s` : "";
    const share = total > 0 ? ` of ${formatBytes(total)} (${Math.floor((sent / total) * 100)} %)` : "";
    this.output.progress(`Uploading the context: ${formatBytes(sent)}${share}${rate}`);
  }
}
