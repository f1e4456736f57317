// Resource groups (Microsoft.Resources): created, read (a tool reads a group's location to place a new
// registry in it), tagged, listed and deleted with everything in them. A group nobody created but that
// holds resources exists implicitly (the emulator has always let registries be created in any group),
// with the location of its first resource.
import { ArmError } from "../armError.js";
import type { ArmReply, EmulatorContext } from "../context.js";
import { mergePatch } from "../resources/common.js";
import type { StoredResource } from "../state.js";

const groupType = "Microsoft.Resources/resourceGroups";

export function groupId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

function notFound(name: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
}

/** The resources directly or indirectly inside a group (registries, their children, ...). */
function contents(context: EmulatorContext, id: string): StoredResource[] {
  const prefix = `${id.toLowerCase()}/`;
  return context.store.all((resource) => resource.id.toLowerCase().startsWith(prefix));
}

export function groupView(context: EmulatorContext, group: StoredResource): Record<string, unknown> {
  const deleting = context.lro.pendingFor(group.id) !== undefined;
  return { ...group.body, properties: { provisioningState: deleting ? "Deleting" : "Succeeded" } };
}

/** The stored group, or an implicit one for a group that holds resources; undefined when neither. */
function find(context: EmulatorContext, subscriptionId: string, name: string): StoredResource | undefined {
  const id = groupId(subscriptionId, name);
  const stored = context.store.get(id);
  if (stored) return stored;
  const first = contents(context, id)[0];
  if (!first) return undefined;
  const actualName = first.id.split("/")[4]!;
  const actualId = groupId(subscriptionId, actualName);
  return {
    id: actualId,
    seq: first.seq,
    body: { id: actualId, name: actualName, type: groupType, location: first.body["location"] ?? "eastus" },
  };
}

export function getGroup(context: EmulatorContext, subscriptionId: string, name: string): ArmReply {
  const group = find(context, subscriptionId, name);
  if (!group) throw notFound(name);
  return { status: 200, body: groupView(context, group) };
}

export function headGroup(context: EmulatorContext, subscriptionId: string, name: string): ArmReply {
  return { status: find(context, subscriptionId, name) ? 204 : 404 };
}

export function putGroup(
  context: EmulatorContext,
  subscriptionId: string,
  name: string,
  body: Record<string, any> | undefined,
): ArmReply {
  if (typeof body?.["location"] !== "string" || body["location"] === "") {
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  }
  const existing = context.store.get(groupId(subscriptionId, name));
  if (existing && context.lro.pendingFor(existing.id)) {
    throw new ArmError(
      409,
      "ResourceGroupBeingDeleted",
      `The resource group '${name}' is in deprovisioning state and cannot perform this operation.`,
    );
  }
  const id = existing?.id ?? groupId(subscriptionId, name);
  const group = context.store.put(id, {
    id,
    name: id.split("/")[4],
    type: groupType,
    location: existing?.body["location"] ?? body["location"],
    ...(body["tags"] ? { tags: body["tags"] } : {}),
  });
  return { status: existing ? 200 : 201, body: groupView(context, group) };
}

export function patchGroup(
  context: EmulatorContext,
  subscriptionId: string,
  name: string,
  body: Record<string, any> | undefined,
): ArmReply {
  const group = find(context, subscriptionId, name);
  if (!group) throw notFound(name);
  const updated = context.store.put(
    group.id,
    mergePatch(group.body, { ...(body?.["tags"] !== undefined ? { tags: body["tags"] } : {}) }),
  );
  return { status: 200, body: groupView(context, updated) };
}

export function listGroups(context: EmulatorContext, subscriptionId: string): StoredResource[] {
  const prefix = `/subscriptions/${subscriptionId}/resourcegroups/`;
  const names = new Set<string>();
  for (const resource of context.store.all((r) => r.id.toLowerCase().startsWith(prefix)))
    names.add(resource.id.split("/")[4]!.toLowerCase());
  return [...names].map((name) => find(context, subscriptionId, name)!).sort((a, b) => a.seq - b.seq);
}

/** DELETE: 202 with a Location; the group and everything in it are gone when the operation ends. */
export function deleteGroup(
  context: EmulatorContext,
  subscriptionId: string,
  name: string,
  apiVersion: string,
): ArmReply {
  const group = find(context, subscriptionId, name);
  if (!group) throw notFound(name);
  const stored = context.store.get(group.id) ?? context.store.put(group.id, group.body);
  const operation =
    context.lro.pendingFor(stored.id) ??
    context.lro.begin({
      subscriptionId,
      apiVersion,
      location: String(stored.body["location"]),
      resourceId: stored.id,
      completion: "delete",
    });
  return { status: 202, headers: context.lro.headers(operation, "location") };
}
