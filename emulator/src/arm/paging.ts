// Server-driven paging as ARM does it: a page of `value` and an absolute `nextLink` carrying an opaque
// `$skipToken`. The token remembers the position by creation sequence (not by offset), so items
// created between two page requests neither repeat nor vanish. `$top` caps the total returned.
import { badRequest } from "./armError.js";
import type { ArmRequest } from "./armMessages.js";
import type { EmulatorServices } from "../services.js";

/** What paging reads of a request: its query and its path (the platform routes have no operation). */
export type PagedRequest = Pick<ArmRequest, "query" | "url">;

export interface PageEntry {
  /** Creation sequence of the item: the order of the listing, ascending or descending. */
  seq: number;
  value: unknown;
}

interface SkipToken {
  /** Seq of the last item returned. */
  after: number;
  /** Items returned so far, to apply $top across pages. */
  returned: number;
}

export function readTop(request: PagedRequest): number | undefined {
  const raw = request.query.get("$top");
  if (raw === null) return undefined;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1)
    throw badRequest(
      "InvalidParameter",
      `The query parameter '$top' must be a positive integer, got '${raw}'.`,
      "$top",
    );
  return top;
}

function readSkipToken(request: PagedRequest): SkipToken | undefined {
  const raw = request.query.get("$skipToken");
  if (raw === null) return undefined;
  try {
    const token = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as SkipToken;
    if (Number.isInteger(token.after) && Number.isInteger(token.returned)) return token;
  } catch {
    // reported below
  }
  throw badRequest(
    "InvalidSkipToken",
    `The query parameter '$skipToken' is not a token this service issued.`,
    "$skipToken",
  );
}

/** One page of `entries` (already filtered and ordered by seq in `order`). */
export function page(
  entries: readonly PageEntry[],
  request: PagedRequest,
  services: Pick<EmulatorServices, "armEndpoint" | "pageSize">,
  order: "ascending" | "descending" = "ascending",
): { value: unknown[]; nextLink?: string } {
  const top = readTop(request);
  const token = readSkipToken(request);
  const remainingEntries = token
    ? entries.filter((entry) => (order === "ascending" ? entry.seq > token.after : entry.seq < token.after))
    : entries;
  const returnedBefore = token?.returned ?? 0;
  const allowed = top === undefined ? Infinity : Math.max(0, top - returnedBefore);
  const size = Math.min(services.pageSize, allowed);
  const pageEntries = remainingEntries.slice(0, size);
  const more = remainingEntries.length > pageEntries.length && allowed > pageEntries.length;
  const result: { value: unknown[]; nextLink?: string } = { value: pageEntries.map((entry) => entry.value) };
  if (more && pageEntries.length > 0) {
    const next: SkipToken = {
      after: pageEntries[pageEntries.length - 1]!.seq,
      returned: returnedBefore + pageEntries.length,
    };
    const query = [...request.query].filter(([name]) => name !== "$skipToken");
    query.push(["$skipToken", Buffer.from(JSON.stringify(next)).toString("base64url")]);
    // Written by hand rather than with URLSearchParams, which would escape "$" in the OData names.
    const search = query
      .map(([name, value]) => `${encodeURIComponent(name).replace(/^%24/, "$")}=${encodeURIComponent(value)}`)
      .join("&");
    result.nextLink = `${services.armEndpoint}${request.url.pathname}?${search}`;
  }
  return result;
}
