// What every handler gets: the services of one running emulator.
import type { OperationSpec } from "acr-tasks/catalog";
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
  /** https://host:port of the blob listener, for SAS URLs. */
  readonly blobEndpoint: string;
  readonly pageSize: number;
  log(line: string): void;
}

/** A request that passed authentication, routing, api-version and validation. */
export interface ArmRequest {
  readonly op: OperationSpec;
  /** Path parameters by wire name, decoded; subscriptionId included. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
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
