// Pageable operations as PagedAsyncIterableIterator: follows nextLink, never keeps more than one
// service page, and re-slices pages to `maxPageSize` with resumable continuation tokens. Next pages
// are spaced out as ARM's read budget nears zero (a 429's Retry-After is the retry policy's).
import type { PageSettings } from "@azure/core-paging";
import { delay } from "@azure/core-util";
import type { ContinuablePage, OperationOptions, OperationSpec, PagedResult } from "../generated/runtime.js";
import { readBudgetPressure, remainingArmReads } from "./armThrottling.js";
import { createMalformedResponseError, ValidationError } from "./errors.js";
import type { OperationSender } from "./operationSender.js";
import type { PreparedRequest } from "./request.js";

/** The pause before a next page when ARM says no read is left; none while plenty remain (armThrottling.ts). */
export const PAGE_PACING_AT_ZERO_READS_MS = 3_500;

/** Where listing resumes: the service page's URL and how many of its items were already returned. */
interface Position {
  url: string;
  skip: number;
}

/**
 * `prepare` validates the arguments and builds the first request. It runs now, while the caller's
 * arguments are as they were passed, and its promise carries a ValidationError to the first `next()`
 * (nothing is sent), as errors of an async iterator do, and like the promises and pollers of the other
 * methods.
 */
export function listPages<T>(
  sender: OperationSender,
  spec: OperationSpec,
  prepare: () => PreparedRequest,
  options: OperationOptions | undefined,
): PagedResult<T> {
  const first = new Promise<string>((resolve) => resolve(prepare().url));
  // A listing nobody iterates must not crash the process with an unhandled rejection.
  first.catch(() => undefined);
  const byPage = (settings: PageSettings = {}): AsyncIterableIterator<ContinuablePage<T>> =>
    pages<T>(sender, spec, first, settings, options);
  const items = async function* (): AsyncIterableIterator<T> {
    for await (const page of byPage()) yield* page;
  };
  const iterator = items();
  return {
    next: () => iterator.next(),
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage,
  };
}

async function* pages<T>(
  sender: OperationSender,
  spec: OperationSpec,
  first: Promise<string>,
  settings: PageSettings,
  options: OperationOptions | undefined,
): AsyncIterableIterator<ContinuablePage<T>> {
  const firstUrl = await first;
  const { maxPageSize } = settings;
  if (maxPageSize !== undefined && (!Number.isInteger(maxPageSize) || maxPageSize < 1)) {
    throw new ValidationError("maxPageSize", "must be a positive integer", spec.operationId);
  }
  const start = settings.continuationToken ? decodeToken(settings.continuationToken, spec) : { url: firstUrl, skip: 0 };
  const paging = spec.paging!;
  let position: Position | undefined = start;
  let pauseMs = 0;
  while (position) {
    if (pauseMs > 0) await delay(pauseMs, { abortSignal: options?.abortSignal });
    // The first page is the operation itself (a POST for e.g. Webhooks_ListEvents); next links are GETs.
    const method = position.url === firstUrl ? spec.method : "GET";
    const { response, body } = await sender.send(spec, method, position.url, undefined, options, true);
    pauseMs = PAGE_PACING_AT_ZERO_READS_MS * readBudgetPressure(remainingArmReads(response.headers));
    const record = (body ?? {}) as Record<string, unknown>;
    const items = record[paging.itemName] ?? [];
    if (!Array.isArray(items))
      throw createMalformedResponseError(spec.operationId, response, `"${paging.itemName}" is not an array`);
    const nextLink = paging.nextLinkName ? record[paging.nextLinkName] : undefined;
    const next: Position | undefined =
      typeof nextLink === "string" && nextLink ? { url: withApiVersion(nextLink, spec), skip: 0 } : undefined;
    const size = maxPageSize ?? Math.max(items.length, 1);
    let offset = position.skip;
    do {
      const end = Math.min(offset + size, items.length);
      const page = items.slice(offset, end) as ContinuablePage<T>;
      const rest: Position | undefined = end < items.length ? { url: position.url, skip: end } : next;
      page.continuationToken = rest ? encodeToken(rest) : undefined;
      offset = end;
      if (page.length > 0 || !rest) yield page;
    } while (offset < items.length);
    position = next;
  }
}

/** ARM next links normally carry the api-version; add it where a service left it out. */
function withApiVersion(link: string, spec: OperationSpec): string {
  return /[?&]api-version=/.test(link)
    ? link
    : `${link}${link.includes("?") ? "&" : "?"}api-version=${spec.apiVersion}`;
}

/** A token is the next link itself when resuming at a page start, so tokens from other SDKs work too. */
function encodeToken(position: Position): string {
  return position.skip === 0 ? position.url : Buffer.from(JSON.stringify(position)).toString("base64url");
}

function decodeToken(token: string, spec: OperationSpec): Position {
  if (/^https?:\/\//i.test(token)) return { url: token, skip: 0 };
  try {
    const position = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Position;
    if (typeof position.url === "string" && Number.isInteger(position.skip) && position.skip >= 0) return position;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError("continuationToken", "must be a token from a page of this listing", spec.operationId);
}
