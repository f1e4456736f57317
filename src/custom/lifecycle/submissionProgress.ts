// What quickBuild and quickRun tell their `onProgress` option, in order: packing (a folder given), uploading
// (the packed context), then queueing (the scheduleRun request). A tool draws these (the acr-tasks command's
// progress line does); nothing here is needed to queue a run.

/** The folder being packed: files written to the archive so far, of how many, and their bytes (before compression). */
export interface PackingProgress {
  /** The folder is being packed: the first event when a folder is sent. */
  phase: "packing";
  /** Regular files written to the archive so far (another name of a file packed before counts too). */
  filesPacked: number;
  /** The files the archive holds (listBuildContext's entries of type file or hardlink). */
  totalFiles: number;
  /** The content bytes of the files packed so far, before compression. */
  bytesPacked: number;
}

/** The packed context being uploaded: bytes sent so far of the archive's size. Starts again at 0 on a retry. */
export interface UploadingProgress {
  /** The packed folder is being uploaded. */
  phase: "uploading";
  /** The archive's bytes sent so far. */
  bytesSent: number;
  /** The archive's size (compressed). */
  totalBytes: number;
}

/** The run request being sent (scheduleRun). */
export interface QueueingProgress {
  /** The scheduleRun request is being sent: the last event. */
  phase: "queueing";
}

/** A step of quickBuild or quickRun, for their `onProgress` option. */
export type RunSubmissionProgress = PackingProgress | UploadingProgress | QueueingProgress;

/**
 * Calls `onProgress` for the first and the last event of a phase and at most every `intervalMs` between,
 * so that a folder of 20,000 files makes a few hundred calls, not 20,000.
 */
export function throttledProgress<T>(
  onProgress: ((progress: T) => void) | undefined,
  intervalMs = 100,
  now: () => number = Date.now,
): ((progress: T, final?: boolean) => void) | undefined {
  if (!onProgress) return undefined;
  let last: number | undefined;
  return (progress, final = false) => {
    const time = now();
    if (!final && last !== undefined && time - last < intervalMs) return;
    last = time;
    onProgress(progress);
  };
}
