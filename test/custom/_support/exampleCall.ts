// Test support: the arguments of a client call, taken from the operation's swagger example, for tests that
// drive every operation of a kind (every POST, every long-running method) without writing each call.
import { existsSync, readFileSync } from "node:fs";
import { alternativeFeeds } from "../../../src/generated/catalog.js";
import type { OperationSpec } from "../../../src/generated/runtime.js";
import {
  ContainerRegistryTasksClient,
  type ContainerRegistryTasksClientOptions,
  type TasksApiVersion,
} from "../../../src/index.js";
import { fakeCredential } from "./client.js";
import { camelCase, feeds, type Json } from "./swagger.js";

export interface ExampleCall {
  subscriptionId: string;
  /** The path parameters in order, then the body if the operation has one (no query options). */
  args: unknown[];
  /** The client's group and method for the operation, e.g. `registries` and `getBuildSourceUploadUrl`. */
  group: string;
  method: string;
  /** The `tasksApiVersion` a client needs to send the operation at the spec's api-version. */
  tasksApiVersion?: TasksApiVersion;
}

/**
 * The call the operation's first swagger example describes. Where the 2025-03-01-preview folder lacks
 * the example, the 2019-06-01-preview one's: the method and its arguments are the same at both.
 */
export function exampleCall(spec: OperationSpec): ExampleCall {
  const alternative = alternativeFeeds.find((f) => f.apiVersion === spec.apiVersion);
  const versions = [spec.apiVersion, ...(alternative ? [alternative.alternativeTo] : [])];
  const operations = versions.map((version) =>
    feeds()
      .find((f) => f.apiVersion === version)!
      .operations.find((o) => o.operationId === spec.operationId)!,
  );
  const file = operations.flatMap((o) => o.exampleRefs.map((r) => r.file)).find((f) => existsSync(f));
  if (!file) throw new Error(`${spec.operationId} at ${spec.apiVersion} has no example to take arguments from`);
  const parameters = (JSON.parse(readFileSync(file, "utf8")) as Json).parameters as Record<string, Json>;
  const args: unknown[] = spec.pathParameters.map((p) => parameters[p.serializedName]);
  const body = operations[0].parameters.find((p) => p.in === "body");
  if (body) args.push(parameters[body.name]);
  return {
    subscriptionId: parameters.subscriptionId,
    args,
    group: camelCase(operations[0].group),
    method: camelCase(operations[0].name),
    tasksApiVersion: alternative ? (spec.apiVersion as TasksApiVersion) : undefined,
  };
}

/** A client for the example's subscription, at the api-version the example's operation is sent at. */
export function clientFor(call: ExampleCall, options: ContainerRegistryTasksClientOptions = {}) {
  return new ContainerRegistryTasksClient(fakeCredential(), call.subscriptionId, {
    tasksApiVersion: call.tasksApiVersion,
    ...options,
  });
}

/** Calls the example's method on the client: its promise, poller or (first page of its) listing. */
export async function callExample(client: ContainerRegistryTasksClient, call: ExampleCall): Promise<unknown> {
  const group = (client as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[call.group];
  const result = group[call.method](...call.args, { updateIntervalInMs: 1 });
  if (result && typeof result === "object" && Symbol.asyncIterator in result && !("then" in result)) {
    return (result as unknown as AsyncIterator<unknown>).next();
  }
  return await result;
}
