// The contract between the generated operations and the hand-written layer that sends them.
// Types only: nothing here runs.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { OperationState, PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator, PageSettings } from "@azure/core-paging";
import type { PipelineResponse } from "@azure/core-rest-pipeline";

/** A schema, or a thunk for one (object schemas refer to each other lazily). */
export type SchemaRef = Schema | (() => Schema);

export type Schema =
  | StringSchema
  | NumberSchema
  | BooleanSchema
  | DateTimeSchema
  | ConstantSchema
  | ArraySchema
  | DictionarySchema
  | ObjectSchema
  | AnySchema;

export interface StringSchema {
  readonly kind: "string";
  /** `duration` and `uuid` are strings on the wire too. */
  readonly format?: "duration" | "uuid" | "uri" | "byte";
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Present for sealed enums only: the complete list of accepted values. */
  readonly enum?: readonly string[];
  readonly secret?: boolean;
}

export interface NumberSchema {
  readonly kind: "number";
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
}

export interface BooleanSchema {
  readonly kind: "boolean";
}

export interface DateTimeSchema {
  readonly kind: "date-time";
}

export interface ConstantSchema {
  readonly kind: "constant";
  readonly value: string | number | boolean;
}

export interface ArraySchema {
  readonly kind: "array";
  readonly items: SchemaRef;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface DictionarySchema {
  readonly kind: "dictionary";
  readonly values: SchemaRef;
}

export interface AnySchema {
  readonly kind: "any";
}

export interface PropertySchema {
  readonly schema: SchemaRef;
  readonly required?: boolean;
  readonly readOnly?: boolean;
  /** `x-ms-secret`: never logged, never echoed in an error message. */
  readonly secret?: boolean;
}

export interface ObjectSchema {
  readonly kind: "object";
  readonly name: string;
  /** Own and inherited properties, by wire name. */
  readonly properties: Readonly<Record<string, PropertySchema>>;
  /** Set on a polymorphic base: the discriminator property and its variants by value. */
  readonly discriminator?: {
    readonly property: string;
    readonly variants: () => Readonly<Record<string, ObjectSchema>>;
  };
  readonly discriminatorValue?: string;
}

export interface ParameterSpec {
  /** The name in the method signature or options bag. */
  readonly name: string;
  /** The name on the wire (path template segment or query key). */
  readonly serializedName: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface ResponseSpec {
  /** The model the body holds, if any. */
  readonly bodyType?: string;
  /** Converts the date-time fields of the parsed body in place. */
  readonly deserialize?: (body: any) => unknown;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: "GET" | "PUT" | "POST" | "PATCH" | "DELETE" | "HEAD";
  /** The path template, with `{name}` for each path parameter. */
  readonly path: string;
  readonly apiVersion: string;
  /** The method's path parameters in path order; `subscriptionId` comes from the client. */
  readonly pathParameters: readonly ParameterSpec[];
  readonly queryParameters: readonly ParameterSpec[];
  readonly body?: { readonly name: string; readonly required: boolean; readonly schema: Schema };
  /** Success responses by status code. */
  readonly responses: Readonly<Record<string, ResponseSpec>>;
  /** The model of error responses. */
  readonly errorType?: string;
  readonly lro?: {
    readonly finalStateVia?: "azure-async-operation" | "location" | "original-uri" | "operation-location";
  };
  readonly paging?: { readonly nextLinkName: string | null; readonly itemName: string };
}

/**
 * An operation of the tasks feed, which the client can send at more than one api-version: its spec at
 * each. The context picks the one its `tasksApiVersion` option selects.
 */
export interface VersionedOperation {
  /** The operation's id, the same at every api-version. */
  readonly operationId: string;
  /** The spec by api-version: one for each of `tasksApiVersions` (apiVersions.ts). */
  readonly versions: Readonly<Record<string, OperationSpec>>;
}

/** The raw response of a call, as `onResponse` sees it. */
export interface FullOperationResponse extends PipelineResponse {
  /** The body after JSON parsing and date conversion. */
  parsedBody?: unknown;
}

export interface OperationOptions {
  /** Cancels the call: the promise rejects with an `AbortError` and no more requests are sent. */
  abortSignal?: AbortSignalLike;
  requestOptions?: {
    /** Extra request headers. */
    headers?: Record<string, string>;
    /** Per-request timeout in milliseconds. */
    timeout?: number;
  };
  /** Called with each raw response the call receives. */
  onResponse?: (response: FullOperationResponse) => void;
}

export interface LroOperationOptions extends OperationOptions {
  /** The delay between polls when the service sends no Retry-After. */
  updateIntervalInMs?: number;
  /** A serialized poller state (from `poller.serialize()`) to resume instead of starting again. */
  resumeFrom?: string;
}

/** A page of items and the token that resumes listing after it. */
export type ContinuablePage<T> = T[] & { continuationToken?: string };

export type PagedResult<T> = PagedAsyncIterableIterator<T, ContinuablePage<T>, PageSettings>;

export type OperationPoller<T> = PollerLike<OperationState<T>, T>;

/** A poller that is not itself awaitable, as the `begin*` methods of the old official SDK returned. */
export type SimplePollerLike<T> = Omit<OperationPoller<T>, "then" | "catch" | "finally" | typeof Symbol.toStringTag>;

/**
 * What the hand-written layer provides to the generated operation groups. A `VersionedOperation` is sent
 * at the api-version the context selects; `pollOperation` is given every method that is long-running at
 * some api-version, and its poller is done with the first response where the selected one is not.
 */
export interface OperationContext {
  sendOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    body: unknown,
    options: OperationOptions | undefined,
  ): Promise<T>;
  listOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    options: OperationOptions | undefined,
  ): PagedResult<T>;
  pollOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    body: unknown,
    options: LroOperationOptions | undefined,
  ): OperationPoller<T>;
  beginPollOperation<T>(
    operation: OperationSpec | VersionedOperation,
    pathArguments: readonly unknown[],
    body: unknown,
    options: LroOperationOptions | undefined,
  ): Promise<SimplePollerLike<T>>;
}
