// The text of a run's log as ACR writes it: acb's lines stamped by Go's log package ("2024/01/02 15:04:05 "),
// the containers' own output as it is, CRLF line ends, ACR's summary line at the end, and the blob's
// `Complete` metadata, which tells a log reader the run has ended and how.
import type { StoredResource } from "../state/state.js";

/** A log line: acb's (stamped with the time it is written) or, as `{ raw }`, one written as it is. */
export type LogLine = string | { raw: string };

/** The lines, acb's stamped with the UTC time as "2024/01/02 15:04:05". */
export function logText(lines: readonly LogLine[], now: Date): string {
  const stamp = now
    .toISOString()
    .replace("T", " ")
    .replace(/-/g, "/")
    .replace(/\.\d+Z$/, "");
  // CRLF, as ACR's logs end their lines (the Azure CLI's log streamer prints at "\r\n").
  return lines.map((line) => (typeof line === "string" ? `${stamp} ${line}\r\n` : `${line.raw}\r\n`)).join("");
}

/** Go's time.Duration text for whole seconds, as ACR prints a run's length: 5s, 3m57s, 2h0m0s. */
export function goDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

/**
 * ACR's last lines after acb's: an empty line, then "Run ID: cb1 was successful after 5s" or "Run ID: cb1
 * failed after 3m57s. Error: failed during run, err: exit status 1", unstamped.
 */
export function summaryLines(run: StoredResource, status: string, now: Date, errorMessage?: string): LogLine[] {
  const startTime = run.body["properties"]["startTime"] as string | undefined;
  const after = goDuration(startTime ? (now.getTime() - Date.parse(startTime)) / 1000 : 0);
  const name = run.body["name"];
  const summary =
    status === "Succeeded"
      ? `Run ID: ${name} was successful after ${after}`
      : `Run ID: ${name} ${status === "Canceled" ? "was canceled" : "failed"} after ${after}.${errorMessage ? ` Error: ${errorMessage}` : ""}`;
  return [{ raw: "" }, { raw: summary }];
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
