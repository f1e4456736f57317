// The registry resource's body: the sku, the properties Azure fills in that a request leaves out, the
// policies merged onto Azure's defaults, and what GET shows of it (its private endpoint connections and
// data endpoints, which follow from its children).
import { createHash, randomBytes } from "node:crypto";
import type { EmulatorServices } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { dataEndpointHost, isObject, mergePatch, regionOf, registryType } from "./common.js";

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

/**
 * The data endpoints of a registry that has them enabled: `{name}.{region}.data.azurecr.io` for each
 * region it is replicated to (its home region alone until it is geo-replicated), as Azure lists them.
 */
function dataEndpointHostNames(services: EmulatorServices, registry: StoredResource): string[] {
  if (registry.body["properties"]?.["dataEndpointEnabled"] !== true) return [];
  const regions = new Set([regionOf(registry.body["location"])]);
  for (const replication of services.store.children(registry.id, "replications"))
    regions.add(regionOf(replication.body["location"]));
  return [...regions].sort().map((region) => dataEndpointHost(registry, region));
}

/** What GET returns: the stored registry with what follows from its children. */
export function registryView(services: EmulatorServices, registry: StoredResource): Record<string, any> {
  // Embedded as their GET shows them: without systemData.
  const connections = services.store
    .children(registry.id, "privateEndpointConnections")
    .map(({ body: { systemData: _hidden, ...connection } }) => connection);
  return {
    ...registry.body,
    tags: registry.body["tags"] ?? {},
    properties: {
      ...registry.body["properties"],
      dataEndpointHostNames: dataEndpointHostNames(services, registry),
      privateEndpointConnections: connections,
    },
  };
}

/**
 * Network rules as Azure keeps them: both rule lists present (empty when none), every rule with its
 * action ("Allow", the only one).
 */
function withRuleActions(ruleSet: unknown): unknown {
  if (!isObject(ruleSet)) return ruleSet;
  const allow = (rules: unknown) =>
    Array.isArray(rules) ? rules.map((rule) => (isObject(rule) ? { action: "Allow", ...rule } : rule)) : rules;
  return {
    ...ruleSet,
    virtualNetworkRules: allow(ruleSet["virtualNetworkRules"] ?? []),
    ipRules: allow(ruleSet["ipRules"] ?? []),
  };
}

/**
 * Customer-managed key encryption as Azure reports it: the key version in use (the one named, or the
 * current one of a versionless key, which Azure then rotates automatically), and when the key last changed.
 */
function withKeyState(encryption: unknown, before: Record<string, any> | undefined): unknown {
  const vault = isObject(encryption) ? encryption["keyVaultProperties"] : undefined;
  if (!isObject(vault) || typeof vault["keyIdentifier"] !== "string") return encryption;
  const key = vault["keyIdentifier"] as string;
  const versioned = /\/keys\/[^/]+\/[^/]+\/?$/.test(key);
  const version = createHash("sha256").update(key).digest("hex").slice(0, 32);
  const previous = before?.["keyVaultProperties"] as Record<string, any> | undefined;
  const rotated = previous?.["keyIdentifier"] !== undefined && previous["keyIdentifier"] !== key;
  const { versionedKeyIdentifier: _derived, keyRotationEnabled: _derivedToo, ...requested } = vault;
  return {
    ...(encryption as Record<string, any>),
    keyVaultProperties: {
      ...requested,
      versionedKeyIdentifier: versioned ? key : `${key.replace(/\/$/, "")}/${version}`,
      keyRotationEnabled: !versioned,
      ...(rotated
        ? { lastKeyRotationTimestamp: new Date().toISOString() }
        : previous?.["lastKeyRotationTimestamp"]
          ? { lastKeyRotationTimestamp: previous["lastKeyRotationTimestamp"] }
          : {}),
    },
  };
}

/** The properties Azure derives from the requested ones, on create and on update. */
export function withDerivedProperties(
  properties: Record<string, any>,
  before: Record<string, any> | undefined,
): Record<string, any> {
  return {
    ...properties,
    ...(properties["networkRuleSet"] !== undefined
      ? { networkRuleSet: withRuleActions(properties["networkRuleSet"]) }
      : {}),
    ...(properties["encryption"] !== undefined
      ? { encryption: withKeyState(properties["encryption"], before?.["encryption"]) }
      : {}),
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
