// Managed identities as Azure returns them: a system-assigned identity gets a principalId (kept while it
// stays assigned) and the tenantId; each user-assigned identity gets the principalId and clientId of that
// identity resource (derived from its id, so every resource using it reports the same ones).
import { randomUUID } from "node:crypto";
import { emulatorIdentity, guidFor } from "../identity.js";
import { isObject } from "./common.js";

type Json = Record<string, any>;

/**
 * The identity to store, given the one requested (already merge-patched onto the previous one) and the
 * previous one; none for type "None" (Azure then shows no identity at all).
 */
export function withIdentityIds(requested: Json | undefined, previous?: Json): Json | undefined {
  if (!isObject(requested)) return requested;
  const type = String(requested["type"] ?? "None");
  if (type.toLowerCase() === "none") return undefined;
  const kinds = type
    .toLowerCase()
    .split(",")
    .map((kind) => kind.trim());
  const identity: Json = { ...requested, type };
  if (kinds.includes("systemassigned")) {
    identity["principalId"] = previous?.["principalId"] ?? requested["principalId"] ?? randomUUID();
    identity["tenantId"] = emulatorIdentity.tenantId;
  } else {
    delete identity["principalId"];
    delete identity["tenantId"];
  }
  const users = requested["userAssignedIdentities"];
  if (kinds.includes("userassigned") && isObject(users)) {
    identity["userAssignedIdentities"] = Object.fromEntries(
      Object.entries(users)
        .filter(([, value]) => value !== null)
        .map(([id]) => [id, { principalId: guidFor(`${id}#principal`), clientId: guidFor(`${id}#client`) }]),
    );
  } else {
    delete identity["userAssignedIdentities"];
  }
  return identity;
}
