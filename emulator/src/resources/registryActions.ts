// What a registry answers besides its own CRUD: admin credentials, usages, name checks, private link
// resources and image import.
import { badRequest, conflict } from "../arm/armError.js";
import type { ArmRequest } from "../arm/armMessages.js";
import { page } from "../arm/paging.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import type { StoredResource } from "../state/state.js";
import { regionOf, registryType, requireRegistry } from "./common.js";
import { answerAction } from "./crud.js";
import { newPassword, registryByName } from "./registryBody.js";

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
  // Its Location answers `{status: "Succeeded"}` once the import is done, as ACR's does.
  return answerAction(request, services, registry, { status: "Succeeded" });
}

export const registryActionHandlers: Record<string, OperationHandler> = {
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
    const location = regionOf(registry.body["location"]);
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
