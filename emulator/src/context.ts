// What every handler gets: the services of one running emulator.
import type { OperationSpec } from "acr-tasks/catalog";
import type { BlobAddressing } from "./blobAddress.js";
import type { Clock } from "./clock.js";
import type { LroManager } from "./lro.js";
import type { RunEngine } from "./runEngine.js";
import type { Store } from "./store.js";

export interface EmulatorContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly lro: LroManager;
  readonly runs: RunEngine;
  /** https://host:port of the ARM listener, for nextLink and polling URLs. */
  readonly armEndpoint: string;
  /** https://host:port of the blob listener (the loopback origin). */
  readonly blobEndpoint: string;
  /** How blob URLs are shaped and read back. */
  readonly blobs: BlobAddressing;
  readonly pageSize: number;
  log(line: string): void;
}

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

export type OperationHandler = (request: ArmRequest, context: EmulatorContext) => ArmReply | Promise<ArmReply>;
