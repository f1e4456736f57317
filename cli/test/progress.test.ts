// The submission's progress line, from the SDK's onProgress: packing (files, bytes), the upload (bytes,
// percent, rate), queueing and waiting, drawn on a terminal only and not redrawn more than every 100 ms.
import { describe, expect, test } from "vitest";
import { Output, type OutputStream } from "../src/output.js";
import { formatBytes, SubmitProgress } from "../src/progress.js";

function terminal(isTTY = true): OutputStream & { text: string } {
  return {
    isTTY,
    columns: 200,
    text: "",
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

const MiB = 1024 * 1024;

describe("SubmitProgress", () => {
  test("packing (files and bytes), upload (bytes, percent, rate), queueing and waiting, drawn on a terminal", () => {
    const stderr = terminal();
    let now = 0;
    const progress = new SubmitProgress(new Output("text", { write: () => undefined }, stderr), () => now);
    progress.start("./app");
    progress.observe({ phase: "packing", filesPacked: 0, totalFiles: 3, bytesPacked: 0 });
    now = 50; // too soon to redraw
    progress.observe({ phase: "packing", filesPacked: 1, totalFiles: 3, bytesPacked: 2048 });
    now = 60; // the last state of a phase is always drawn
    progress.observe({ phase: "packing", filesPacked: 3, totalFiles: 3, bytesPacked: 3 * MiB });
    progress.observe({ phase: "uploading", bytesSent: 0, totalBytes: 4 * MiB });
    now = 560;
    progress.observe({ phase: "uploading", bytesSent: MiB, totalBytes: 4 * MiB });
    now = 580; // too soon
    progress.observe({ phase: "uploading", bytesSent: 1.5 * MiB, totalBytes: 4 * MiB });
    now = 1060;
    progress.observe({ phase: "uploading", bytesSent: 4 * MiB, totalBytes: 4 * MiB });
    progress.observe({ phase: "queueing" });
    progress.waitingForAgent("cb7");
    expect(stderr.text.split("\r\x1b[2K").filter(Boolean)).toEqual([
      "Packing ./app ...",
      "Packing ./app: 0 of 3 files, 0 B",
      "Packing ./app: 3 of 3 files, 3.0 MiB",
      "Uploading the context: 0 B of 4.0 MiB (0 %)",
      "Uploading the context: 1.0 MiB of 4.0 MiB (25 %), 2.0 MiB/s",
      "Uploading the context: 4.0 MiB of 4.0 MiB (100 %), 4.0 MiB/s",
      "Queueing the run ...",
      "Run cb7 queued; waiting for an agent ...",
    ]);
  });

  test("a retried upload starts its rate again; a run without a folder starts with queueing", () => {
    const stderr = terminal();
    let now = 0;
    const progress = new SubmitProgress(new Output("text", { write: () => undefined }, stderr), () => now);
    progress.start(undefined);
    progress.observe({ phase: "uploading", bytesSent: 0, totalBytes: 2 * MiB });
    now = 1000;
    progress.observe({ phase: "uploading", bytesSent: MiB, totalBytes: 2 * MiB });
    now = 5000;
    progress.observe({ phase: "uploading", bytesSent: 0, totalBytes: 2 * MiB });
    now = 6000;
    progress.observe({ phase: "uploading", bytesSent: 2 * MiB, totalBytes: 2 * MiB });
    expect(stderr.text.split("\r\x1b[2K").filter(Boolean)).toEqual([
      "Queueing the run ...",
      "Uploading the context: 0 B of 2.0 MiB (0 %)",
      "Uploading the context: 1.0 MiB of 2.0 MiB (50 %), 1.0 MiB/s",
      "Uploading the context: 0 B of 2.0 MiB (0 %)",
      "Uploading the context: 2.0 MiB of 2.0 MiB (100 %), 2.0 MiB/s",
    ]);
  });

  test("draws nothing when stderr is not a terminal", () => {
    const stderr = terminal(false);
    const progress = new SubmitProgress(new Output("text", { write: () => undefined }, stderr));
    progress.start("./app");
    progress.observe({ phase: "packing", filesPacked: 1, totalFiles: 1, bytesPacked: 1 });
    progress.observe({ phase: "queueing" });
    expect(stderr.text).toBe("");
  });

  test("bytes in B, KiB, MiB, GiB", () => {
    expect([10, 2048, 5 * MiB, 3 * 1024 ** 3].map(formatBytes)).toEqual(["10 B", "2.0 KiB", "5.0 MiB", "3.0 GiB"]);
  });
});
