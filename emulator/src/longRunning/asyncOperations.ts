// Long-running operations: the status monitor (Azure-AsyncOperation, or Operation-Location) and the
// Location endpoint, and the clock that finishes them. Which request is answered at once and which one is
// long-running, in which polling style, is decided in firstAnswer.ts from the operation's feed; a feed that
// declares no `final-state-via` (2019-06-01-preview, 2021-08-01-preview) gets these styles, as the
// recordings of live Azure show them:
//   - PUT (creating or replacing) and PATCH: 201 + Azure-AsyncOperation (+ Retry-After); body
//                                provisioningState "Creating" or "Updating".
//   - DELETE:                    202 + Location (+ Retry-After).
//   - POST actions:              202 + Location + Azure-AsyncOperation (+ Retry-After).
// The status monitor answers `{status}` alone (and `error` once failed), as ACR's do: while in progress the
// status is the resource's provisioningState ("Creating", "Updating", "Deleting"; "InProgress" when it
// has none). The Location answers 202 with that `{status}` until done, then 200 with the result, the
// resource, or nothing (a deletion).
// Operations Azure answers at once whatever the swagger says are listed in firstAnswer.ts.
// Status codes stay within those the swagger declares for each operation (armServer checks every success).
// An operation lasts a (scaled) realistic duration and finishes on the clock, whether or not anyone polls;
// Retry-After is at least 1, with the exact scaled wait in retry-after-ms (see Clock.retryAfterHeaders).
import { randomUUID } from "node:crypto";
import { ArmError } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { Clock } from "../clock.js";
import type { AsyncOperation, StoredResource } from "../state/state.js";
import type { Store } from "../state/store.js";
import type { LongRunningAnswer, PollingStyle } from "./firstAnswer.js";

/** Finishes an operation: `done: false` keeps it InProgress (e.g. waiting for a run to end). */
export type Completion = (
  operation: AsyncOperation,
) => { done: false } | { done: true; error?: AsyncOperation["error"]; result?: unknown };

export interface BeginOptions {
  subscriptionId: string;
  /** The api-version of the request, echoed in the polling URLs. */
  apiVersion: string;
  location: string;
  resourceId?: string;
  completion: string;
  args?: Record<string, any>;
  result?: unknown;
  /** How long the operation takes at timeScale 1. */
  realisticMs?: number;
}

const providerPath = "providers/Microsoft.ContainerRegistry/locations";

export class AsyncOperations {
  private readonly completions = new Map<string, Completion>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly armEndpoint: string,
  ) {}

  register(name: string, completion: Completion): void {
    this.completions.set(name, completion);
  }

  begin(options: BeginOptions): AsyncOperation {
    const operation: AsyncOperation = {
      id: randomUUID(),
      subscriptionId: options.subscriptionId,
      apiVersion: options.apiVersion,
      location: options.location.replace(/\s+/g, "").toLowerCase(),
      status: "InProgress",
      startTime: new Date().toISOString(),
      resourceId: options.resourceId,
      completion: options.completion,
      args: options.args ?? {},
      result: options.result,
      notBefore: Date.now() + this.clock.scaled(options.realisticMs ?? 2000),
    };
    this.forgetOldOperations();
    this.store.state.operations[operation.id] = operation;
    this.store.changed();
    this.arm(operation);
    return operation;
  }

  /** Finished operations are kept a day for late pollers, then dropped so the state does not grow forever. */
  private forgetOldOperations(): void {
    const cutoff = Date.now() - 24 * 3600_000;
    for (const [id, operation] of Object.entries(this.store.state.operations)) {
      if (operation.endTime && Date.parse(operation.endTime) < cutoff) delete this.store.state.operations[id];
    }
  }

  /** Re-arms the timers of operations left InProgress by a previous process (dataDir restart). */
  resume(): void {
    for (const operation of Object.values(this.store.state.operations)) {
      if (operation.status === "InProgress") this.arm(operation);
    }
  }

  headers(operation: AsyncOperation, style: PollingStyle): Record<string, string> {
    const base = `${this.armEndpoint}/subscriptions/${operation.subscriptionId}/${providerPath}/${operation.location}`;
    const query = `?api-version=${operation.apiVersion}`;
    const headers: Record<string, string> = this.clock.retryAfterHeaders(1);
    const status = `${base}/operationStatuses/${operation.id}${query}`;
    if (style === "azure-async-operation" || style === "both") headers["Azure-AsyncOperation"] = status;
    if (style === "operation-location") headers["Operation-Location"] = status;
    if (style === "location" || style === "both")
      headers["Location"] = `${base}/operationResults/${operation.id}${query}`;
    return headers;
  }

  /** The first answer of an operation just begun, with the headers of its polling style. */
  accepted(operation: AsyncOperation, answer: LongRunningAnswer, body?: unknown): ArmReply {
    return {
      status: answer.status,
      ...(body === undefined ? {} : { body }),
      headers: this.headers(operation, answer.polling),
    };
  }

  /** The status ACR reports: the resource's provisioningState while it is on its way, else the operation's. */
  private reportedStatus(operation: AsyncOperation): string {
    if (operation.status !== "InProgress") return operation.status;
    const resource = operation.resourceId ? this.store.get(operation.resourceId) : undefined;
    const state = resource?.body["properties"]?.["provisioningState"];
    return typeof state === "string" && !/^(Succeeded|Failed|Canceled)$/i.test(state) ? state : "InProgress";
  }

  /** The InProgress operation working on a resource, if any (a DELETE conflicts with it). */
  pendingFor(resourceId: string): AsyncOperation | undefined {
    const id = resourceId.toLowerCase();
    return Object.values(this.store.state.operations).find(
      (op) => op.status === "InProgress" && op.resourceId?.toLowerCase() === id,
    );
  }

  /** Tries to finish the pending operation of a resource whose state just changed (a run ended). */
  nudge(resourceId: string): void {
    const operation = this.pendingFor(resourceId);
    if (operation) this.tryComplete(operation);
  }

  statusReply(subscriptionId: string, operationId: string): ArmReply {
    const operation = this.find(subscriptionId, operationId);
    this.tryComplete(operation);
    const body: Record<string, unknown> = { status: this.reportedStatus(operation) };
    if (operation.error) body["error"] = { code: operation.error.code, message: operation.error.message };
    return { status: 200, body, headers: operation.status === "InProgress" ? this.clock.retryAfterHeaders(1) : {} };
  }

  /**
   * The Location endpoint: 202 with `{status}` until done, then 200 with the result, the resource, or no
   * body (ACR answers a finished deletion's Location 200, not 204). The resource is shown through `view`,
   * as its GET shows it (secrets redacted, derived fields such as a task run's runResult).
   */
  resultReply(
    subscriptionId: string,
    operationId: string,
    view: (resource: StoredResource) => Record<string, unknown>,
  ): ArmReply {
    const operation = this.find(subscriptionId, operationId);
    this.tryComplete(operation);
    if (operation.status === "InProgress")
      return {
        status: 202,
        body: { status: this.reportedStatus(operation) },
        headers: this.headers(operation, "location"),
      };
    if (operation.error) throw new ArmError(operation.error.status, operation.error.code, operation.error.message);
    if (operation.result !== undefined) return { status: 200, body: operation.result };
    const resource = operation.resourceId ? this.store.get(operation.resourceId) : undefined;
    return resource ? { status: 200, body: view(resource) } : { status: 200 };
  }

  private find(subscriptionId: string, operationId: string): AsyncOperation {
    const operation = this.store.state.operations[operationId];
    if (!operation || operation.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) {
      throw new ArmError(404, "OperationNotFound", `The operation '${operationId}' was not found.`);
    }
    return operation;
  }

  private arm(operation: AsyncOperation): void {
    this.clock.at(operation.notBefore, () => this.tryComplete(operation));
  }

  private tryComplete(operation: AsyncOperation): void {
    if (operation.status !== "InProgress" || Date.now() < operation.notBefore) return;
    const completion = this.completions.get(operation.completion);
    if (!completion) throw new Error(`no completion registered as ${operation.completion}`);
    const outcome = completion(operation);
    if (!outcome.done) return;
    operation.status = outcome.error ? "Failed" : "Succeeded";
    operation.endTime = new Date().toISOString();
    if (outcome.error) operation.error = outcome.error;
    if (outcome.result !== undefined) operation.result = outcome.result;
    this.store.changed();
  }
}
