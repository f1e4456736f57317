// The registry resource's body: the sku, the properties Azure fills in that a request leaves out, the
// policies merged onto Azure's defaults, the replication of its home region, and what GET shows of it.
import { randomBytes } from "node:crypto";
import type { EmulatorServices } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { replications } from "./collections.js";
import { childId, envelope, isObject, mergePatch, registryType, setProvisioningState } from "./common.js";

const skuTiers: Record<string, string> = {
  Classic: "Classic",
  Basic: "Basic",
  Standard: "Standard",
  Premium: "Premium",
};

/** The sku of a registry: its tier follows its name, as Azure reports it. */
export function registrySku(name: string): { name: string; tier: string } {
  return { name, tier: skuTiers[name] ?? name };
}

/** An admin-user password: up to 32 letters and digits (random base64 without its symbols). */
export function newPassword(): string {
  return randomBytes(24).toString("base64").replace(/[+/=]/g, "").slice(0, 32);
}

/** The registry of that name in any group or subscription: a registry name is a global DNS name. */
export function registryByName(services: EmulatorServices, name: string): StoredResource | undefined {
  return services.store.all(
    (r) => r.body["type"] === registryType && String(r.body["name"]).toLowerCase() === name.toLowerCase(),
  )[0];
}

/** What GET returns: the stored registry plus its private endpoint connections, which live as children. */
export function registryView(services: EmulatorServices, registry: StoredResource): Record<string, any> {
  const connections = services.store.children(registry.id, "privateEndpointConnections").map((c) => c.body);
  return {
    ...registry.body,
    tags: registry.body["tags"] ?? {},
    properties: { ...registry.body["properties"], privateEndpointConnections: connections },
  };
}

/** The properties of a created registry: the requested ones over the defaults Azure fills in. */
export function registryProperties(
  requested: Record<string, any> | undefined,
  name: string,
  sku: string,
  previousPolicies?: Record<string, any>,
): Record<string, any> {
  const now = new Date().toISOString();
  const defaultPolicies = {
    quarantinePolicy: { status: "disabled" },
    trustPolicy: { type: "Notary", status: "disabled" },
    retentionPolicy: { days: 7, lastUpdatedTime: now, status: "disabled" },
    exportPolicy: { status: "enabled" },
  };
  return {
    loginServer: `${name.toLowerCase()}.azurecr.io`,
    creationDate: now,
    adminUserEnabled: false,
    encryption: { status: "disabled" },
    dataEndpointEnabled: false,
    dataEndpointHostNames: [],
    publicNetworkAccess: "Enabled",
    networkRuleBypassOptions: "AzureServices",
    zoneRedundancy: "Disabled",
    anonymousPullEnabled: false,
    ...(sku === "Premium" ? { networkRuleSet: { defaultAction: "Allow", virtualNetworkRules: [], ipRules: [] } } : {}),
    ...(requested ?? {}),
    // Requested policies are merged onto the defaults: Azure always returns all four.
    policies: withRetentionStamp(
      mergePatch(defaultPolicies, isObject(requested?.["policies"]) ? requested!["policies"] : {}),
      previousPolicies,
    ),
  };
}

/** retentionPolicy.lastUpdatedTime moves when the retention policy changes, as Azure reports it. */
export function withRetentionStamp(
  policies: Record<string, any>,
  before: Record<string, any> | undefined,
): Record<string, any> {
  const retention = policies["retentionPolicy"] as Record<string, any> | undefined;
  if (!retention) return policies;
  const previous = before?.["retentionPolicy"] as Record<string, any> | undefined;
  const changed = !previous || previous["days"] !== retention["days"] || previous["status"] !== retention["status"];
  const lastUpdatedTime = changed
    ? new Date().toISOString()
    : (previous["lastUpdatedTime"] ?? new Date().toISOString());
  return { ...policies, retentionPolicy: { ...retention, lastUpdatedTime } };
}

/** Every registry has the replication of its home region, created with it (Replications_Get answers 200). */
export function createHomeReplication(services: EmulatorServices, registry: StoredResource): void {
  const location = String(registry.body["location"]).replace(/\s+/g, "").toLowerCase();
  const id = childId(registry.id, "replications", location);
  if (services.store.get(id)) return;
  const stored = replications.create({ location: registry.body["location"] }, registry, undefined, services);
  const resource = services.store.put(id, envelope(id, replications.type, stored.body));
  setProvisioningState(resource, "Succeeded");
}
