// The whole emulated service as one JSON-serialisable value: resources by ARM id, run counters,
// async operations and blob metadata. Blob bytes live beside it, in the Store; everything else is here.

/** An ARM resource as stored: `body` is the wire JSON GET returns (before secrets are redacted). */
export interface StoredResource {
  /** The ARM id with the casing of the request that created it. */
  id: string;
  body: Record<string, any>;
  /** Emulator-private data (run jobs, credentials, webhook events): never sent as is. */
  internal?: Record<string, any>;
  /** Creation order, for stable listing. */
  seq: number;
}

export type AsyncOperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** A long-running operation, as the Azure-AsyncOperation and Location endpoints report it (longRunning/asyncOperations.ts). */
export interface AsyncOperation {
  id: string;
  /** The subscription and location that appear in the polling URLs. */
  subscriptionId: string;
  location: string;
  apiVersion: string;
  status: AsyncOperationStatus;
  startTime: string;
  endTime?: string;
  /** The resource the operation works on; the Location endpoint answers with it when done. */
  resourceId?: string;
  /** The name of the completion (registered by a resource module) that finishes the operation. */
  completion: string;
  args: Record<string, any>;
  /** Body the Location endpoint returns when done, for POST actions with a result. */
  result?: unknown;
  /** Wall-clock time at which the operation completes (its timer fires then, polled or not). */
  notBefore: number;
  error?: { code: string; message: string; status: number };
}

export interface BlobRecord {
  kind: "BlockBlob" | "AppendBlob";
  size: number;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: string;
  etag: string;
}

export interface EmulatorState {
  format: 1;
  /** HMAC keys for bearer tokens and SAS signatures (hex). */
  keys: { token: string; sas: string };
  seq: number;
  /** By lower-cased ARM id: ARM ids are case-insensitive. */
  resources: Record<string, StoredResource>;
  /** Last run number by lower-cased registry id (run ids are cb1, cb2, ... per registry). */
  runCounters: Record<string, number>;
  operations: Record<string, AsyncOperation>;
  /** By blob path (`<container>/<name>`). */
  blobs: Record<string, BlobRecord>;
}
