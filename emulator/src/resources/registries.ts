// Registries: the parent of everything else. Names are global (a DNS name), so creating a name that
// exists in another resource group or subscription conflicts, as on Azure.
import { badRequest, conflict } from "../arm/armError.js";
import type { ArmReply, ArmRequest } from "../arm/armMessages.js";
import { page } from "../arm/paging.js";
import { longRunningAnswer, requireLongRunning } from "../longRunning/firstAnswer.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import type { StoredResource } from "../state/state.js";
import {
  assertNotBusy,
  envelope,
  mergePatch,
  registryId,
  registryType,
  requireRegistry,
  setProvisioningState,
} from "./common.js";
import { beginDelete, beginProvisioning } from "./crud.js";
import { withIdentityIds } from "./managedIdentity.js";
import {
  registryByName,
  createHomeReplication,
  newPassword,
  registryProperties,
  registrySku,
  registryView,
  withRetentionStamp,
} from "./registryBody.js";

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
  createHomeReplication(services, resource);
  const reply = beginProvisioning(request, services, resource, resource, answer);
  return { ...reply, body: registryView(services, resource) };
};

const update: OperationHandler = (request, services) => {
  const registry = requireRegistry(request, services);
  assertNotBusy(services, registry);
  const patch = request.body as Record<string, any>;
  const merged = mergePatch(registry.body, patch);
  if (patch["sku"]?.["name"]) merged["sku"] = registrySku(patch["sku"]["name"]);
  if (patch["identity"] !== undefined)
    merged["identity"] = withIdentityIds(merged["identity"], registry.body["identity"]);
  merged["properties"]["policies"] = withRetentionStamp(
    merged["properties"]["policies"] ?? {},
    registry.body["properties"]["policies"],
  );
  merged["tags"] ??= {};
  const resource = services.store.put(registry.id, {
    ...merged,
    systemData: envelope(registry.id, registryType, {}, registry.body)["systemData"],
  });
  // Azure applies a registry PATCH before answering: 200 with the registry Succeeded.
  setProvisioningState(resource, "Succeeded");
  services.store.changed();
  return { status: 200, body: registryView(services, resource) };
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

function usages(services: EmulatorServices, registry: StoredResource): Record<string, any> {
  const count = (collection: string) => services.store.children(registry.id, collection).length;
  const storedBytes = Object.entries(services.store.state.blobs)
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

function importImage(request: ArmRequest, services: EmulatorServices) {
  const registry = requireRegistry(request, services);
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
  services.store.changed();
  const answer = longRunningAnswer(request);
  if (!answer) return { status: 200 };
  const operation = services.asyncOperations.begin({
    subscriptionId: request.params["subscriptionId"]!,
    apiVersion: request.apiVersion,
    location: registry.body["location"],
    completion: "result",
  });
  return services.asyncOperations.accepted(operation, answer);
}

/** One page of the registries whose id starts with `scope` (a subscription or a resource group). */
function listRegistries(request: ArmRequest, services: EmulatorServices, scope: string): ArmReply {
  const prefix = scope.toLowerCase();
  const registries = services.store.all(
    (r) => r.body["type"] === registryType && r.id.toLowerCase().startsWith(prefix),
  );
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
  Registries_Delete: (request, services) => {
    const registry = services.store.get(registryId(request.params));
    if (!registry) return { status: 204 };
    return beginDelete(request, services, registry, registry);
  },
  Registries_ListByResourceGroup: (request, services) =>
    listRegistries(
      request,
      services,
      `/subscriptions/${request.params["subscriptionId"]}/resourceGroups/${request.params["resourceGroupName"]}/`,
    ),
  Registries_List: (request, services) =>
    listRegistries(request, services, `/subscriptions/${request.params["subscriptionId"]}/`),
  Registries_CheckNameAvailability: (request, services) => {
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
    const taken = registryByName(services, name);
    return {
      status: 200,
      body: taken
        ? { nameAvailable: false, reason: "AlreadyExists", message: `The registry ${name} is already in use.` }
        : { nameAvailable: true },
    };
  },
  Registries_ListCredentials: (request, services) => ({
    status: 200,
    body: credentials(requireRegistry(request, services)),
  }),
  Registries_RegenerateCredential: (request, services) => {
    const registry = requireRegistry(request, services);
    credentials(registry);
    // ARM compares enum values case-insensitively ("PASSWORD2" is password2).
    const index = String(request.body["name"]).toLowerCase() === "password2" ? 1 : 0;
    (registry.internal!["passwords"] as string[])[index] = newPassword();
    services.store.changed();
    return { status: 200, body: credentials(registry) };
  },
  Registries_ListUsages: (request, services) => ({
    status: 200,
    body: usages(services, requireRegistry(request, services)),
  }),
  Registries_ListPrivateLinkResources: (request, services) => {
    const registry = requireRegistry(request, services);
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
    return { status: 200, body: page([{ seq: 0, value }], request, services) };
  },
  Registries_ImportImage: importImage,
};
