// A tar of listed entries, each encoded by node-tar's own entry classes (the bytes tar.Pack writes), but
// driven here. Pack reads every file through the libuv thread pool (lstat, open, read, close: four round
// trips a file, two files at a time) and deflates on the main thread between them: on a 20,000-file
// context its main thread waited as long as it compressed, the two never overlapping. Here files up to
// SYNC_READ_LIMIT are read synchronously, a slice of BUFFER_BYTES between yields to the event loop,
// larger ones streamed, while the consumer compresses on the thread pool.
import { closeSync, lstatSync, type Stats } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

export interface TarOptions {
  /** The folder the entries are relative to. */
  cwd: string;
  mtime: Date;
  /** The read buffer of a streamed file. */
  maxReadSize: number;
  /** Told after each regular file is written (in memory ones included): how many so far, and their bytes. */
  onFile?: (filesWritten: number, bytesWritten: number) => void;
}

/** A file packed from bytes in memory rather than from the folder. */
export interface InMemoryFile {
  path: string;
  mode: number;
  content: Buffer;
}

/** Files up to this size are read synchronously (no more than this is held for one file). */
const SYNC_READ_LIMIT = 1024 * 1024;
/** How far the tar runs ahead of its consumer, and so the longest synchronous stretch between yields. */
const BUFFER_BYTES = 256 * 1024;
/** Entries come as many small chunks (a 512-byte header, a small file), each one more thread-pool round trip in zlib: they go out batched. */
const BATCH_BYTES = 64 * 1024;
/** Two zero blocks end a tar. */
const END_OF_ARCHIVE = Buffer.alloc(1024);

/**
 * Entries in the order given, then the in-memory files; portable (no owner, times or device numbers),
 * every entry with `mtime`; symlinks stored as links, hard links as links to their first path. Any error
 * (a file gone or unreadable since it was listed) destroys the stream with it.
 */
export async function createTarStream(
  entries: readonly string[],
  inMemory: readonly InMemoryFile[],
  options: TarOptions,
): Promise<Readable> {
  // Loaded on first use: node-tar is most of what the helpers weigh, and most apps never pack a folder.
  const { WriteEntry, WriteEntrySync, WriteEntryTar, ReadEntry, Header } = await import("tar");
  const statCache = new Map<string, Stats>();
  const linkCache = new Map<`${number}:${number}`, string>();
  const entryOptions = {
    cwd: options.cwd,
    mtime: options.mtime,
    maxReadSize: options.maxReadSize,
    portable: true,
    strict: true,
    statCache,
    linkCache,
  };
  const count = entries.length + inMemory.length;
  let next = 0;
  let streaming: InstanceType<typeof WriteEntry> | undefined;
  let batch: Buffer[] = [];
  let batched = 0;
  let filesWritten = 0;
  let fileBytesWritten = 0;
  const fileWritten = (size: number): void => {
    filesWritten++;
    fileBytesWritten += size;
    options.onFile?.(filesWritten, fileBytesWritten);
  };

  const output = new Readable({
    highWaterMark: BUFFER_BYTES,
    read() {
      if (streaming) streaming.resume();
      else fill();
    },
    destroy(error, callback) {
      // A paused entry has no read in flight (it waits for a drain that will not come); a flowing one is
      // closed at its next chunk, once its read is done. Closing an fd under a pending read could read
      // or close another file that reused the number.
      if (streaming?.paused) abandon(streaming);
      callback(error);
    },
  });

  /** Queues a chunk; false once the consumer wants no more for now. */
  function push(chunk: Buffer): boolean {
    batch.push(chunk);
    batched += chunk.length;
    return batched < BATCH_BYTES || flush();
  }
  function flush(): boolean {
    const chunk = batch.length === 1 ? batch[0]! : Buffer.concat(batch, batched);
    batch = [];
    batched = 0;
    return chunk.length === 0 || output.push(chunk);
  }

  /** Writes entry `index`; false when it streams or the consumer is full. */
  function writeEntry(index: number): boolean {
    if (index >= entries.length) {
      const file = inMemory[index - entries.length]!;
      const source = new ReadEntry(
        new Header({ path: file.path, type: "File", mode: file.mode, size: file.content.length, mtime: options.mtime }),
      );
      source.end(file.content);
      const more = drainSync(new WriteEntryTar(source, entryOptions));
      fileWritten(file.content.length);
      return more;
    }
    const relative = entries[index]!;
    const absolute = path.resolve(options.cwd, relative);
    const stat = lstatSync(absolute);
    statCache.set(absolute, stat);
    // Another name of a file written before goes in as a hard link to it, without content.
    const content = stat.isFile() && !(stat.nlink > 1 && linkCache.has(`${stat.dev}:${stat.ino}`)) ? stat.size : 0;
    if (!stat.isFile() || stat.size <= SYNC_READ_LIMIT) {
      const more = drainSync(new WriteEntrySync(relative, { ...entryOptions, absolute }));
      if (stat.isFile()) fileWritten(content);
      return more;
    }
    const entry = new WriteEntry(relative, { ...entryOptions, absolute });
    streaming = entry;
    entry.on("data", (chunk: Buffer) => {
      if (output.destroyed) abandon(entry);
      else if (!push(chunk)) entry.pause();
    });
    entry.on("error", (error: unknown) => output.destroy(error as Error));
    entry.on("end", () => {
      streaming = undefined;
      fileWritten(content);
      fill();
    });
    return false;
  }

  /** Stops a streamed entry for good: paused, so it reads no more, and its file closed. */
  function abandon(entry: InstanceType<typeof WriteEntry>): void {
    entry.pause();
    const fd = entry.fd;
    entry.fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }

  /** A synchronous entry has all its bytes buffered once constructed: adding the listener emits them. */
  function drainSync(entry: { on(event: "data", listener: (chunk: Buffer) => void): unknown }): boolean {
    let more = true;
    entry.on("data", (chunk: Buffer) => {
      more = push(chunk) && more;
    });
    return more;
  }

  function fill(): void {
    try {
      while (!output.destroyed && !streaming && next < count) {
        if (!writeEntry(next++)) return;
      }
      if (!output.destroyed && !streaming && next === count) {
        next++;
        push(END_OF_ARCHIVE);
        flush();
        output.push(null);
      }
    } catch (error) {
      // A synchronous entry throws what an asynchronous one emits (strict: warnings are errors too).
      output.destroy(error as Error);
    }
  }

  return output;
}
