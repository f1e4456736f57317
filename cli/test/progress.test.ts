// The submission's progress: the client's requests mark its phases, the upload reports bytes, percent and rate.
import type { HttpClient, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, test } from "vitest";
import { Output, type OutputStream } from "../src/output.js";
import { formatBytes, observingHttpClient, SubmitProgress, type SubmitEvent } from "../src/progress.js";

const arm =
  "https://management.azure.com/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerRegistry/registries/r";

function recordingClient(): HttpClient & { seen: PipelineRequest[] } {
  const seen: PipelineRequest[] = [];
  return {
    seen,
    async sendRequest(request) {
      seen.push(request);
      request.onUploadProgress?.({ loadedBytes: 512 });
      request.onUploadProgress?.({ loadedBytes: 1024 });
      return { request, status: 200, headers: createHttpHeaders() } as PipelineResponse;
    },
  };
}

describe("observingHttpClient", () => {
  test("the upload URL, the context's Put Blob (with its bytes) and scheduleRun are told; other requests pass", async () => {
    const inner = recordingClient();
    const events: SubmitEvent[] = [];
    const client = observingHttpClient(inner, (event) => events.push(event));
    await client.sendRequest(createPipelineRequest({ url: `${arm}/runs/cb1?api-version=x`, method: "GET" }));
    await client.sendRequest(
      createPipelineRequest({ url: `${arm}/listBuildSourceUploadUrl?api-version=x`, method: "POST" }),
    );
    const put = createPipelineRequest({
      url: "https://account.blob.core.windows.net/source/x.tar.gz?sig=secret",
      method: "PUT",
      headers: createHttpHeaders({ "x-ms-blob-type": "BlockBlob", "Content-Length": "1024" }),
    });
    await client.sendRequest(put);
    await client.sendRequest(createPipelineRequest({ url: `${arm}/scheduleRun?api-version=x`, method: "POST" }));
    expect(inner.seen).toHaveLength(4);
    expect(events).toEqual([
      { kind: "upload-url" },
      { kind: "upload", loaded: 0, total: 1024 },
      { kind: "upload", loaded: 512, total: 1024 },
      { kind: "upload", loaded: 1024, total: 1024 },
      { kind: "schedule" },
    ]);
  });
});

describe("SubmitProgress", () => {
  test("packing, upload (bytes, percent, rate), queueing and waiting, drawn on a terminal", () => {
    const terminal: OutputStream & { text: string } = {
      isTTY: true,
      columns: 200,
      text: "",
      write(chunk: string) {
        this.text += chunk;
      },
    };
    let now = 0;
    const progress = new SubmitProgress(new Output("text", { write: () => undefined }, terminal), () => now);
    progress.packing("./app");
    progress.observe({ kind: "upload-url" });
    progress.observe({ kind: "upload", loaded: 0, total: 4 * 1024 * 1024 });
    now = 500;
    progress.observe({ kind: "upload", loaded: 1024 * 1024, total: 4 * 1024 * 1024 });
    now = 520; // too soon to redraw
    progress.observe({ kind: "upload", loaded: 1536 * 1024, total: 4 * 1024 * 1024 });
    now = 1000;
    progress.observe({ kind: "upload", loaded: 4 * 1024 * 1024, total: 4 * 1024 * 1024 });
    progress.observe({ kind: "schedule" });
    progress.waitingForAgent("cb7");
    expect(terminal.text.split("\r\x1b[2K").filter(Boolean)).toEqual([
      "Packing ./app ...",
      "Asking for an upload location ...",
      "Uploading the context: 0 B of 4.0 MiB (0 %)",
      "Uploading the context: 1.0 MiB of 4.0 MiB (25 %), 2.0 MiB/s",
      "Uploading the context: 4.0 MiB of 4.0 MiB (100 %), 4.0 MiB/s",
      "Queueing the run ...",
      "Run cb7 queued; waiting for an agent ...",
    ]);
  });

  test("bytes in B, KiB, MiB, GiB", () => {
    expect([10, 2048, 5 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual([
      "10 B",
      "2.0 KiB",
      "5.0 MiB",
      "3.0 GiB",
    ]);
  });
});
