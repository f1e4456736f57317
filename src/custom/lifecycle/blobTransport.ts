// GET/HEAD/PUT to the SAS URLs ACR hands out (source upload, run logs). These requests go through a
// pipeline of their own, built from the client's TLS/proxy/retry options but never its credential: a
// SAS URL carries its own authorization, and the ARM bearer token must never reach a storage host.
// SAS signatures are secrets too, so no error or log line of this file shows a blob URL's query.
import { AbortError, type AbortSignalLike } from "@azure/abort-controller";
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  decompressResponsePolicyName,
  type HttpClient,
  type HttpHeaders,
  type PipelineOptions,
  type PipelinePolicy,
  type PipelineResponse,
  type RequestBodyType,
} from "@azure/core-rest-pipeline";
import { isAbortError, linkedAbortController, throwIfAborted } from "./abort.js";

/** The storage REST version sent with every request: 2019-12-12 or later lets one Put Blob carry up to 5000 MiB. */
export const BLOB_SERVICE_VERSION = "2020-10-02";

/** The client options that matter for blob requests. The credential is deliberately not among them. */
export interface BlobTransportOptions extends Pick<
  PipelineOptions,
  "tlsOptions" | "proxyOptions" | "retryOptions" | "userAgentOptions" | "agent" | "redirectOptions" | "telemetryOptions"
> {
  /** The HTTP client to send with (the default is Node's https). */
  httpClient?: HttpClient;
  /** Lets http:// SAS URLs through, for a local storage emulator; Azure's SAS URLs are https. */
  allowInsecureConnection?: boolean;
}

export interface BlobRequestOptions {
  /** Rejects the request with an AbortError; a response body being read is destroyed. */
  abortSignal?: AbortSignalLike;
}

export interface BlobGetOptions extends BlobRequestOptions {
  /** Sends `Range: bytes=<rangeStart>-`, so only the bytes from this offset on are transferred. */
  rangeStart?: number;
  /** With rangeStart, the last byte wanted (inclusive): `Range: bytes=<rangeStart>-<rangeEnd>`. */
  rangeEnd?: number;
}

export interface BlobPutOptions extends BlobRequestOptions {
  /** Sent as Content-Length. Azure Storage refuses a Put Blob sent with chunked encoding, so give it for uploads. */
  contentLength?: number;
  /** Extra headers, e.g. `x-ms-blob-type: BlockBlob`. An Authorization header is dropped. */
  headers?: Record<string, string>;
  /** Told the bytes of the body sent so far, as they are sent (from 0 again when a retry sends it again). */
  onUploadProgress?: (loadedBytes: number) => void;
}

export interface BlobResponse {
  status: number;
  headers: HttpHeaders;
}

export interface BlobReadResponse extends BlobResponse {
  /** The body of a 200 or 206, as a stream: read it or destroy it. */
  body?: NodeJS.ReadableStream;
}

/** What the lifecycle helpers need from a storage host: reads by range, properties, and streamed uploads. */
export interface BlobTransport {
  /** Resolves for 200 and 206 (with the body as a stream), 404 and 416; throws a {@link BlobRequestError} otherwise. */
  get(url: string, options?: BlobGetOptions): Promise<BlobReadResponse>;
  /** Resolves for 200 and 404; throws a {@link BlobRequestError} otherwise. */
  head(url: string, options?: BlobRequestOptions): Promise<BlobResponse>;
  /**
   * Uploads the stream `body()` returns. It is a factory so that a retry can start the stream again;
   * the body is piped to the socket, never buffered. Resolves for 2xx; throws a {@link BlobRequestError} otherwise.
   */
  put(url: string, body: () => NodeJS.ReadableStream, options?: BlobPutOptions): Promise<BlobResponse>;
}

/** A blob request that failed. Its message names the blob without the SAS query string. */
export class BlobRequestError extends Error {
  override readonly name = "BlobRequestError";
  /** The HTTP status, when the storage host answered. */
  readonly statusCode?: number;
  /** The storage error code (x-ms-error-code), or the network error code. */
  readonly code?: string;

  constructor(method: string, url: string, detail: { statusCode?: number; code?: string; message?: string }) {
    const what = [
      detail.statusCode !== undefined ? `HTTP ${detail.statusCode}` : undefined,
      detail.code,
      detail.message,
    ]
      .filter(Boolean)
      .join(" ");
    super(redactSasInText(`${method} ${redactBlobUrl(url)} failed: ${what || "unknown error"}`, url));
    this.statusCode = detail.statusCode;
    this.code = detail.code;
  }
}

/** The URL without its query string (which holds the SAS signature), for messages and logs. */
export function redactBlobUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search ? "?<SAS redacted>" : ""}`;
  } catch {
    return "<an invalid blob URL>";
  }
}

/** Removes the URL and any `sig=` parameter from text that came from elsewhere (a network error message). */
function redactSasInText(text: string, url: string): string {
  const withoutUrl = url ? text.split(url).join(redactBlobUrl(url)) : text;
  return withoutUrl.replace(/([?&]sig=)[^&\s"']*/gi, "$1<redacted>");
}

/** Defense in depth: whatever is added to this pipeline later, no Authorization header leaves it. */
const noAuthorizationHeaderPolicy: PipelinePolicy = {
  name: "acrTasksNoAuthorizationHeaderPolicy",
  sendRequest(request, next) {
    request.headers.delete("Authorization");
    return next(request);
  },
};

export function createBlobTransport(options: BlobTransportOptions = {}): BlobTransport {
  const pipeline = createPipelineFromOptions({
    tlsOptions: options.tlsOptions,
    proxyOptions: options.proxyOptions,
    retryOptions: options.retryOptions,
    userAgentOptions: options.userAgentOptions,
    agent: options.agent,
    redirectOptions: options.redirectOptions,
    telemetryOptions: options.telemetryOptions,
  });
  // Byte offsets of range reads count stored bytes: a gzip-encoded answer would break them.
  pipeline.removePolicy({ name: decompressResponsePolicyName });
  pipeline.addPolicy(noAuthorizationHeaderPolicy, { afterPhase: "Retry" });
  const httpClient = options.httpClient ?? createDefaultHttpClient();

  async function send(
    method: "GET" | "HEAD" | "PUT",
    url: string,
    init: {
      headers: Record<string, string>;
      body?: RequestBodyType;
      streamStatuses?: number[];
      abortSignal?: AbortSignalLike;
      onUploadProgress?: (loadedBytes: number) => void;
    },
  ): Promise<{ response: PipelineResponse; release: () => void }> {
    throwIfAborted(init.abortSignal);
    // The HTTP client drops its abort listener from a non-native signal once headers arrive; a native
    // signal keeps aborting a body that is still streaming.
    const { controller, dispose } = linkedAbortController(init.abortSignal);
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ "x-ms-version": BLOB_SERVICE_VERSION, ...init.headers }),
      body: init.body,
      abortSignal: controller.signal,
      allowInsecureConnection: options.allowInsecureConnection,
      streamResponseStatusCodes: init.streamStatuses ? new Set(init.streamStatuses) : undefined,
      onUploadProgress: init.onUploadProgress && ((progress) => init.onUploadProgress!(progress.loadedBytes)),
    });
    try {
      return { response: await pipeline.sendRequest(httpClient, request), release: dispose };
    } catch (error) {
      dispose();
      if (isAbortError(error) || init.abortSignal?.aborted) throw new AbortError("The operation was aborted.");
      const failure = error as { code?: string; message?: string; statusCode?: number };
      throw new BlobRequestError(method, url, {
        code: failure.code,
        message: failure.message,
        statusCode: failure.statusCode,
      });
    }
  }

  function failure(method: string, url: string, response: PipelineResponse): BlobRequestError {
    return new BlobRequestError(method, url, {
      statusCode: response.status,
      code: response.headers.get("x-ms-error-code") ?? storageErrorCode(response.bodyAsText),
    });
  }

  return {
    async get(url, getOptions = {}) {
      const headers: Record<string, string> = {};
      if (getOptions.rangeStart !== undefined)
        headers.Range = `bytes=${getOptions.rangeStart}-${getOptions.rangeEnd ?? ""}`;
      const { response, release } = await send("GET", url, {
        headers,
        streamStatuses: [200, 206],
        abortSignal: getOptions.abortSignal,
      });
      const body = response.readableStreamBody;
      if (body) {
        body.once("close", release);
        body.once("end", release);
        body.once("error", release);
        return { status: response.status, headers: response.headers, body };
      }
      release();
      if (response.status === 404 || response.status === 416)
        return { status: response.status, headers: response.headers };
      throw failure("GET", url, response);
    },

    async head(url, headOptions = {}) {
      const { response, release } = await send("HEAD", url, { headers: {}, abortSignal: headOptions.abortSignal });
      release();
      if (response.status === 200 || response.status === 404)
        return { status: response.status, headers: response.headers };
      throw failure("HEAD", url, response);
    },

    async put(url, body, putOptions = {}) {
      const headers: Record<string, string> = { ...putOptions.headers };
      if (putOptions.contentLength !== undefined) headers["Content-Length"] = String(putOptions.contentLength);
      // Each attempt gets a fresh stream; the ones a failed attempt left open are closed here.
      const opened: NodeJS.ReadableStream[] = [];
      const closeOpened = (): void => {
        for (const stream of opened.splice(0)) (stream as { destroy?: () => void }).destroy?.();
      };
      const nextBody = (): NodeJS.ReadableStream => {
        closeOpened();
        const stream = body();
        opened.push(stream);
        return stream;
      };
      try {
        const { response, release } = await send("PUT", url, {
          headers,
          body: nextBody,
          abortSignal: putOptions.abortSignal,
          onUploadProgress: putOptions.onUploadProgress,
        });
        release();
        if (response.status >= 200 && response.status < 300)
          return { status: response.status, headers: response.headers };
        throw failure("PUT", url, response);
      } finally {
        closeOpened();
      }
    },
  };
}

/** The <Code> of a storage error body, for hosts that do not send x-ms-error-code. */
function storageErrorCode(body: string | null | undefined): string | undefined {
  return body ? /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] : undefined;
}
