// The request a handler receives and the reply it gives: the shapes every layer behind the ARM listener
// shares (handlers, long-running operations, the rate limiter), in a leaf file that imports none of them.
import type { OperationSpec } from "acr-tasks/catalog";

/** A request that passed authentication, routing, api-version and validation. */
export interface ArmRequest {
  readonly op: OperationSpec;
  /** Path parameters by wire name, decoded; subscriptionId included. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The api-version of the request: the operation's feed's, or another published one it serves. */
  readonly apiVersion: string;
  /** The parsed JSON body (validated against the operation's schema), if the operation has one. */
  readonly body: any;
  readonly url: URL;
}

export interface ArmReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
