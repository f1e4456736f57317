// Connected registries (on-premises replicas), as the recordings of live Azure show them: created Offline
// and Inactive (until an on-premises instance connects, which none does here), with an empty TLS
// certificate for their login server; ConnectedRegistries_Deactivate (an LRO) keeps them so. What only a
// running instance reports (version, lastActivityTime, the login server's host, statusDetails) is absent.
// The sync properties of one syncing with the registry itself carry the gatewayEndpoint Azure computes
// from the registry; one syncing with another connected registry (parent.id) has none.
import { resourceNotFound } from "../arm/armError.js";
import type { OperationHandler } from "../services.js";
import type { StoredResource } from "../state/state.js";
import {
  childId,
  dataEndpointHost,
  isObject,
  locationOf,
  mergePatch,
  registryType,
  requireRegistry,
} from "./common.js";
import { answerAction, crudHandlers, type CollectionSpec } from "./crud.js";

type Json = Record<string, any>;

const modes = ["ReadWrite", "ReadOnly", "Registry", "Mirror"];

/** The data endpoint the connected registry syncs through: `{registry}.{region}.data.azurecr.io`. */
function withGatewayEndpoint(properties: Json, registry: StoredResource): Json {
  const sync = properties["parent"]?.["syncProperties"];
  if (!isObject(sync) || properties["parent"]?.["id"]) return properties;
  const gatewayEndpoint = dataEndpointHost(registry, locationOf(registry));
  return { ...properties, parent: { ...properties["parent"], syncProperties: { ...sync, gatewayEndpoint } } };
}

export const connectedRegistries: CollectionSpec = {
  collection: "connectedRegistries",
  type: `${registryType}/connectedRegistries`,
  nameParameter: "connectedRegistryName",
  create: (body, registry) => ({
    body: {
      properties: withGatewayEndpoint(
        {
          connectionState: "Offline",
          activation: { status: "Inactive" },
          logging: { logLevel: "Information", auditLogStatus: "Disabled" },
          loginServer: { tls: { certificate: {} } },
          ...body["properties"],
          // ARM enums are case-insensitive; Azure answers them in their canonical casing.
          ...(typeof body["properties"]?.["mode"] === "string"
            ? {
                mode:
                  modes.find((mode) => mode.toLowerCase() === body["properties"]["mode"].toLowerCase()) ??
                  body["properties"]["mode"],
              }
            : {}),
        },
        registry,
      ),
    },
  }),
  update: (existing, patch, registry) => {
    const { syncProperties, ...properties } = (patch["properties"] ?? {}) as Json;
    const merged = mergePatch(existing.body, { properties });
    if (syncProperties) {
      merged["properties"]["parent"] = mergePatch(merged["properties"]["parent"] ?? {}, { syncProperties });
      // A sync window belongs to its schedule: a new schedule without one has none (as Azure answers).
      if (syncProperties["schedule"] !== undefined && syncProperties["syncWindow"] === undefined)
        delete merged["properties"]["parent"]["syncProperties"]["syncWindow"];
    }
    merged["properties"] = withGatewayEndpoint(merged["properties"], registry);
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
    return answerAction(request, services, registry);
  },
};
