// Registries: the parent of everything else. Names are global (a DNS name), so creating a name that
// exists in another resource group or subscription conflicts, as on Azure.
import { randomBytes } from "node:crypto";
import { ArmError, badRequest, conflict } from "../armError.js";
import type { ArmRequest, EmulatorContext, OperationHandler } from "../context.js";
import { longRunningAnswer, requireLongRunning } from "../longRunning.js";
import { page } from "../paging.js";
import type { StoredResource } from "../state.js";
import { replications } from "./collections.js";
import { beginDelete, beginProvisioning } from "./crud.js";
import {
  assertNotBusy,
  childId,
  envelope,
  isObject,
  mergePatch,
  registryId,
  registryType,
  requireRegistry,
  setProvisioningState,
} from "./common.js";
import { withIdentityIds } from "./managedIdentity.js";

const skuTiers: Record<string, string> = {
  Classic: "Classic",
  Basic: "Basic",
  Standard: "Standard",
  Premium: "Premium",
};

function newPassword(): string {
  return randomBytes(24).toString("base64").replace(/[+/=]/g, "").slice(0, 32);
}

function byName(context: EmulatorContext, name: string): StoredResource | undefined {
  return context.store.all(
    (r) => r.body["type"] === registryType && String(r.body["name"]).toLowerCase() === name.toLowerCase(),
  )[0];
}

/** What GET returns: the stored registry plus its private endpoint connections, which live as children. */
function registryView(context: EmulatorContext, registry: StoredResource): Record<string, any> {
  const connections = context.store.children(registry.id, "privateEndpointConnections").map((c) => c.body);
  return {
    ...registry.body,
    tags: registry.body["tags"] ?? {},
    properties: { ...registry.body["properties"], privateEndpointConnections: connections },
  };
}

function registryProperties(
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
function withRetentionStamp(
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
function createHomeReplication(context: EmulatorContext, registry: StoredResource): void {
  const location = String(registry.body["location"]).replace(/\s+/g, "").toLowerCase();
  const id = childId(registry.id, "replications", location);
  if (context.store.get(id)) return;
  const stored = replications.create({ location: registry.body["location"] }, registry, undefined, context);
  const resource = context.store.put(id, envelope(id, replications.type, stored.body));
  setProvisioningState(resource, "Succeeded");
}

const create: OperationHandler = (request, context) => {
  const name = request.params["registryName"]!;
  const id = registryId(request.params);
  const existing = context.store.get(id);
  const sameName = byName(context, name);
  if (sameName && sameName !== existing) {
    throw conflict(
      "AlreadyInUse",
      `The registry DNS name ${name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`,
    );
  }
  if (existing) assertNotBusy(context, existing);
  const answer = requireLongRunning(request, existing !== undefined);
  const body = request.body as Record<string, any>;
  const skuName = String(body["sku"]["name"]);
  const properties = registryProperties(body["properties"], name, skuName, existing?.body["properties"]?.["policies"]);
  if (existing) properties["creationDate"] = existing.body["properties"]?.["creationDate"];
  const stored = envelope(
    existing?.id ?? id,
    registryType,
    {
      location: body["location"],
      tags: body["tags"] ?? {},
      sku: { name: skuName, tier: skuTiers[skuName] ?? skuName },
      ...(body["identity"] ? { identity: withIdentityIds(body["identity"], existing?.body["identity"]) } : {}),
      properties,
    },
    existing?.body,
  );
  const resource = context.store.put(
    id,
    stored,
    existing?.internal ?? { passwords: [newPassword(), newPassword()], repositories: [] as string[] },
  );
  setProvisioningState(resource, existing ? "Updating" : "Creating");
  createHomeReplication(context, resource);
  const reply = beginProvisioning(request, context, resource, resource, answer);
  return { ...reply, body: registryView(context, resource) };
};

const update: OperationHandler = (request, context) => {
  const registry = requireRegistry(request, context);
  assertNotBusy(context, registry);
  const patch = request.body as Record<string, any>;
  const merged = mergePatch(registry.body, patch);
  if (patch["sku"]?.["name"])
    merged["sku"] = { name: patch["sku"]["name"], tier: skuTiers[patch["sku"]["name"]] ?? patch["sku"]["name"] };
  if (patch["identity"] !== undefined)
    merged["identity"] = withIdentityIds(merged["identity"], registry.body["identity"]);
  merged["properties"]["policies"] = withRetentionStamp(
    merged["properties"]["policies"] ?? {},
    registry.body["properties"]["policies"],
  );
  merged["tags"] ??= {};
  const resource = context.store.put(registry.id, {
    ...merged,
    systemData: envelope(registry.id, registryType, {}, registry.body)["systemData"],
  });
  // Azure applies a registry PATCH before answering: 200 with the registry Succeeded.
  setProvisioningState(resource, "Succeeded");
  context.store.changed();
  return { status: 200, body: registryView(context, resource) };
};

function credentials(registry: StoredResource): Record<string, any> {
  if (!registry.body["properties"]?.["adminUserEnabled"]) {
    throw badRequest(
      "UnAuthorizedForCredentialOperations",
      `Cannot perform credential operations for ${registry.id} as admin user is disabled. Enable admin user to proceed.`,
    );
  }
  const passwords = registry.internal?.["passwords"] as string[];
  return {
    username: registry.body["name"],
    passwords: [
      { name: "password", value: passwords[0] },
      { name: "password2", value: passwords[1] },
    ],
  };
}

function usages(context: EmulatorContext, registry: StoredResource): Record<string, any> {
  const count = (collection: string) => context.store.children(registry.id, collection).length;
  const storedBytes = Object.entries(context.store.state.blobs)
    .filter(
      ([path]) => path.startsWith(`source/`) || path.startsWith(`logs/${String(registry.body["name"]).toLowerCase()}/`),
    )
    .reduce((sum, [, blob]) => sum + blob.size, 0);
  return {
    value: [
      { name: "Size", limit: 536870912000, currentValue: storedBytes, unit: "Bytes" },
      { name: "Webhooks", limit: 500, currentValue: count("webhooks"), unit: "Count" },
      { name: "ScopeMaps", limit: 50000, currentValue: count("scopeMaps"), unit: "Count" },
      { name: "Tokens", limit: 50000, currentValue: count("tokens"), unit: "Count" },
    ],
  };
}

function importImage(request: ArmRequest, context: EmulatorContext) {
  const registry = requireRegistry(request, context);
  const parameters = request.body as Record<string, any>;
  const source = parameters["source"] as Record<string, any>;
  if (!source["resourceId"] && !source["registryUri"]) {
    throw badRequest(
      "InvalidParameter",
      "parameters.source must give either resourceId or registryUri.",
      "parameters.source",
    );
  }
  const sourceImage = String(source["sourceImage"]);
  const targetTags = (parameters["targetTags"] as string[] | undefined) ?? [sourceImage.replace(/@.*$/, "")];
  const repositories = (registry.internal!["repositories"] ??= []) as string[];
  if (parameters["mode"] !== "Force") {
    const clash = targetTags.find((tag) => repositories.includes(tag));
    if (clash)
      throw conflict(
        "TagAlreadyExists",
        `The target tag '${clash}' already exists in the registry. Use mode 'Force' to overwrite it.`,
      );
  }
  for (const tag of targetTags) if (!repositories.includes(tag)) repositories.push(tag);
  context.store.changed();
  const answer = longRunningAnswer(request);
  if (!answer) return { status: 200 };
  const operation = context.lro.begin({
    subscriptionId: request.params["subscriptionId"]!,
    apiVersion: request.apiVersion,
    location: registry.body["location"],
    completion: "result",
  });
  return context.lro.accepted(operation, answer);
}

export const registryHandlers: Record<string, OperationHandler> = {
  Registries_Create: create,
  Registries_Update: update,
  Registries_Get: (request, context) => {
    const registry = requireRegistry(request, context);
    return { status: 200, body: registryView(context, registry) };
  },
  Registries_Delete: (request, context) => {
    const registry = context.store.get(registryId(request.params));
    if (!registry) return { status: 204 };
    return beginDelete(request, context, registry, registry);
  },
  Registries_ListByResourceGroup: (request, context) => {
    const prefix =
      `/subscriptions/${request.params["subscriptionId"]}/resourceGroups/${request.params["resourceGroupName"]}/`.toLowerCase();
    const registries = context.store.all(
      (r) => r.body["type"] === registryType && r.id.toLowerCase().startsWith(prefix),
    );
    return {
      status: 200,
      body: page(
        registries.map((r) => ({ seq: r.seq, value: registryView(context, r) })),
        request,
        context,
      ),
    };
  },
  Registries_List: (request, context) => {
    const prefix = `/subscriptions/${request.params["subscriptionId"]}/`.toLowerCase();
    const registries = context.store.all(
      (r) => r.body["type"] === registryType && r.id.toLowerCase().startsWith(prefix),
    );
    return {
      status: 200,
      body: page(
        registries.map((r) => ({ seq: r.seq, value: registryView(context, r) })),
        request,
        context,
      ),
    };
  },
  Registries_CheckNameAvailability: (request, context) => {
    const name = String(request.body["name"]);
    if (!/^[a-zA-Z0-9]{5,50}$/.test(name)) {
      return {
        status: 200,
        body: {
          nameAvailable: false,
          reason: "Invalid",
          message: "The registry name must be 5 to 50 alphanumeric characters.",
        },
      };
    }
    const taken = byName(context, name);
    return {
      status: 200,
      body: taken
        ? { nameAvailable: false, reason: "AlreadyExists", message: `The registry ${name} is already in use.` }
        : { nameAvailable: true },
    };
  },
  Registries_ListCredentials: (request, context) => ({
    status: 200,
    body: credentials(requireRegistry(request, context)),
  }),
  Registries_RegenerateCredential: (request, context) => {
    const registry = requireRegistry(request, context);
    credentials(registry);
    // ARM compares enum values case-insensitively ("PASSWORD2" is password2).
    const index = String(request.body["name"]).toLowerCase() === "password2" ? 1 : 0;
    (registry.internal!["passwords"] as string[])[index] = newPassword();
    context.store.changed();
    return { status: 200, body: credentials(registry) };
  },
  Registries_ListUsages: (request, context) => ({
    status: 200,
    body: usages(context, requireRegistry(request, context)),
  }),
  Registries_ListPrivateLinkResources: (request, context) => {
    const registry = requireRegistry(request, context);
    const location = String(registry.body["location"]).replace(/\s+/g, "").toLowerCase();
    const value = {
      id: `${registry.id}/privateLinkResources/registry`,
      name: "registry",
      type: `${registryType}/privateLinkResources`,
      properties: {
        groupId: "registry",
        requiredMembers: ["registry", `registry_data_${location}`],
        requiredZoneNames: ["privatelink.azurecr.io"],
      },
    };
    return { status: 200, body: page([{ seq: 0, value }], request, context) };
  },
  Registries_ImportImage: importImage,
};
