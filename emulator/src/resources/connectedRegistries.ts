// Connected registries (on-premises replicas): created Active and Online, as if the on-premises
// instance had connected; ConnectedRegistries_Deactivate (an LRO) makes them Inactive and Offline.
import { resourceNotFound } from "../armError.js";
import type { OperationHandler } from "../context.js";
import { childId, locationOf, mergePatch, registryType, requireRegistry } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";

const now = () => new Date().toISOString();

export const connectedRegistries: CollectionSpec = {
  collection: "connectedRegistries",
  type: `${registryType}/connectedRegistries`,
  nameParameter: "connectedRegistryName",
  create: (body, registry, existing) => ({
    body: {
      properties: {
        version: "1.0.0",
        connectionState: "Online",
        lastActivityTime: now(),
        activation: { status: existing?.body["properties"]?.["activation"]?.["status"] ?? "Active" },
        logging: { logLevel: "Information", auditLogStatus: "Disabled" },
        loginServer: { host: `${String(registry.body["name"]).toLowerCase()}.local`, tls: { status: "Enabled", certificate: { type: "LocalDirectory", location: "/var/acr/certs" } } },
        statusDetails: [],
        clientTokenIds: [],
        ...body["properties"],
      },
    },
  }),
  update: (existing, patch) => {
    const { syncProperties, ...properties } = (patch["properties"] ?? {}) as Record<string, any>;
    const merged = mergePatch(existing.body, { properties });
    if (syncProperties) merged["properties"]["parent"] = mergePatch(merged["properties"]["parent"] ?? {}, { syncProperties });
    return { body: merged };
  },
};

export const connectedRegistryHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("ConnectedRegistries", connectedRegistries),
  ConnectedRegistries_Deactivate: (request, context) => {
    const registry = requireRegistry(request, context);
    const name = request.params["connectedRegistryName"]!;
    const connected = context.store.get(childId(registry.id, "connectedRegistries", name));
    if (!connected) throw resourceNotFound(`${registryType}/connectedRegistries`, `${registry.body["name"]}/${name}`, request.params["resourceGroupName"]!);
    connected.body["properties"]["activation"] = { status: "Inactive" };
    connected.body["properties"]["connectionState"] = "Offline";
    context.store.changed();
    const operation = context.lro.begin({ subscriptionId: request.params["subscriptionId"]!, apiVersion: request.op.apiVersion, location: locationOf(registry), completion: "result" });
    return { status: 202, headers: context.lro.headers(operation, "both") };
  },
};
