// The registry children that are plain ARM resources with nothing more to them than the read-only
// properties Azure computes: replications, private endpoint connections, import and export pipelines.
import { randomUUID } from "node:crypto";
import type { EmulatorServices, OperationHandler } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { childId, envelope, locationOf, regionOf, registryType, setProvisioningState } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";

const now = () => new Date().toISOString();

function replicationBody(body: Record<string, any>): Record<string, any> {
  return {
    location: body["location"],
    tags: body["tags"] ?? {},
    properties: {
      status: { displayStatus: "Ready", timestamp: now() },
      regionEndpointEnabled: true,
      zoneRedundancy: "Disabled",
      ...body["properties"],
    },
  };
}

/**
 * A registry has no replication until it is geo-replicated: with its first replication elsewhere, Azure
 * adds the replication of its home region too (the recordings list none, then both). A zone-redundant
 * registry has its home replication from the start, zone-redundant as the registry is.
 */
export function ensureHomeReplication(services: EmulatorServices, registry: StoredResource): void {
  const home = regionOf(registry.body["location"]);
  const id = childId(registry.id, "replications", home);
  if (services.store.get(id)) return;
  const zoneRedundancy = registry.body["properties"]?.["zoneRedundancy"] ?? "Disabled";
  const body = replicationBody({ location: registry.body["location"], properties: { zoneRedundancy } });
  const resource = services.store.put(id, envelope(id, `${registryType}/replications`, body));
  setProvisioningState(resource, "Succeeded");
}

export const replications: CollectionSpec = {
  collection: "replications",
  type: `${registryType}/replications`,
  nameParameter: "replicationName",
  create: (body, registry, _existing, services) => {
    if (regionOf(body["location"]) !== regionOf(registry.body["location"])) ensureHomeReplication(services, registry);
    return { body: replicationBody(body) };
  },
  // A replication being created has no displayStatus yet (Azure shows its status timestamp alone).
  view: (resource) => {
    const properties = resource.body["properties"] ?? {};
    if (properties["provisioningState"] !== "Creating") return resource.body;
    const { displayStatus: _notYet, ...status } = properties["status"] ?? {};
    return { ...resource.body, properties: { ...properties, status } };
  },
};

/** Private endpoint connections as Azure shows them: GET and list carry no systemData. */
function withoutSystemData(resource: StoredResource): Record<string, any> {
  const { systemData: _hidden, ...shown } = resource.body;
  return shown;
}

export const privateEndpointConnections: CollectionSpec = {
  collection: "privateEndpointConnections",
  type: `${registryType}/privateEndpointConnections`,
  nameParameter: "privateEndpointConnectionName",
  create: (body) => ({
    body: {
      properties: {
        privateLinkServiceConnectionState: {
          status: "Approved",
          description: "Auto-approved by the emulator",
          actionsRequired: "None",
        },
        ...body["properties"],
      },
    },
  }),
  view: withoutSystemData,
};

export const exportPipelines: CollectionSpec = {
  collection: "exportPipelines",
  type: `${registryType}/exportPipelines`,
  nameParameter: "exportPipelineName",
  create: (body, registry) => ({
    body: {
      location: body["location"] ?? locationOf(registry),
      identity: body["identity"] ?? { type: "SystemAssigned", principalId: randomUUID(), tenantId: randomUUID() },
      properties: { options: [], ...body["properties"] },
    },
  }),
};

export const importPipelines: CollectionSpec = {
  collection: "importPipelines",
  type: `${registryType}/importPipelines`,
  nameParameter: "importPipelineName",
  create: (body, registry) => ({
    body: {
      location: body["location"] ?? locationOf(registry),
      identity: body["identity"] ?? { type: "SystemAssigned", principalId: randomUUID(), tenantId: randomUUID() },
      properties: { trigger: { sourceTrigger: { status: "Enabled" } }, options: [], ...body["properties"] },
    },
  }),
};

export const collectionHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("Replications", replications),
  ...crudHandlers("PrivateEndpointConnections", privateEndpointConnections),
  ...crudHandlers("ExportPipelines", exportPipelines),
  ...crudHandlers("ImportPipelines", importPipelines),
};
