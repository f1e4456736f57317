// What every handler gets: the services of one running emulator (its state, its clock, its long-running
// operations and runs, and where its listeners are), and the signature of a handler that uses them.
import type { ArmReply, ArmRequest } from "./arm/armMessages.js";
import type { BlobAddressing } from "./blob/blobAddress.js";
import type { Clock } from "./clock.js";
import type { AsyncOperations } from "./longRunning/asyncOperations.js";
import type { RunEngine } from "./runEngine/runEngine.js";
import type { Store } from "./state/store.js";

export interface EmulatorServices {
  readonly store: Store;
  readonly clock: Clock;
  readonly asyncOperations: AsyncOperations;
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

export type OperationHandler = (request: ArmRequest, services: EmulatorServices) => ArmReply | Promise<ArmReply>;
