// `build --dry-run` as text: what the build would upload (the SDK's listBuildContext), one entry a row in
// the archive's order, then what it comes to and which Dockerfile and ignore file decided it.
import type { BuildContextListing } from "acr-tasks";
import { table } from "./format.js";
import { formatBytes } from "./progress.js";

export function contextListing(listing: BuildContextListing): string {
  const rows = listing.entries.map((entry) => [
    entry.type,
    entry.type === "file" ? String(entry.sizeBytes) : "",
    entry.copiedFrom
      ? `${entry.path} (from ${entry.copiedFrom})`
      : entry.linkTarget !== undefined
        ? `${entry.path} -> ${entry.linkTarget}`
        : entry.path,
  ]);
  const files = `${listing.fileCount} file${listing.fileCount === 1 ? "" : "s"}`;
  return [
    table(["TYPE", "BYTES", "PATH"], rows, new Set([1])),
    "",
    `${files}, ${formatBytes(listing.totalBytes)} before compression, from ${listing.sourceDir}`,
    `Dockerfile: ${listing.dockerFilePath ?? "(none)"}; ignore file: ${listing.ignoreFile ?? "(none: the default rules only)"}`,
  ].join("\n");
}
