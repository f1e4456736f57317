// A 50 MB build context goes through quickBuild with bounded memory: the test samples this process's
// RSS while packing and uploading, and checks it never grows by anything near the context's size.
// Streaming 50 MB churns through buffers that V8 frees only when it gets round to collecting them
// (tens of MB later, at its own pace); the sampler forces a collection before each sample, so that
// what is measured is what the code keeps alive, not how lazy the collector happens to be. (Buffering
// the archive whole shows up as about 100 MB of growth here.)
import { createHash, randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlobTransport, packSourceContext, quickBuild } from "../../../src/custom/lifecycle/index.js";
import { startBlobServer, type TestBlobServer } from "./support/blobServer.js";
import { fakeRegistries, UPLOAD_PATH } from "./support/fakeRegistries.js";
import { makeTree, removeTrees } from "./support/tree.js";

const FILE_COUNT = 50;
const FILE_SIZE = 1024 * 1024;
const CONTEXT_SIZE = FILE_COUNT * FILE_SIZE;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;
// Scavenges are cheap but leave the buffers that were in flight to be promoted; a full collection
// now and then frees those. Full collections every few milliseconds would slow the upload to a crawl.
let sampleCount = 0;
const collectGarbage = (): void => gc({ type: ++sampleCount % 10 === 0 ? "major" : "minor" });

let server: TestBlobServer;
let sourceDir: string;
let warmUpDir: string;

beforeAll(async () => {
  // The host hashes uploads instead of keeping them, so only the client side's memory is in play.
  server = await startBlobServer({ keepUploads: false });
  sourceDir = await makeTree({ Dockerfile: "FROM scratch\nCOPY . /\n" });
  // Random bytes: gzip cannot shrink them, so the full 50 MB goes over the wire.
  for (let i = 0; i < FILE_COUNT; i++)
    await writeFile(path.join(sourceDir, `blob-${String(i).padStart(2, "0")}.bin`), randomBytes(FILE_SIZE));
  warmUpDir = await makeTree({ Dockerfile: "FROM scratch\n" });
  for (let i = 0; i < 4; i++) await writeFile(path.join(warmUpDir, `warm-${i}.bin`), randomBytes(FILE_SIZE));
});
afterAll(async () => {
  await server.close();
  await removeTrees();
});

describe("quickBuild with a 50 MB context", () => {
  it("packs and uploads it without holding it in memory", async () => {
    const { registries } = fakeRegistries(server);
    const blob = createBlobTransport({ tlsOptions: { ca: server.ca } });
    // Warm up on a small folder first: loading code, setting up TLS, and the allocator's one-time
    // growth for the streams' buffers are the same for 4 MB as for 4 GB, and are not what is measured.
    await quickBuild(registries, blob, "rg", "myregistry", { sourceDir: warmUpDir, platform: { os: "Linux" } });
    collectGarbage();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    // Sampled on the event loop's turns rather than on a timer: each turn handles a bounded amount of
    // I/O, so the garbage between two collections stays bounded however busy the machine is. (A 50 ms
    // timer starves on a loaded machine, and V8 alone lets freed buffers pile up to tens of MB before it
    // collects them.) At most one collection every 2 ms keeps the upload from crawling.
    let sampling = true;
    let lastSample = 0;
    const sample = (): void => {
      if (!sampling) return;
      const now = performance.now();
      if (now - lastSample >= 2) {
        collectGarbage();
        peak = Math.max(peak, process.memoryUsage().rss);
        lastSample = performance.now();
      }
      setImmediate(sample);
    };
    setImmediate(sample);
    try {
      await quickBuild(registries, blob, "rg", "myregistry", { sourceDir, platform: { os: "Linux" } });
    } finally {
      sampling = false;
    }
    peak = Math.max(peak, process.memoryUsage().rss);

    const upload = server.uploads.get(UPLOAD_PATH)!;
    expect(upload.bytes).toBeGreaterThan(CONTEXT_SIZE);
    const growth = peak - baseline;
    expect(growth, `RSS grew by ${(growth / 1024 / 1024).toFixed(1)} MiB`).toBeLessThan(CONTEXT_SIZE * 0.5);

    // The archive is deterministic: packing again gives the very bytes that were uploaded.
    const hash = createHash("sha256");
    for await (const chunk of (await packSourceContext(sourceDir)).archive) hash.update(chunk as Buffer);
    expect(hash.digest("hex")).toBe(upload.sha256);
  }, 120_000);
});
