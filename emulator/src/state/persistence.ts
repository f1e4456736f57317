// Optional durability under dataDir: state.json plus one file per blob. Every write goes to a
// temporary file renamed over the target, so a crash leaves either the old or the new content,
// never half of it. Writes are coalesced: a burst of changes costs one write.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EmulatorState } from "./state.js";

export class Persistence {
  private readonly dirtyBlobs = new Set<string>();
  private stateDirty = false;
  private pending: NodeJS.Immediate | undefined;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly snapshot: () => { state: EmulatorState; blob: (path: string) => Buffer | undefined },
  ) {
    if (dataDir) mkdirSync(join(dataDir, "blobs"), { recursive: true });
  }

  /** Reads what a previous run wrote, if anything. */
  static load(dataDir: string): { state: EmulatorState; blobs: Map<string, Buffer> } | undefined {
    const statePath = join(dataDir, "state.json");
    if (!existsSync(statePath)) return undefined;
    const state = JSON.parse(readFileSync(statePath, "utf8")) as EmulatorState;
    const blobs = new Map<string, Buffer>();
    for (const path of Object.keys(state.blobs)) {
      const file = join(dataDir, "blobs", blobFileName(path));
      if (existsSync(file)) blobs.set(path, readFileSync(file));
      else delete state.blobs[path];
    }
    return { state, blobs };
  }

  stateChanged(): void {
    this.stateDirty = true;
    this.schedule();
  }

  blobChanged(path: string): void {
    this.dirtyBlobs.add(path);
    this.stateDirty = true;
    this.schedule();
  }

  /** Writes everything outstanding now (close() calls this). */
  flush(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = undefined;
    if (!this.dataDir) return;
    const { state, blob } = this.snapshot();
    // Blobs first: the state never names a blob file that is not fully written.
    for (const path of this.dirtyBlobs) {
      const file = join(this.dataDir, "blobs", blobFileName(path));
      const content = blob(path);
      if (content) writeAtomically(file, content);
      else rmSync(file, { force: true });
    }
    this.dirtyBlobs.clear();
    if (this.stateDirty) writeAtomically(join(this.dataDir, "state.json"), JSON.stringify(state));
    this.stateDirty = false;
  }

  private schedule(): void {
    if (!this.dataDir || this.pending) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.flush();
    });
  }
}

function blobFileName(path: string): string {
  return `${createHash("sha256").update(path).digest("hex").slice(0, 40)}.bin`;
}

let tmpCounter = 0;
function writeAtomically(file: string, content: string | Buffer): void {
  const tmp = `${file}.${process.pid}.${++tmpCounter}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}
