// waitForCompletion against a scripted Runs_Get.
import { describe, expect, it, vi } from "vitest";
import { RunFailedError, RunWaitTimeoutError, waitForCompletion } from "../../../src/custom/lifecycle/index.js";
import type { RunsOperations } from "../../../src/generated/groups/runs.js";
import type { Run } from "../../../src/generated/v2019_06_01_preview/models.js";

type Get = RunsOperations["get"];

const run = (status: string, runErrorMessage?: string): Run => ({
  name: "cb12",
  properties: { runId: "cb12", status, ...(runErrorMessage ? { runErrorMessage } : {}) } as Run["properties"],
});

/** A Runs_Get that answers the given statuses in turn, repeating the last one. */
function scriptedRuns(...runs: Run[]) {
  let index = 0;
  const get = vi.fn<Get>(async () => runs[Math.min(index++, runs.length - 1)]);
  return { get };
}

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 2 };

describe("waitForCompletion", () => {
  it("polls until the run ends and resolves to the final run, reporting each poll", async () => {
    const runs = scriptedRuns(run("Queued"), run("Running"), run("Running"), run("Succeeded"));
    const seen: string[] = [];
    const final = await waitForCompletion(runs, "rg", "myregistry", "cb12", { ...fast, onProgress: (r) => seen.push(r.properties!.status!) });
    expect(final.properties?.status).toBe("Succeeded");
    expect(seen).toEqual(["Queued", "Running", "Running", "Succeeded"]);
    expect(runs.get).toHaveBeenCalledWith("rg", "myregistry", "cb12", expect.objectContaining({ abortSignal: expect.anything() }));
  });

  it("throws a RunFailedError that carries the run and explains itself", async () => {
    const runs = scriptedRuns(run("Running"), run("Failed", "step build: exit status 1"));
    const error = await waitForCompletion(runs, "rg", "myregistry", "cb12", fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error).toMatchObject({ name: "RunFailedError", status: "Failed", runErrorMessage: "step build: exit status 1" });
    expect((error as RunFailedError).run.properties?.runId).toBe("cb12");
    expect((error as Error).message).toBe("Run cb12 ended with status Failed: step build: exit status 1");
  });

  it.each(["Error", "Timeout", "Canceled"])("treats %s as a failure", async (status) => {
    const error = await waitForCompletion(scriptedRuns(run(status)), "rg", "myregistry", "cb12", fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as Error).message).toMatch(new RegExp(`Run cb12 ended with status ${status} \\(the service gave no error message`));
  });

  it("resolves to the failed run with throwOnFailure: false", async () => {
    const final = await waitForCompletion(scriptedRuns(run("Failed", "boom")), "rg", "myregistry", "cb12", { ...fast, throwOnFailure: false });
    expect(final.properties?.status).toBe("Failed");
  });

  it("gives up after maxWaitMs with a RunWaitTimeoutError", async () => {
    const error = await waitForCompletion(scriptedRuns(run("Running")), "rg", "myregistry", "cb12", { ...fast, maxWaitMs: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunWaitTimeoutError);
    expect((error as Error).message).toMatch(/Run cb12 did not finish within maxWaitMs \(20 ms\); its last known status is Running/);
  });

  it("honours a Retry-After that Runs_Get surfaces through onResponse", async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const get = vi.fn<Get>(async (_rg, _reg, _id, options) => {
        calls++;
        options?.onResponse?.({ headers: new Map([["retry-after", "60"]]) } as never);
        return run(calls < 2 ? "Running" : "Succeeded");
      });
      const done = waitForCompletion({ get }, "rg", "myregistry", "cb12", fast);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(get).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(done).resolves.toMatchObject({ properties: { status: "Succeeded" } });
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects promptly with an AbortError when aborted mid-wait, and sends nothing more", async () => {
    const controller = new AbortController();
    const runs = scriptedRuns(run("Running"));
    runs.get.mockImplementation(async () => {
      if (runs.get.mock.calls.length === 2) controller.abort();
      return run("Running");
    });
    await expect(
      waitForCompletion(runs, "rg", "myregistry", "cb12", { pollIntervalMs: 5, abortSignal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
    const calls = runs.get.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs.get.mock.calls.length).toBe(calls);
  });

  it("sends nothing when the signal has already fired", async () => {
    const runs = scriptedRuns(run("Running"));
    await expect(waitForCompletion(runs, "rg", "myregistry", "cb12", { abortSignal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    expect(runs.get).not.toHaveBeenCalled();
  });

  it("rejects bad input before any request, naming the parameter", async () => {
    const runs = scriptedRuns(run("Running"));
    await expect(waitForCompletion(runs, "rg", "my-registry!", "cb12")).rejects.toMatchObject({ name: "ValidationError", parameter: "registryName" });
    await expect(waitForCompletion(runs, "rg", "myregistry", "")).rejects.toMatchObject({ parameter: "runId" });
    await expect(waitForCompletion(runs, "rg", "myregistry", "cb12", { maxWaitMs: -1 })).rejects.toMatchObject({ parameter: "maxWaitMs" });
    await expect(waitForCompletion(runs, "rg", "myregistry", "cb12", { pollIntervalMs: 0 })).rejects.toMatchObject({ parameter: "pollIntervalMs" });
    expect(runs.get).not.toHaveBeenCalled();
  });
});
