// User-assigned managed identities (Microsoft.ManagedIdentity): what `az acr create --identity` and
// `az acr encryption rotate-key` read (the identity's clientId goes into the registry's encryption), and
// what `az identity create` makes for them to read. Their principalId and clientId are the ones a
// registry or task using the identity reports (derived from the id, see resources/managedIdentity.ts).
import { ArmError, resourceNotFound } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import { page } from "../arm/paging.js";
import { emulatorIdentity, guidFor } from "../identity.js";
import { readJson, type PlatformCall } from "./platformCall.js";

const type = "Microsoft.ManagedIdentity/userAssignedIdentities";

const idOf = (subscriptionId: string, group: string, name?: string) =>
  `/subscriptions/${subscriptionId}/resourcegroups/${group}/providers/${type}${name === undefined ? "" : `/${name}`}`;

export function putIdentity(call: PlatformCall, [subscriptionId, group, name]: string[]): ArmReply {
  const body = readJson(call) ?? {};
  if (typeof body["location"] !== "string" || body["location"] === "")
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  const id = idOf(subscriptionId!, group!, name!);
  const existing = call.services.store.get(id);
  const principalId = guidFor(`${id}#principal`);
  const clientId = guidFor(`${id}#client`);
  const identity = call.services.store.put(id, {
    id,
    name,
    type,
    location: existing?.body["location"] ?? body["location"],
    tags: body["tags"] ?? {},
    properties: {
      tenantId: emulatorIdentity.tenantId,
      principalId,
      clientId,
      clientSecretUrl: `https://control-${String(body["location"]).toLowerCase()}.identity.azure.net${id}/credentials?tid=${emulatorIdentity.tenantId}&oid=${principalId}&aid=${clientId}`,
    },
  });
  return { status: existing ? 200 : 201, body: identity.body };
}

export function getIdentity(call: PlatformCall, [subscriptionId, group, name]: string[]): ArmReply {
  const identity = call.services.store.get(idOf(subscriptionId!, group!, name!));
  if (!identity) throw resourceNotFound(type, name!, group!);
  return { status: 200, body: identity.body };
}

export function deleteIdentity(call: PlatformCall, [subscriptionId, group, name]: string[]): ArmReply {
  const id = idOf(subscriptionId!, group!, name!);
  if (!call.services.store.get(id)) return { status: 204 };
  call.services.store.removeTree(id);
  return { status: 200 };
}

export function listIdentities(call: PlatformCall, [subscriptionId, group]: string[]): ArmReply {
  const identities = call.services.store.withIdPrefix(`${idOf(subscriptionId!, group!)}/`);
  return {
    status: 200,
    body: page(
      identities.map((identity) => ({ seq: identity.seq, value: identity.body })),
      call,
      call.services,
    ),
  };
}
