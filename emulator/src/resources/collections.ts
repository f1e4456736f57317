// The registry children that are plain ARM resources with nothing more to them than the read-only
// properties Azure computes: replications, private endpoint connections, import and export pipelines.
import { randomUUID } from "node:crypto";
import type { OperationHandler } from "../services.js";
import { locationOf, registryType } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";

const now = () => new Date().toISOString();

export const replications: CollectionSpec = {
  collection: "replications",
  type: `${registryType}/replications`,
  nameParameter: "replicationName",
  create: (body) => ({
    body: {
      location: body["location"],
      ...(body["tags"] ? { tags: body["tags"] } : {}),
      properties: {
        status: { displayStatus: "Ready", timestamp: now() },
        regionEndpointEnabled: true,
        zoneRedundancy: "Disabled",
        ...body["properties"],
      },
    },
  }),
};

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
