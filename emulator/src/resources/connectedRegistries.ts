// Connected registries (on-premises replicas): created Active and Online; ConnectedRegistries_Deactivate
// (an LRO) makes them Inactive and Offline. What only a running on-premises instance reports (version,
// lastActivityTime, loginServer, statusDetails) is absent, as Azure answers it; the parent's sync
// properties carry the gatewayEndpoint Azure computes from the parent registry.
import { resourceNotFound } from "../arm/armError.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import { longRunningAnswer } from "../longRunning/firstAnswer.js";
import type { StoredResource } from "../state/state.js";
import { childId, isObject, locationOf, mergePatch, registryType, requireRegistry } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";

type Json = Record<string, any>;

/** The data endpoint the connected registry syncs through: `{registry}.{region}.data.azurecr.io`. */
function withGatewayEndpoint(properties: Json, registry: StoredResource): Json {
  const sync = properties["parent"]?.["syncProperties"];
  if (!isObject(sync)) return properties;
  const region = locationOf(registry).replace(/\s+/g, "").toLowerCase();
  const gatewayEndpoint = `${String(registry.body["name"]).toLowerCase()}.${region}.data.azurecr.io`;
  return { ...properties, parent: { ...properties["parent"], syncProperties: { ...sync, gatewayEndpoint } } };
}

function registryOf(services: EmulatorServices, connected: StoredResource): StoredResource | undefined {
  return services.store.get(connected.id.slice(0, connected.id.toLowerCase().lastIndexOf("/connectedregistries/")));
}

export const connectedRegistries: CollectionSpec = {
  collection: "connectedRegistries",
  type: `${registryType}/connectedRegistries`,
  nameParameter: "connectedRegistryName",
  create: (body, registry, existing) => ({
    body: {
      properties: withGatewayEndpoint(
        {
          connectionState: "Online",
          activation: { status: existing?.body["properties"]?.["activation"]?.["status"] ?? "Active" },
          logging: { logLevel: "Information", auditLogStatus: "Disabled" },
          clientTokenIds: [],
          ...body["properties"],
        },
        registry,
      ),
    },
  }),
  update: (existing, patch, services) => {
    const { syncProperties, ...properties } = (patch["properties"] ?? {}) as Json;
    const merged = mergePatch(existing.body, { properties });
    if (syncProperties)
      merged["properties"]["parent"] = mergePatch(merged["properties"]["parent"] ?? {}, { syncProperties });
    const registry = registryOf(services, existing);
    if (registry) merged["properties"] = withGatewayEndpoint(merged["properties"], registry);
    return { body: merged };
  },
};

export const connectedRegistryHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("ConnectedRegistries", connectedRegistries),
  ConnectedRegistries_Deactivate: (request, services) => {
    const registry = requireRegistry(request, services);
    const name = request.params["connectedRegistryName"]!;
    const connected = services.store.get(childId(registry.id, "connectedRegistries", name));
    if (!connected)
      throw resourceNotFound(
        `${registryType}/connectedRegistries`,
        `${registry.body["name"]}/${name}`,
        request.params["resourceGroupName"]!,
      );
    connected.body["properties"]["activation"] = { status: "Inactive" };
    connected.body["properties"]["connectionState"] = "Offline";
    services.store.changed();
    const answer = longRunningAnswer(request);
    if (!answer) return { status: 200 };
    const operation = services.asyncOperations.begin({
      subscriptionId: request.params["subscriptionId"]!,
      apiVersion: request.apiVersion,
      location: locationOf(registry),
      completion: "result",
    });
    return services.asyncOperations.accepted(operation, answer);
  },
};
