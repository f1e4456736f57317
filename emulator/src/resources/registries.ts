// Registries: the parent of everything else. Names are global (a DNS name), so creating a name that
// exists in another resource group or subscription conflicts, as on Azure. Which requests Azure answers
// long-running follows the recordings of live Azure: every PUT (201 + Azure-AsyncOperation, replacing
// too); a PATCH only when it changes the identity, the encryption or anonymous pull; a DELETE only once
// the registry is geo-replicated (202 + Location, with the registry Deleting).
import { conflict } from "../arm/armError.js";
import type { ArmReply, ArmRequest } from "../arm/armMessages.js";
import { page } from "../arm/paging.js";
import { longRunningWhenAsync, requireLongRunning } from "../longRunning/firstAnswer.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import {
  assertNotBusy,
  envelope,
  mergePatch,
  registryId,
  registryType,
  requireRegistry,
  setProvisioningState,
} from "./common.js";
import { ensureHomeReplication } from "./collections.js";
import { beginDelete, beginLongDelete, beginProvisioning } from "./crud.js";
import { withIdentityIds } from "./managedIdentity.js";
import { registryActionHandlers } from "./registryActions.js";
import {
  registryByName,
  newPassword,
  registryProperties,
  registrySku,
  registryView,
  withDerivedProperties,
  withRetentionStamp,
} from "./registryBody.js";

type Json = Record<string, any>;

const create: OperationHandler = (request, services) => {
  const name = request.params["registryName"]!;
  const id = registryId(request.params);
  const existing = services.store.get(id);
  const sameName = registryByName(services, name);
  if (sameName && sameName !== existing) {
    throw conflict(
      "AlreadyInUse",
      `The registry DNS name ${name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`,
    );
  }
  if (existing) assertNotBusy(services, existing);
  const answer = requireLongRunning(request);
  const body = request.body as Record<string, any>;
  const skuName = String(body["sku"]["name"]);
  const properties = withDerivedProperties(
    registryProperties(body["properties"], name, skuName, existing?.body["properties"]?.["policies"]),
    existing?.body["properties"],
  );
  if (existing) properties["creationDate"] = existing.body["properties"]?.["creationDate"];
  const stored = envelope(
    existing?.id ?? id,
    registryType,
    {
      location: body["location"],
      tags: body["tags"] ?? {},
      sku: registrySku(skuName),
      ...(body["identity"] ? { identity: withIdentityIds(body["identity"], existing?.body["identity"]) } : {}),
      properties,
    },
    existing?.body,
  );
  const resource = services.store.put(
    id,
    stored,
    existing?.internal ?? { passwords: [newPassword(), newPassword()], repositories: [] as string[] },
  );
  setProvisioningState(resource, existing ? "Updating" : "Creating");
  if (properties["zoneRedundancy"] === "Enabled") ensureHomeReplication(services, resource);
  const reply = beginProvisioning(request, services, resource, resource, answer);
  return { ...reply, body: registryView(services, resource) };
};

/** Which user-assigned and system-assigned identities a registry has, to compare two states. */
function identityKey(identity: Json | undefined): string {
  const kinds = String(identity?.["type"] ?? "None")
    .toLowerCase()
    .split(",")
    .map((kind) => kind.trim())
    .sort();
  const users = Object.keys(identity?.["userAssignedIdentities"] ?? {}).map((id) => id.toLowerCase());
  return JSON.stringify([kinds, users.sort()]);
}

/** What Azure applies asynchronously in a registry PATCH: its identity, its encryption, anonymous pull. */
function changesAsynchronously(before: Json, after: Json): boolean {
  const encryptionKey = (registry: Json) => {
    const encryption = registry["properties"]?.["encryption"] as Json | undefined;
    const vault = encryption?.["keyVaultProperties"] as Json | undefined;
    return JSON.stringify([encryption?.["status"], vault?.["keyIdentifier"], vault?.["identity"]]);
  };
  return (
    identityKey(before["identity"]) !== identityKey(after["identity"]) ||
    encryptionKey(before) !== encryptionKey(after) ||
    (before["properties"]?.["anonymousPullEnabled"] ?? false) !==
      (after["properties"]?.["anonymousPullEnabled"] ?? false)
  );
}

const update: OperationHandler = (request, services) => {
  const registry = requireRegistry(request, services);
  assertNotBusy(services, registry);
  const patch = request.body as Record<string, any>;
  const merged = mergePatch(registry.body, patch);
  merged["properties"] = withDerivedProperties(merged["properties"], registry.body["properties"]);
  if (patch["sku"]?.["name"]) merged["sku"] = registrySku(patch["sku"]["name"]);
  if (patch["identity"] !== undefined) {
    const identity = withIdentityIds(merged["identity"], registry.body["identity"]);
    if (identity) merged["identity"] = identity;
    else delete merged["identity"];
  }
  merged["properties"]["policies"] = withRetentionStamp(
    merged["properties"]["policies"] ?? {},
    registry.body["properties"]["policies"],
  );
  merged["tags"] ??= {};
  const answer = changesAsynchronously(registry.body, merged) ? longRunningWhenAsync(request) : undefined;
  const resource = services.store.put(registry.id, {
    ...merged,
    systemData: envelope(registry.id, registryType, {}, registry.body)["systemData"],
  });
  if (answer) {
    setProvisioningState(resource, "Updating");
    const reply = beginProvisioning(request, services, resource, resource, answer);
    return { ...reply, body: registryView(services, resource) };
  }
  // Any other registry PATCH Azure applies before answering: 200 with the registry Succeeded.
  setProvisioningState(resource, "Succeeded");
  services.store.changed();
  return { status: 200, body: registryView(services, resource) };
};

const remove: OperationHandler = (request, services) => {
  const registry = services.store.get(registryId(request.params));
  if (!registry) return { status: 204 };
  const answer = longRunningWhenAsync(request);
  if (!answer || services.store.children(registry.id, "replications").length === 0)
    return beginDelete(request, services, registry, registry);
  assertNotBusy(services, registry);
  return beginLongDelete(request, services, registry, registry, answer, {
    shown: () => registryView(services, registry),
  });
};

/** One page of the registries whose id starts with `scope` (a subscription or a resource group). */
function listRegistries(request: ArmRequest, services: EmulatorServices, scope: string): ArmReply {
  const registries = services.store.withIdPrefix(scope, (r) => r.body["type"] === registryType);
  return {
    status: 200,
    body: page(
      registries.map((r) => ({ seq: r.seq, value: registryView(services, r) })),
      request,
      services,
    ),
  };
}

export const registryHandlers: Record<string, OperationHandler> = {
  Registries_Create: create,
  Registries_Update: update,
  Registries_Get: (request, services) => {
    const registry = requireRegistry(request, services);
    return { status: 200, body: registryView(services, registry) };
  },
  Registries_Delete: remove,
  Registries_ListByResourceGroup: (request, services) =>
    listRegistries(
      request,
      services,
      `/subscriptions/${request.params["subscriptionId"]}/resourceGroups/${request.params["resourceGroupName"]}/`,
    ),
  Registries_List: (request, services) =>
    listRegistries(request, services, `/subscriptions/${request.params["subscriptionId"]}/`),
  ...registryActionHandlers,
};
