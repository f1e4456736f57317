// createTarStream writes what node-tar's own Pack writes for the same entries (it drives node-tar's
// entry classes itself, to read small files synchronously and leave compression to the thread pool).
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { link, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Pack } from "tar";
import { afterEach, describe, expect, it } from "vitest";
import { createTarStream } from "../../../src/custom/lifecycle/tarStream.js";
import { readArchive, streamToBuffer } from "./support/archive.js";
import { makeSymlink, makeTree, removeTrees } from "./support/tree.js";

afterEach(removeTrees);

const mtime = new Date(Date.UTC(2000, 0, 1));
const options = (cwd: string) => ({ cwd, mtime, maxReadSize: 64 * 1024 });

/** The uncompressed tar tar.Pack writes for the entries, with the options packSourceContext used with it. */
async function packedByNodeTar(cwd: string, entries: string[]): Promise<Buffer> {
  const pack = new Pack({
    cwd,
    portable: true,
    noDirRecurse: true,
    follow: false,
    strict: true,
    mtime,
    maxReadSize: 64 * 1024,
  });
  const bytes = streamToBuffer(pack as unknown as NodeJS.ReadableStream);
  for (const entry of entries) pack.add(entry);
  pack.end();
  return bytes;
}

describe("createTarStream", () => {
  it("writes the bytes tar.Pack writes: folders, small and streamed files, symlinks, hard links, long paths", async () => {
    const longName = `${"deep/".repeat(30)}file.txt`;
    const root = await makeTree({ "a.txt": "alpha\n", empty: null, [longName]: "far down\n", "big.bin": "" });
    // Over the synchronous-read limit: read as a stream, in several reads of maxReadSize.
    await writeFile(path.join(root, "big.bin"), randomBytes(3 * 1024 * 1024 + 123));
    await makeSymlink(root, "link", "a.txt");
    await link(path.join(root, "a.txt"), path.join(root, "hard.txt"));
    const entries = [
      "a.txt",
      "big.bin",
      "empty",
      ...longName
        .split("/")
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
      longName,
      "hard.txt",
      "link",
    ];

    const ours = await streamToBuffer(await createTarStream(entries, [], options(root)));

    expect(ours.equals(await packedByNodeTar(root, entries))).toBe(true);
    const read = await readArchive(ours);
    expect(read.find((entry) => entry.path === "hard.txt")).toMatchObject({ type: "Link", linkpath: "a.txt" });
    expect(read.find((entry) => entry.path === longName)?.content).toBe("far down\n");
  });

  // node-tar 7.5's Pack stalls (or throws "write after end") on this list: the comparison above leaves it out.
  it("packs a hard link to a file it streams as a link entry, and goes on to the next entries", async () => {
    const root = await makeTree({ "a.txt": "alpha\n", "after.txt": "after\n" });
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, "0123456789abcdef");
    await writeFile(path.join(root, "big.bin"), big);
    await link(path.join(root, "big.bin"), path.join(root, "hard-big.bin"));
    await link(path.join(root, "a.txt"), path.join(root, "hard.txt"));
    const tar = await createTarStream(["a.txt", "big.bin", "hard-big.bin", "hard.txt", "after.txt"], [], options(root));
    const read = await readArchive(await streamToBuffer(tar));
    expect(read.map((entry) => [entry.path, entry.type, entry.linkpath])).toEqual([
      ["a.txt", "File", undefined],
      ["big.bin", "File", undefined],
      ["hard-big.bin", "Link", "big.bin"],
      ["hard.txt", "Link", "a.txt"],
      ["after.txt", "File", undefined],
    ]);
    expect(read[1]!.content).toBe(big.toString("latin1"));
  });

  it("keeps the order given, streamed files among small ones, then the in-memory files", async () => {
    const root = await makeTree({ "1.txt": "one", "3.txt": "three" });
    await writeFile(path.join(root, "2.bin"), Buffer.alloc(2 * 1024 * 1024, 7));
    const tar = await createTarStream(
      ["3.txt", "2.bin", "1.txt"],
      [{ path: "x_Dockerfile", mode: 0o644, content: Buffer.from("FROM scratch\n") }],
      options(root),
    );
    const read = await readArchive(await streamToBuffer(tar));
    expect(read.map((entry) => [entry.path, entry.content?.length])).toEqual([
      ["3.txt", 5],
      ["2.bin", 2 * 1024 * 1024],
      ["1.txt", 3],
      ["x_Dockerfile", 13],
    ]);
  });

  it("fails the stream, naming the file, when a listed file is gone", async () => {
    const root = await makeTree({ "a.txt": "a", "gone.txt": "soon" });
    await rm(path.join(root, "gone.txt"));
    const tar = await createTarStream(["a.txt", "gone.txt"], [], options(root));
    await expect(streamToBuffer(tar)).rejects.toMatchObject({
      code: "ENOENT",
      message: expect.stringContaining("gone.txt"),
    });
  });

  it("stops reading and closes the file when its consumer destroys it mid-file", async () => {
    const root = await makeTree({});
    await writeFile(path.join(root, "big.bin"), Buffer.alloc(8 * 1024 * 1024));
    const openFiles = () => (process.platform === "linux" ? readdirSync("/proc/self/fd").length : 0);
    const before = openFiles();
    const tar = await createTarStream(["big.bin"], [], options(root));
    let received = 0;
    for await (const chunk of tar as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > 1024 * 1024) break; // for await destroys the stream
    }
    expect(tar.destroyed).toBe(true);
    expect(received).toBeLessThan(8 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a read in flight ends, then its file is closed
    expect(openFiles()).toBe(before);
  });
});
