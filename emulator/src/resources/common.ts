// Helpers shared by the resource modules: ARM ids, registry lookup, envelopes, merge-patch.
import { ArmError, resourceNotFound } from "../arm/armError.js";
import type { ArmRequest } from "../arm/armMessages.js";
import type { EmulatorServices } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { systemData } from "../state/systemData.js";

export const provider = "Microsoft.ContainerRegistry";
export const registryType = `${provider}/registries`;

export function registryId(params: Readonly<Record<string, string>>): string {
  return `/subscriptions/${params["subscriptionId"]}/resourceGroups/${params["resourceGroupName"]}/providers/${registryType}/${params["registryName"]}`;
}

export function childId(parentId: string, collection: string, name: string): string {
  return `${parentId}/${collection}/${name}`;
}

/** The registry of the path, or the 404 ARM gives (resource groups are implicit, registries are not). */
export function requireRegistry(request: ArmRequest, services: EmulatorServices): StoredResource {
  const registry = services.store.get(registryId(request.params));
  if (!registry)
    throw resourceNotFound(registryType, request.params["registryName"]!, request.params["resourceGroupName"]!);
  return registry;
}

export function requireChild(
  request: ArmRequest,
  services: EmulatorServices,
  collection: string,
  nameParameter: string,
): StoredResource {
  const registry = requireRegistry(request, services);
  const name = request.params[nameParameter]!;
  const resource = services.store.get(childId(registry.id, collection, name));
  if (!resource)
    throw resourceNotFound(
      `${registryType}/${collection}`,
      `${request.params["registryName"]}/${name}`,
      request.params["resourceGroupName"]!,
    );
  return resource;
}

/** Adds the read-only ARM envelope (id, name, type, systemData) to a resource body. */
export function envelope(
  id: string,
  type: string,
  body: Record<string, any>,
  existing?: Record<string, any>,
): Record<string, any> {
  const name = id.slice(id.lastIndexOf("/") + 1);
  return { id, name, type, ...body, systemData: systemData(existing?.["systemData"]) };
}

/** The location of the registry, for polling URLs and resources that inherit it. */
export function locationOf(resource: StoredResource | undefined): string {
  return (resource?.body["location"] as string | undefined) ?? "eastus";
}

/** A location as Azure names its region: "West US" is westus. */
export function regionOf(location: unknown): string {
  return String(location).replace(/\s+/g, "").toLowerCase();
}

/** The data endpoint of a registry in a region: `{registry}.{region}.data.azurecr.io`. */
export function dataEndpointHost(registry: StoredResource, location: unknown): string {
  return `${String(registry.body["name"]).toLowerCase()}.${regionOf(location)}.data.azurecr.io`;
}

/** JSON merge-patch (RFC 7396) restricted to what ARM PATCH bodies do: objects merge, the rest replaces. */
export function mergePatch(target: Record<string, any>, patch: Record<string, any>): Record<string, any> {
  const result: Record<string, any> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isObject(value) && isObject(result[key])) result[key] = mergePatch(result[key], value);
    else if (value !== undefined) result[key] = structuredClone(value);
  }
  return result;
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function assertNotBusy(services: EmulatorServices, resource: StoredResource): void {
  const pending = services.asyncOperations.pendingFor(resource.id);
  if (pending) {
    throw new ArmError(
      409,
      "AnotherOperationInProgress",
      `Another operation is in progress on '${resource.body["name"]}' (provisioningState '${resource.body["properties"]?.["provisioningState"]}'). Retry when it has finished.`,
    );
  }
}

export function setProvisioningState(resource: StoredResource, state: string): void {
  resource.body["properties"] = { ...(resource.body["properties"] ?? {}), provisioningState: state };
}
