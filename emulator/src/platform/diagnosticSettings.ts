// Diagnostic settings of a registry (Microsoft.Insights, an extension resource under the registry): what
// `az acr create --workspace` writes to send the registry's logs and metrics to a Log Analytics
// workspace. Kept as Azure shows them (every destination member, null when unset); nothing is sent.
import { ArmError, resourceNotFound } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import { page } from "../arm/paging.js";
import { readJson, type PlatformCall } from "./platformCall.js";

const type = "Microsoft.Insights/diagnosticSettings";
const destinations = [
  "storageAccountId",
  "serviceBusRuleId",
  "workspaceId",
  "eventHubAuthorizationRuleId",
  "eventHubName",
];

function registryOf(call: PlatformCall, registryId: string) {
  const registry = call.services.store.get(registryId);
  if (!registry) {
    const [, , , group, , , , name] = registryId.split("/");
    throw resourceNotFound("Microsoft.ContainerRegistry/registries", name!, group!);
  }
  return registry;
}

export function putDiagnosticSetting(call: PlatformCall, [registryId, name]: string[]): ArmReply {
  const registry = registryOf(call, registryId!);
  const properties = (readJson(call)?.["properties"] ?? {}) as Record<string, any>;
  if (!destinations.slice(0, 4).some((destination) => typeof properties[destination] === "string"))
    throw new ArmError(
      400,
      "BadRequest",
      "A diagnostic setting needs a destination: a storage account, an event hub or a Log Analytics workspace.",
    );
  const id = `${registry.id}/providers/${type}/${name}`;
  const setting = call.services.store.put(id, {
    id,
    type,
    name,
    location: null,
    kind: null,
    tags: null,
    properties: {
      ...Object.fromEntries(destinations.map((destination) => [destination, properties[destination] ?? null])),
      metrics: properties["metrics"] ?? [],
      logs: ((properties["logs"] ?? []) as Record<string, any>[]).map((log) => ({ categoryGroup: null, ...log })),
      logAnalyticsDestinationType: properties["logAnalyticsDestinationType"] ?? null,
    },
    identity: null,
  });
  return { status: 200, body: setting.body };
}

export function getDiagnosticSetting(call: PlatformCall, [registryId, name]: string[]): ArmReply {
  const registry = registryOf(call, registryId!);
  const setting = call.services.store.get(`${registry.id}/providers/${type}/${name}`);
  if (!setting) throw new ArmError(404, "ResourceNotFound", `The diagnostic setting '${name}' doesn't exist.`);
  return { status: 200, body: setting.body };
}

export function deleteDiagnosticSetting(call: PlatformCall, [registryId, name]: string[]): ArmReply {
  const registry = registryOf(call, registryId!);
  const id = `${registry.id}/providers/${type}/${name}`;
  if (!call.services.store.get(id)) return { status: 204 };
  call.services.store.removeTree(id);
  return { status: 200 };
}

export function listDiagnosticSettings(call: PlatformCall, [registryId]: string[]): ArmReply {
  const registry = registryOf(call, registryId!);
  const settings = call.services.store.withIdPrefix(`${registry.id}/providers/${type}/`);
  return {
    status: 200,
    body: page(
      settings.map((s) => ({ seq: s.seq, value: s.body })),
      call,
      call.services,
    ),
  };
}
