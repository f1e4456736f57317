// The client's OperationContext, the interface the generated groups call, over a core-rest-pipeline
// Pipeline: picks the api-version of the tasks operations, validates, sends through the pipeline, parses
// JSON, converts dates, and turns refusals into RestErrors carrying the ARM error. The pollers and pager
// it makes send through it as an OperationSender.
import type { HttpClient, Pipeline, PipelineResponse } from "@azure/core-rest-pipeline";
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import type { TasksApiVersion } from "../generated/apiVersions.js";
import type {
  LroOperationOptions,
  OperationContext,
  OperationOptions,
  OperationPoller,
  OperationSpec,
  PagedResult,
  SimplePollerLike,
  VersionedOperation,
} from "../generated/runtime.js";
import { createArmError, createMalformedResponseError, withOperationName } from "./errors.js";
import { logger } from "./logger.js";
import type { OperationSender, ParsedResponse } from "./operationSender.js";
import { listPages } from "./pager.js";
import { createOperationPoller, toSimplePoller } from "./poller.js";
import { restoreSerializedPoller } from "./pollerState.js";
import { markIfReadOnly } from "./retryPolicy.js";
import { withScheduleRunOutcome } from "./scheduleRunOutcome.js";
import { originOf, prepareRequest, type PreparedRequest } from "./request.js";
import { specAt } from "./versions.js";

export class PipelineOperationContext implements OperationContext, OperationSender {
  readonly origin: string;

  constructor(
    readonly endpoint: string,
    readonly subscriptionId: string,
    private readonly pipeline: Pipeline,
    /** The HTTP client the pipeline sends with; the blob side of the helpers reuses it. */
    readonly httpClient: HttpClient,
    /** The api-version every tasks operation is sent at, with its own schemas, status codes and polling. */
    readonly tasksApiVersion: TasksApiVersion,
  ) {
    this.origin = originOf(endpoint);
  }

  /** The one place where the api-version of a tasks operation is chosen. */
  select(operation: OperationSpec | VersionedOperation): OperationSpec {
    return specAt(operation, this.tasksApiVersion);
  }

  /**
   * Validates the arguments against the spec and builds the request; throws a ValidationError naming
   * the parameter. Nothing is sent before it returns.
   */
  prepare(
    spec: OperationSpec,
    pathArguments: readonly unknown[],
    body: unknown,
    options: object | undefined,
  ): PreparedRequest {
    return prepareRequest(this.endpoint, this.subscriptionId, spec, pathArguments, body, options);
  }

  async sendOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    body: unknown,
    options: OperationOptions | undefined,
  ): Promise<T> {
    const spec = this.select(operation);
    const prepared = this.prepare(spec, pathArguments, body, options);
    const { body: result } = await this.send(spec, spec.method, prepared.url, prepared.body, options, true);
    return result as T;
  }

  listOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    options: OperationOptions | undefined,
  ): PagedResult<T> {
    const spec = this.select(operation);
    return listPages<T>(this, spec, () => this.prepare(spec, pathArguments, undefined, options), options);
  }

  pollOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    body: unknown,
    options: LroOperationOptions | undefined,
  ): OperationPoller<T> {
    if (options?.resumeFrom) {
      // Resumes at the api-version it was started at, whatever this context selects; a bad state throws here.
      const { spec, saved } = restoreSerializedPoller(operation, options.resumeFrom);
      return createOperationPoller<T>(this, spec, { resumeFrom: saved }, options);
    }
    // Bad input must reject the poller (and so `beginXAndWait`'s promise), not throw synchronously out of
    // a method that returns a promise: the poller calls prepare() as it sends, and fails before sending.
    const spec = this.select(operation);
    return createOperationPoller<T>(
      this,
      spec,
      { prepare: () => this.prepare(spec, pathArguments, body, options) },
      options,
    );
  }

  async beginPollOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    body: unknown,
    options: LroOperationOptions | undefined,
  ): Promise<SimplePollerLike<T>> {
    const poller = this.pollOperation<T>(operation, pathArguments, body, options);
    await poller.submitted();
    return toSimplePoller(poller);
  }

  /**
   * Sends one request to the ARM endpoint and parses the answer. A status the spec does not list
   * as success becomes a RestError; `deserialize` converts dates in place for success bodies. A
   * scheduleRun that fails with an unknown outcome says the run may exist (scheduleRunOutcome.ts).
   */
  async send(...call: Parameters<OperationSender["send"]>): Promise<ParsedResponse> {
    const [spec, method, url, , options] = call;
    if (spec.operationId !== "Registries_ScheduleRun" || method !== "POST") return this.exchange(...call);
    const sentAt = new Date();
    try {
      return await this.exchange(...call);
    } catch (error) {
      throw withScheduleRunOutcome(error, { url, sentAt, callerSignal: options?.abortSignal });
    }
  }

  /** send() itself: one request, its answer parsed or its failure turned into a RestError. */
  private async exchange(
    spec: OperationSpec,
    method: string,
    url: string,
    body: string | undefined,
    options: OperationOptions | undefined,
    strictStatus: boolean,
  ): Promise<ParsedResponse> {
    if (originOf(url) !== this.origin) {
      // Next links and polling URLs come from responses: the token must not follow them elsewhere.
      throw new RestError(
        `${spec.operationId}: refusing to send the credential to ${originOf(url)}, which is not the configured endpoint ${this.origin}`,
        {
          code: "UntrustedEndpoint",
        },
      );
    }
    const headers = createHttpHeaders({ accept: "application/json" });
    if (body !== undefined) headers.set("content-type", "application/json");
    const extra = options?.requestOptions?.headers;
    if (extra) for (const name of Object.keys(extra)) headers.set(name, extra[name]);
    const request = createPipelineRequest({
      url,
      method: method as "GET",
      headers,
      body,
      abortSignal: options?.abortSignal,
      timeout: options?.requestOptions?.timeout,
    });
    markIfReadOnly(request, spec.operationId);
    let response: PipelineResponse;
    try {
      response = await this.pipeline.sendRequest(this.httpClient, request);
    } catch (error) {
      throw withOperationName(spec.operationId, error);
    }
    const status = String(response.status);
    const responseSpec = spec.responses[status];
    const success = strictStatus ? responseSpec !== undefined : response.status < 400;
    if (!success) {
      const error = createArmError(spec.operationId, response);
      logger.warning(`${spec.operationId}: HTTP ${response.status} ${error.code}`);
      options?.onResponse?.({ ...response });
      throw error;
    }
    let parsed: unknown;
    const text = response.bodyAsText;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw createMalformedResponseError(spec.operationId, response, "the body is not valid JSON");
      }
    }
    // Every response model is an object: a string, number, null or array in its place is unusable,
    // whether or not the model has dates to convert.
    if (parsed !== undefined && strictStatus && responseSpec?.bodyType) {
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw createMalformedResponseError(
          spec.operationId,
          response,
          `expected a JSON object (${responseSpec.bodyType})`,
        );
      }
      responseSpec.deserialize?.(parsed);
    }
    options?.onResponse?.({ ...response, parsedBody: parsed });
    return { response, body: parsed };
  }
}
