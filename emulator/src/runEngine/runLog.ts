// The text of a run's log as ACR writes it: timestamped lines ending in CRLF, a summary line at the end,
// and the blob's `Complete` metadata, which tells a log reader the run has ended and how.
import type { StoredResource } from "../state/state.js";

/** The lines, each stamped with the UTC time as "2024/01/02 15:04:05". */
export function logText(lines: readonly string[], now: Date): string {
  const stamp = now
    .toISOString()
    .replace("T", " ")
    .replace(/-/g, "/")
    .replace(/\.\d+Z$/, "");
  // CRLF, as ACR's logs end their lines (the Azure CLI's log streamer prints at "\r\n").
  return lines.map((line) => `${stamp} ${line}\r\n`).join("");
}

/** The last log line, as ACR writes it: "Run ID: cb1 was successful after 5s". */
export function summaryLine(run: StoredResource, status: string, now: Date, errorMessage?: string): string {
  const startTime = run.body["properties"]["startTime"] as string | undefined;
  const seconds = startTime ? Math.round((now.getTime() - Date.parse(startTime)) / 1000) : 0;
  if (status === "Succeeded") return `Run ID: ${run.body["name"]} was successful after ${seconds}s`;
  const outcome = status === "Timeout" ? "timed out" : status === "Canceled" ? "was canceled" : "failed";
  return `Run ID: ${run.body["name"]} ${outcome} after ${seconds}s.${errorMessage ? ` Error: ${errorMessage}` : ""}`;
}

const completeByStatus: Readonly<Record<string, string>> = {
  Succeeded: "successful",
  Failed: "failed",
  Canceled: "canceled",
  Timeout: "timedout",
  Error: "error",
};

/** The log blob's `Complete` metadata for a run that ended with `status`. */
export function completeMetadata(status: string): string {
  return completeByStatus[status] ?? "failed";
}
