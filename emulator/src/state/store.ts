// Access to the emulated state: resources by ARM id (case-insensitive, as ARM), blobs, counters.
// Every mutation goes through here so persistence hears about it.
import { createHash, randomBytes } from "node:crypto";
import { Persistence } from "./persistence.js";
import type { BlobRecord, EmulatorState, StoredResource } from "./state.js";

export function emptyState(): EmulatorState {
  return {
    format: 1,
    keys: { token: randomBytes(32).toString("hex"), sas: randomBytes(32).toString("hex") },
    seq: 0,
    resources: {},
    runCounters: {},
    operations: {},
    blobs: {},
  };
}

const key = (id: string) => id.toLowerCase();

export class Store {
  readonly persistence: Persistence;
  private readonly watchers: ((id: string) => void)[] = [];

  constructor(
    readonly state: EmulatorState,
    private readonly blobContents: Map<string, Buffer>,
    dataDir: string | undefined,
  ) {
    this.persistence = new Persistence(dataDir, () => ({
      state: this.state,
      blob: (path) => this.blobContents.get(path),
    }));
  }

  changed(): void {
    this.persistence.stateChanged();
  }

  /** Calls `watcher` with the id of every resource created, replaced or deleted (a tree: its root's id). */
  watch(watcher: (id: string) => void): void {
    this.watchers.push(watcher);
  }

  // --- resources -------------------------------------------------------------------------------

  get(id: string): StoredResource | undefined {
    return this.state.resources[key(id)];
  }

  /** Creates or replaces; a replaced resource keeps its place in listings. */
  put(id: string, body: Record<string, any>, internal?: Record<string, any>): StoredResource {
    const existing = this.get(id);
    const resource: StoredResource = {
      id: existing?.id ?? id,
      body,
      internal: internal ?? existing?.internal,
      seq: existing?.seq ?? ++this.state.seq,
    };
    this.state.resources[key(id)] = resource;
    this.changed();
    for (const watcher of this.watchers) watcher(resource.id);
    return resource;
  }

  /** Deletes a resource and everything under it (a registry takes its tasks, runs, ... with it). */
  removeTree(id: string): void {
    const prefix = `${key(id)}/`;
    for (const k of Object.keys(this.state.resources)) {
      if (k === key(id) || k.startsWith(prefix)) delete this.state.resources[k];
    }
    this.changed();
    for (const watcher of this.watchers) watcher(id);
  }

  /** The direct children of `parentId` in `collection` (e.g. "tasks"), in creation order. */
  children(parentId: string, collection: string): StoredResource[] {
    const prefix = `${key(parentId)}/${collection.toLowerCase()}/`;
    return Object.entries(this.state.resources)
      .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes("/"))
      .map(([, resource]) => resource)
      .sort((a, b) => a.seq - b.seq);
  }

  all(predicate: (resource: StoredResource) => boolean): StoredResource[] {
    return Object.values(this.state.resources)
      .filter(predicate)
      .sort((a, b) => a.seq - b.seq);
  }

  /**
   * The resources whose id starts with `prefix`, compared as ARM compares ids (case-insensitively), that
   * `predicate` keeps, in creation order: a scope's contents when `prefix` ends in `/`.
   */
  withIdPrefix(prefix: string, predicate: (resource: StoredResource) => boolean = () => true): StoredResource[] {
    const lowered = key(prefix);
    return Object.entries(this.state.resources)
      .filter(([k, resource]) => k.startsWith(lowered) && predicate(resource))
      .map(([, resource]) => resource)
      .sort((a, b) => a.seq - b.seq);
  }

  nextRunNumber(registryId: string): number {
    const next = (this.state.runCounters[key(registryId)] ?? 0) + 1;
    this.state.runCounters[key(registryId)] = next;
    this.changed();
    return next;
  }

  // --- blobs -----------------------------------------------------------------------------------

  blob(path: string): { record: BlobRecord; content: Buffer } | undefined {
    const record = this.state.blobs[path];
    const content = this.blobContents.get(path);
    return record && content ? { record, content } : undefined;
  }

  putBlob(path: string, kind: BlobRecord["kind"], content: Buffer, contentType: string): BlobRecord {
    const record: BlobRecord = {
      kind,
      size: content.length,
      contentType,
      metadata: {},
      lastModified: new Date().toUTCString(),
      etag: etagOf(content),
    };
    this.state.blobs[path] = record;
    this.blobContents.set(path, content);
    this.persistence.blobChanged(path);
    return record;
  }

  appendBlob(path: string, text: string): void {
    const existing = this.blob(path);
    if (!existing) throw new Error(`append blob ${path} does not exist`);
    const content = Buffer.concat([existing.content, Buffer.from(text, "utf8")]);
    this.blobContents.set(path, content);
    Object.assign(existing.record, {
      size: content.length,
      lastModified: new Date().toUTCString(),
      etag: etagOf(content),
    });
    this.persistence.blobChanged(path);
  }

  setBlobMetadata(path: string, metadata: Record<string, string>): void {
    const existing = this.state.blobs[path];
    if (!existing) return;
    existing.metadata = { ...existing.metadata, ...metadata };
    this.persistence.blobChanged(path);
  }
}

function etagOf(content: Buffer): string {
  return `"0x${createHash("md5").update(content).digest("hex").slice(0, 15).toUpperCase()}"`;
}
