// Agent pools: dedicated agents for runs. `count` agents run at once; the rest wait Queued, which is
// what AgentPools_GetQueueStatus counts. A pool with queued or running runs cannot be deleted (409).
import { conflict } from "../arm/armError.js";
import type { OperationHandler } from "../services.js";
import { mergePatch, registryType, requireChild, requireRegistry } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";

export const agentPools: CollectionSpec = {
  collection: "agentPools",
  type: `${registryType}/agentPools`,
  nameParameter: "agentPoolName",
  // Its agents take a while to go. The Azure CLI counts on it: right after the DELETE it reads the pool
  // (a 404 then fails the command) and expects it Deleting.
  deleteRealisticMs: 30_000,
  // The DELETE's 202 shows the pool Deleting, and its Location `{status: "Succeeded"}` once it is gone.
  deletionShowsResource: true,
  create: (body) => ({
    body: {
      location: body["location"],
      ...(body["tags"] ? { tags: body["tags"] } : {}),
      properties: { count: 1, tier: "S1", os: "Linux", ...body["properties"] },
    },
  }),
  update: (existing, patch, registry, services) => {
    const body = mergePatch(existing.body, patch);
    // More agents: runs waiting for one can start now.
    queueMicrotask(() => services.runs.dispatch(registry.id, String(existing.body["name"])));
    return { body };
  },
  beforeDelete: (resource, registry, services) => {
    const name = String(resource.body["name"]);
    const busy = services.runs.queuedOnPool(registry.id, name) + services.runs.activeOnPool(registry.id, name);
    if (busy > 0)
      throw conflict(
        "AgentPoolInUse",
        `The agent pool '${name}' has ${busy} queued or running runs; cancel them or wait for them to finish before deleting it.`,
      );
  },
};

export const agentPoolHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("AgentPools", agentPools),
  AgentPools_GetQueueStatus: (request, services) => {
    const registry = requireRegistry(request, services);
    const pool = requireChild(request, services, "agentPools", "agentPoolName");
    return { status: 200, body: { count: services.runs.queuedOnPool(registry.id, String(pool.body["name"])) } };
  },
};
