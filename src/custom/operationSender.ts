// What the poller and the pager need from the client's OperationContext: one request sent to the ARM
// endpoint and its answer parsed. An interface of its own so that they depend on it, not on the class
// that implements it (pipelineOperationContext.ts), which creates them: no import goes both ways.
import type { PipelineResponse } from "@azure/core-rest-pipeline";
import type { OperationOptions, OperationSpec } from "../generated/runtime.js";

/** A response with its body parsed (JSON) and its dates converted. */
export interface ParsedResponse {
  response: PipelineResponse;
  body: unknown;
}

export interface OperationSender {
  /** The ARM endpoint: polling paths are resolved against it. */
  readonly endpoint: string;
  /**
   * Sends one request to the ARM endpoint and parses the answer. With `strictStatus`, a status the spec
   * does not list as success is a RestError (else any status below 400 is a success).
   */
  send(
    spec: OperationSpec,
    method: string,
    url: string,
    body: string | undefined,
    options: OperationOptions | undefined,
    strictStatus: boolean,
  ): Promise<ParsedResponse>;
}
