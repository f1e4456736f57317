// Runs and the operations that create them from a registry: scheduleRun, the source upload URL, the
// run log link. Runs are listed newest first, as ACR lists them.
import { randomUUID } from "node:crypto";
import { resourceNotFound } from "../armError.js";
import type { ArmRequest, EmulatorContext, OperationHandler } from "../context.js";
import { longRunningAnswer } from "../longRunning.js";
import { page } from "../paging.js";
import { matchesRunFilter, parseRunFilter } from "../runFilter.js";
import { signBlobSas } from "../sas.js";
import type { StoredResource } from "../state.js";
import { childId, locationOf, registryType, requireRegistry } from "./common.js";
import { newRunFromRequest } from "./runRequests.js";
import { terminalStatuses } from "../runEngine.js";

const sasLifetimeMs = 60 * 60 * 1000;

function requireRun(request: ArmRequest, context: EmulatorContext): { registry: StoredResource; run: StoredResource } {
  const registry = requireRegistry(request, context);
  const runId = request.params["runId"]!;
  const run = context.store.get(childId(registry.id, "runs", runId));
  if (!run)
    throw resourceNotFound(
      `${registryType}/runs`,
      `${registry.body["name"]}/${runId}`,
      request.params["resourceGroupName"]!,
    );
  return { registry, run };
}

export function blobUrl(context: EmulatorContext, blobPath: string, permissions: string): string {
  const sas = signBlobSas(context.store.state.keys.sas, blobPath, permissions, new Date(Date.now() + sasLifetimeMs));
  return context.blobs.url(blobPath, sas);
}

export const runHandlers: Record<string, OperationHandler> = {
  Registries_ScheduleRun: (request, context) => {
    const registry = requireRegistry(request, context);
    const run = context.runs.create(registry, newRunFromRequest(request.body, registry, context));
    // ACR answers ScheduleRun at once with the queued run; the run itself is what one then polls.
    return { status: 200, body: run.body };
  },
  Registries_GetBuildSourceUploadUrl: (request, context) => {
    requireRegistry(request, context);
    const relativePath = `source/${randomUUID().replace(/-/g, "")}/context.tar.gz`;
    return { status: 200, body: { uploadUrl: blobUrl(context, relativePath, "cw"), relativePath } };
  },
  Runs_Get: (request, context) => ({ status: 200, body: requireRun(request, context).run.body }),
  Runs_List: (request, context) => {
    const registry = requireRegistry(request, context);
    const filterText = request.query.get("$filter");
    const filter = filterText ? parseRunFilter(filterText) : undefined;
    const runs = context.store
      .children(registry.id, "runs")
      .filter((run) => !filter || matchesRunFilter(filter, run.body["properties"]))
      .reverse();
    return {
      status: 200,
      body: page(
        runs.map((run) => ({ seq: run.seq, value: run.body })),
        request,
        context,
        "descending",
      ),
    };
  },
  Runs_Update: (request, context) => {
    const { run } = requireRun(request, context);
    if (request.body["isArchiveEnabled"] !== undefined)
      run.body["properties"]["isArchiveEnabled"] = request.body["isArchiveEnabled"];
    context.store.changed();
    return { status: 200, body: run.body };
  },
  Runs_Cancel: (request, context) => {
    const { registry, run } = requireRun(request, context);
    // Canceling a run that already ended is accepted and changes nothing, so a cancel racing the end of a run is harmless.
    context.runs.cancel(run);
    const answer = longRunningAnswer(request);
    // Answered at once where the feed says so (2025-03-01-preview): the run is Canceled when the 200 goes out.
    if (!answer) return { status: 200 };
    const operation = context.lro.begin({
      subscriptionId: request.params["subscriptionId"]!,
      apiVersion: request.apiVersion,
      location: locationOf(registry),
      resourceId: run.id,
      completion: "runEnded",
      realisticMs: 500,
    });
    return context.lro.accepted(operation, answer);
  },
  Runs_GetLogSasUrl: (request, context) => {
    const { run } = requireRun(request, context);
    const job = context.runs.job(run);
    return { status: 200, body: { logLink: blobUrl(context, job.logPath, "r") } };
  },
};

export function registerRunCompletions(context: EmulatorContext): void {
  context.lro.register("runEnded", (operation) => {
    const run = operation.resourceId ? context.store.get(operation.resourceId) : undefined;
    return !run || terminalStatuses.has(run.body["properties"]["status"]) ? { done: true } : { done: false };
  });
  context.runs.onFinished((run) => context.lro.nudge(run.id));
}
