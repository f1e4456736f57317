// Runs and the operations that create them from a registry: scheduleRun, the source upload URL, the
// run log link. Runs are listed newest first, as ACR lists them.
import { randomUUID } from "node:crypto";
import { resourceNotFound } from "../arm/armError.js";
import type { ArmRequest } from "../arm/armMessages.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import { longRunningAnswer } from "../longRunning/firstAnswer.js";
import { page } from "../arm/paging.js";
import { matchesRunFilter, parseRunFilter } from "./runFilter.js";
import { signBlobSas } from "../blob/sas.js";
import type { StoredResource } from "../state/state.js";
import { systemData } from "../state/systemData.js";
import { childId, registryType, requireRegistry } from "./common.js";
import { beginOperation } from "./crud.js";
import { newRunFromRequest } from "./runRequests.js";
import { terminalStatuses } from "../runEngine/runEngine.js";

const sasLifetimeMs = 60 * 60 * 1000;

/**
 * ScheduleRun's answer, as ACR gives it: the queued run's id, status and flags, not yet its type, task,
 * platform or agent (a GET of the run shows them).
 */
function queuedRunAnswer(run: StoredResource): Record<string, any> {
  const { runId, status, lastUpdatedTime, provisioningState, isArchiveEnabled } = run.body["properties"];
  const { id, name, type, systemData } = run.body;
  return {
    type,
    properties: { runId, status, lastUpdatedTime, provisioningState, isArchiveEnabled },
    id,
    name,
    systemData,
  };
}

function requireRun(
  request: ArmRequest,
  services: EmulatorServices,
): { registry: StoredResource; run: StoredResource } {
  const registry = requireRegistry(request, services);
  const runId = request.params["runId"]!;
  const run = services.store.get(childId(registry.id, "runs", runId));
  if (!run)
    throw resourceNotFound(
      `${registryType}/runs`,
      `${registry.body["name"]}/${runId}`,
      request.params["resourceGroupName"]!,
    );
  return { registry, run };
}

export function blobUrl(services: EmulatorServices, blobPath: string, permissions: string): string {
  const sas = signBlobSas(services.store.state.keys.sas, blobPath, permissions, new Date(Date.now() + sasLifetimeMs));
  return services.blobs.url(blobPath, sas);
}

export const runHandlers: Record<string, OperationHandler> = {
  Registries_ScheduleRun: (request, services) => {
    const registry = requireRegistry(request, services);
    const run = services.runs.create(registry, newRunFromRequest(request.body, registry, services));
    // ACR answers ScheduleRun at once with the queued run; the run itself is what one then polls.
    return { status: 200, body: queuedRunAnswer(run) };
  },
  Registries_GetBuildSourceUploadUrl: (request, services) => {
    requireRegistry(request, services);
    const relativePath = `source/${randomUUID().replace(/-/g, "")}/context.tar.gz`;
    return { status: 200, body: { uploadUrl: blobUrl(services, relativePath, "cw"), relativePath } };
  },
  Runs_Get: (request, services) => ({ status: 200, body: requireRun(request, services).run.body }),
  Runs_List: (request, services) => {
    const registry = requireRegistry(request, services);
    const filterText = request.query.get("$filter");
    const filter = filterText ? parseRunFilter(filterText) : undefined;
    const runs = services.store
      .children(registry.id, "runs")
      .filter((run) => !filter || matchesRunFilter(filter, run.body["properties"]))
      .reverse();
    return {
      status: 200,
      body: page(
        runs.map((run) => ({ seq: run.seq, value: run.body })),
        request,
        services,
        "descending",
      ),
    };
  },
  Runs_Update: (request, services) => {
    const { run } = requireRun(request, services);
    if (request.body["isArchiveEnabled"] !== undefined)
      run.body["properties"]["isArchiveEnabled"] = request.body["isArchiveEnabled"];
    // An updated run reports who updated it as both its creator and its last modifier, as ACR does.
    run.body["systemData"] = systemData();
    run.body["properties"]["lastUpdatedTime"] = new Date().toISOString();
    services.store.changed();
    return { status: 200, body: run.body };
  },
  Runs_Cancel: (request, services) => {
    const { registry, run } = requireRun(request, services);
    // Canceling a run that already ended is accepted and changes nothing, so a cancel racing the end of a run is harmless.
    services.runs.cancel(run);
    const answer = longRunningAnswer(request);
    // Answered at once where the feed says so (2025-03-01-preview): the run is Canceled when the 200 goes out.
    if (!answer) return { status: 200 };
    return beginOperation(request, services, registry, answer, {
      resourceId: run.id,
      completion: "runEnded",
      realisticMs: 500,
    });
  },
  Runs_GetLogSasUrl: (request, services) => {
    const { run } = requireRun(request, services);
    const job = services.runs.job(run);
    return { status: 200, body: { logLink: blobUrl(services, job.logPath, "r") } };
  },
};

export function registerRunCompletions(services: EmulatorServices): void {
  services.asyncOperations.register("runEnded", (operation) => {
    const run = operation.resourceId ? services.store.get(operation.resourceId) : undefined;
    return !run || terminalStatuses.has(run.body["properties"]["status"]) ? { done: true } : { done: false };
  });
  services.runs.onFinished((run) => services.asyncOperations.nudge(run.id));
}
