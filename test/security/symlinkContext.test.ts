// A build context with symlinks pointing outside it never packs their targets. End to end: the
// folder goes through registries.quickBuild to the emulator, and the archive the emulator stored (read
// back from its dataDir after close) is listed with tar: no entry carries the outside content, the
// escaping links are not there at all, and a link that stays inside the folder is kept as a link.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { afterAll, describe, expect, test } from "vitest";
import { FAST_POLL, LINUX, LRO, RG, clientFor, collect, emulatorWith } from "../reliability/_support/env.js";

const OUTSIDE_SECRET = "OUTSIDE-THE-CONTEXT-7c1d2e";
const scratch = mkdtempSync(path.join(tmpdir(), "acr-security-symlink-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Entry {
  path: string;
  type: string;
  linkpath?: string;
  content: string;
}

async function listTar(archive: Buffer): Promise<Entry[]> {
  const entries: Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        const chunks: Buffer[] = [];
        entry.on("data", (chunk: Buffer) => chunks.push(chunk));
        entry.on("end", () =>
          entries.push({
            path: entry.path,
            type: entry.type,
            linkpath: entry.linkpath || undefined,
            content: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    });
    parser.on("error", reject);
    parser.on("end", () => resolve());
    parser.end(archive);
  });
  return entries;
}

describe("symlinks out of the build context", () => {
  test("quickBuild never uploads what an outside-pointing symlink targets", async () => {
    const outside = path.join(scratch, "outside");
    await mkdir(path.join(outside, "dir"), { recursive: true });
    await writeFile(path.join(outside, "secret.txt"), OUTSIDE_SECRET);
    await writeFile(path.join(outside, "dir", "nested.txt"), OUTSIDE_SECRET);
    const context = path.join(scratch, "context");
    await mkdir(path.join(context, "sub"), { recursive: true });
    await writeFile(path.join(context, "Dockerfile"), "FROM alpine\nCOPY . /app\n");
    await writeFile(path.join(context, "inside.txt"), "inside content\n");
    await symlink(path.join(outside, "secret.txt"), path.join(context, "abs-link-out")); // absolute, to a file
    await symlink("../outside/secret.txt", path.join(context, "rel-link-out")); // relative, to a file
    await symlink("../../outside/dir", path.join(context, "sub", "dir-link-out")); // to a folder
    await symlink("sub/../../outside/secret.txt", path.join(context, "sneaky-link")); // climbs out through a subfolder
    await symlink("inside.txt", path.join(context, "inside-link")); // stays inside: kept, as a link

    const dataDir = path.join(scratch, "data");
    const emulator = await emulatorWith({ timeScale: 0.002, dataDir });
    let runStatus: string | undefined;
    try {
      const client = clientFor(emulator);
      await client.registries.create(RG, "symlinkreg01", { location: "westus", sku: { name: "Premium" } }, LRO);
      const run = await client.registries.quickBuild(RG, "symlinkreg01", { sourceDir: context, platform: LINUX });
      runStatus = (await client.runs.waitForCompletion(RG, "symlinkreg01", run.name!, FAST_POLL)).properties?.status;
      const log = (await collect(client.runs.streamLogs(RG, "symlinkreg01", run.name!, { follow: false }))).join("\n");
      expect(log).not.toContain(OUTSIDE_SECRET);
    } finally {
      await emulator.close(); // writes every blob out to dataDir
    }
    expect(runStatus).toBe("Succeeded");

    // The archives the emulator stored: the uploaded build context(s) are the gzip blobs.
    const blobDir = path.join(dataDir, "blobs");
    const archives = readdirSync(blobDir)
      .map((name) => readFileSync(path.join(blobDir, name)))
      .filter((content) => content[0] === 0x1f && content[1] === 0x8b);
    expect(archives).toHaveLength(1);
    const raw = gunzipSync(archives[0]!);
    expect(raw.includes(Buffer.from(OUTSIDE_SECRET))).toBe(false);

    const entries = await listTar(archives[0]!);
    const names = entries.map((entry) => entry.path.replace(/\/$/, ""));
    expect(names).toContain("Dockerfile");
    expect(names).toContain("inside.txt");
    for (const escaping of ["abs-link-out", "rel-link-out", "sub/dir-link-out", "sneaky-link"])
      expect(names).not.toContain(escaping);
    expect(entries.some((entry) => entry.content.includes(OUTSIDE_SECRET))).toBe(false);
    expect(entries.some((entry) => entry.path.includes("secret.txt") || entry.path.includes("nested.txt"))).toBe(false);
    expect(entries.find((entry) => entry.path === "inside-link")).toMatchObject({
      type: "SymbolicLink",
      linkpath: "inside.txt",
      content: "",
    });
  }, 60_000);
});
