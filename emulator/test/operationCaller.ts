// Calls operations of a feed by id through URLs built from the catalog's path templates: checks that the
// first status is one the feed declares, follows a long-running operation to its end as a client would,
// and checks the final body against the feed's schema. Every operation called is remembered.
import { type FeedCatalog, type OperationSpec, validateValue } from "acr-tasks/catalog";
import { expect } from "vitest";
import type { RunningEmulator } from "../src/index.js";
import { operationEnded, send, waitFor, type RawResponse } from "./helpers.js";

export interface OperationCall {
  /** The first answer, before any polling. */
  first: RawResponse;
  /** The answer the client ends with: the first, or the final state of its long-running operation. */
  final: RawResponse;
}

export class OperationCaller {
  readonly called = new Set<string>();
  private readonly operations = new Map<string, { op: OperationSpec; feed: FeedCatalog }>();

  constructor(
    private readonly emulator: RunningEmulator,
    feeds: readonly FeedCatalog[],
    /** The value of every path parameter, by name. */
    private readonly names: Readonly<Record<string, string>>,
  ) {
    for (const feed of feeds) for (const op of feed.operations) this.operations.set(op.operationId, { op, feed });
  }

  get operationIds(): string[] {
    return [...this.operations.keys()];
  }

  spec(operationId: string): OperationSpec {
    return this.operations.get(operationId)!.op;
  }

  async call(operationId: string, body?: unknown): Promise<OperationCall> {
    const { op, feed } = this.operations.get(operationId)!;
    this.called.add(operationId);
    const url = `${op.path.replace(/\{(\w+)\}/g, (_, name: string) => this.names[name]!)}?api-version=${op.apiVersion}`;
    const first = await send(this.emulator, op.method, url, { body });
    expect(first.status, `${operationId}: ${first.text}`).toBeLessThan(300);
    expect(Object.keys(op.responses), `${operationId} answered a status the swagger does not declare`).toContain(
      String(first.status),
    );
    let final = first;
    const status = first.headers["azure-asyncoperation"] ? String(first.headers["azure-asyncoperation"]) : undefined;
    const location = first.headers["location"] ? String(first.headers["location"]) : undefined;
    if (op.lro && (status || location)) {
      if (status) await waitFor(async () => operationEnded((await send(this.emulator, "GET", status)).body.status));
      if (location) await waitFor(async () => (final = await send(this.emulator, "GET", location)).status !== 202);
      else if (op.method === "PUT" || op.method === "PATCH") final = await send(this.emulator, "GET", url);
    }
    const bodyType = op.responses[String(final.status)]?.bodyType ?? op.responses["200"]?.bodyType;
    if (bodyType && final.body !== undefined) {
      expect(
        validateValue(feed.schemas[`${bodyType}Schema`]!, final.body, bodyType),
        `${operationId} body`,
      ).toBeUndefined();
    }
    return { first, final };
  }
}
