// Reads a .tar.gz (a stream or bytes) back into a list of entries, for asserting on what was packed.
import { Readable } from "node:stream";
import { Parser, type ReadEntry } from "tar";

export interface ArchivedEntry {
  path: string;
  type: string;
  linkpath?: string;
  mtime?: Date;
  content?: string;
}

export async function readArchive(source: NodeJS.ReadableStream | Buffer): Promise<ArchivedEntry[]> {
  const entries: ArchivedEntry[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      const record: ArchivedEntry = {
        path: entry.path,
        type: entry.type,
        linkpath: entry.linkpath || undefined,
        mtime: entry.mtime,
      };
      entries.push(record);
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => {
        if (entry.type === "File") record.content = Buffer.concat(chunks).toString("utf8");
      });
    },
  });
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : (source as Readable);
  await new Promise<void>((resolve, reject) => {
    parser.on("end", resolve);
    parser.on("error", reject);
    input.on("error", reject);
    input.pipe(parser as unknown as NodeJS.WritableStream);
  });
  return entries;
}

/** The entry paths, directories with their trailing slash, as node-tar stores them. */
export const pathsOf = (entries: ArchivedEntry[]): string[] => entries.map((entry) => entry.path);

export async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
