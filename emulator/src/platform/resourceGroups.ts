// Resource groups (Microsoft.Resources): created, read (a tool reads a group's location to place a new
// registry in it), tagged, listed and deleted with everything in them. A group nobody created but that
// holds resources exists implicitly (the emulator has always let registries be created in any group),
// with the location of its first resource.
import { ArmError } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { EmulatorServices } from "../services.js";
import { mergePatch } from "../resources/common.js";
import type { StoredResource } from "../state/state.js";

const groupType = "Microsoft.Resources/resourceGroups";

export function groupId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

function notFound(name: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
}

/** The resources directly or indirectly inside a group (registries, their children, ...). */
function contents(services: EmulatorServices, id: string): StoredResource[] {
  return services.store.withIdPrefix(`${id}/`);
}

export function groupView(services: EmulatorServices, group: StoredResource): Record<string, unknown> {
  const deleting = services.asyncOperations.pendingFor(group.id) !== undefined;
  return { ...group.body, properties: { provisioningState: deleting ? "Deleting" : "Succeeded" } };
}

/** The stored group, or an implicit one for a group that holds resources; undefined when neither. */
function find(services: EmulatorServices, subscriptionId: string, name: string): StoredResource | undefined {
  const id = groupId(subscriptionId, name);
  const stored = services.store.get(id);
  if (stored) return stored;
  const first = contents(services, id)[0];
  if (!first) return undefined;
  const actualName = first.id.split("/")[4]!;
  const actualId = groupId(subscriptionId, actualName);
  return {
    id: actualId,
    seq: first.seq,
    body: { id: actualId, name: actualName, type: groupType, location: first.body["location"] ?? "eastus" },
  };
}

export function getGroup(services: EmulatorServices, subscriptionId: string, name: string): ArmReply {
  const group = find(services, subscriptionId, name);
  if (!group) throw notFound(name);
  return { status: 200, body: groupView(services, group) };
}

export function headGroup(services: EmulatorServices, subscriptionId: string, name: string): ArmReply {
  return { status: find(services, subscriptionId, name) ? 204 : 404 };
}

export function putGroup(
  services: EmulatorServices,
  subscriptionId: string,
  name: string,
  body: Record<string, any> | undefined,
): ArmReply {
  if (typeof body?.["location"] !== "string" || body["location"] === "") {
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  }
  const existing = services.store.get(groupId(subscriptionId, name));
  if (existing && services.asyncOperations.pendingFor(existing.id)) {
    throw new ArmError(
      409,
      "ResourceGroupBeingDeleted",
      `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
    );
  }
  const id = existing?.id ?? groupId(subscriptionId, name);
  const group = services.store.put(id, {
    id,
    name: id.split("/")[4],
    type: groupType,
    location: existing?.body["location"] ?? body["location"],
    ...(body["tags"] ? { tags: body["tags"] } : {}),
  });
  return { status: existing ? 200 : 201, body: groupView(services, group) };
}

export function patchGroup(
  services: EmulatorServices,
  subscriptionId: string,
  name: string,
  body: Record<string, any> | undefined,
): ArmReply {
  const group = find(services, subscriptionId, name);
  if (!group) throw notFound(name);
  const updated = services.store.put(
    group.id,
    mergePatch(group.body, { ...(body?.["tags"] !== undefined ? { tags: body["tags"] } : {}) }),
  );
  return { status: 200, body: groupView(services, updated) };
}

export function listGroups(services: EmulatorServices, subscriptionId: string): StoredResource[] {
  const names = new Set<string>();
  for (const resource of services.store.withIdPrefix(`/subscriptions/${subscriptionId}/resourcegroups/`))
    names.add(resource.id.split("/")[4]!.toLowerCase());
  return [...names].map((name) => find(services, subscriptionId, name)!).sort((a, b) => a.seq - b.seq);
}

/** DELETE: 202 with a Location; the group and everything in it are gone when the operation ends. */
export function deleteGroup(
  services: EmulatorServices,
  subscriptionId: string,
  name: string,
  apiVersion: string,
): ArmReply {
  const group = find(services, subscriptionId, name);
  if (!group) throw notFound(name);
  const stored = services.store.get(group.id) ?? services.store.put(group.id, group.body);
  const operation =
    services.asyncOperations.pendingFor(stored.id) ??
    services.asyncOperations.begin({
      subscriptionId,
      apiVersion,
      location: String(stored.body["location"]),
      resourceId: stored.id,
      completion: "delete",
    });
  return { status: 202, headers: services.asyncOperations.headers(operation, "location") };
}
