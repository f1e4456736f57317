// GET /subscriptions, /subscriptions/{id} and /tenants: what a client lists right after signing in.
// The default subscription is always there; any subscription that holds resources is listed too, so a
// tool can switch to one a test created resources in.
import { ArmError } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { EmulatorServices } from "../services.js";
import { emulatorIdentity } from "../identity.js";

function subscriptionIds(services: EmulatorServices): string[] {
  const seen = new Map<string, string>([[emulatorIdentity.subscriptionId, emulatorIdentity.subscriptionId]]);
  for (const resource of services.store.all(() => true)) {
    const id = resource.id.split("/")[2];
    if (id && !seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  }
  return [...seen.values()];
}

function subscription(id: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${id}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: id,
    tenantId: emulatorIdentity.tenantId,
    displayName:
      id === emulatorIdentity.subscriptionId
        ? emulatorIdentity.subscriptionName
        : `${emulatorIdentity.subscriptionName} (${id})`,
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

export function listSubscriptions(services: EmulatorServices): ArmReply {
  const ids = subscriptionIds(services);
  return { status: 200, body: { value: ids.map(subscription), count: { type: "Total", value: ids.length } } };
}

export function getSubscription(services: EmulatorServices, id: string): ArmReply {
  const found = subscriptionIds(services).find((known) => known.toLowerCase() === id.toLowerCase());
  if (!found) throw new ArmError(404, "SubscriptionNotFound", `The subscription '${id}' could not be found.`);
  return { status: 200, body: subscription(found) };
}

export function listTenants(): ArmReply {
  const tenant = {
    id: `/tenants/${emulatorIdentity.tenantId}`,
    tenantId: emulatorIdentity.tenantId,
    tenantCategory: "Home",
    countryCode: "US",
    displayName: emulatorIdentity.subscriptionName,
    domains: [emulatorIdentity.tenantDomain],
    defaultDomain: emulatorIdentity.tenantDomain,
    tenantType: "AAD",
  };
  return { status: 200, body: { value: [tenant] } };
}
