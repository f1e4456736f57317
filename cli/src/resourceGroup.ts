// The resource group of a registry given without -g, found as the Azure CLI finds it
// (`_arm_get_resource_by_name`): ARM's list of the subscription's resources with
// `$filter=resourceType eq 'Microsoft.ContainerRegistry/registries'`, every page, the name matched without
// regard to case, the group read from the resource's id. Signed in like the client, on its HTTP client.
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import { createArmError } from "acr-tasks";
import { badInput, refused } from "./errors.js";
import type { Credential } from "./credential.js";

export const registryResourceType = "Microsoft.ContainerRegistry/registries";
/** The Microsoft.Resources api-version of the listing. */
const resourcesApiVersion = "2021-04-01";

export interface FindResourceGroupOptions {
  endpoint: string;
  subscriptionId: string;
  registry: string;
  credential: Credential;
  httpClient: HttpClient;
  userAgent: string;
  abortSignal?: AbortSignal;
}

interface ResourcePage {
  value?: { id?: string; name?: string }[];
  nextLink?: string;
}

export async function findResourceGroup(options: FindResourceGroupOptions): Promise<string> {
  const pipeline = createPipelineFromOptions({ userAgentOptions: { userAgentPrefix: options.userAgent } });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({
      credential: options.credential,
      scopes: `${new URL(options.endpoint).origin}/.default`,
    }),
  );
  const filter = encodeURIComponent(`resourceType eq '${registryResourceType}'`);
  let url: string | undefined =
    `${options.endpoint}/subscriptions/${encodeURIComponent(options.subscriptionId)}/resources?$filter=${filter}&api-version=${resourcesApiVersion}`;
  const groups: string[] = [];
  while (url) {
    const response = await pipeline.sendRequest(
      options.httpClient,
      createPipelineRequest({ url, method: "GET", abortSignal: options.abortSignal }),
    );
    if (response.status !== 200) throw createArmError("Resources_List", response);
    const page = JSON.parse(response.bodyAsText ?? "{}") as ResourcePage;
    for (const resource of page.value ?? []) {
      if (resource.name?.toLowerCase() !== options.registry.toLowerCase()) continue;
      const group = /\/resourceGroups\/([^/]+)\//i.exec(resource.id ?? "")?.[1];
      if (group) groups.push(decodeURIComponent(group));
    }
    url = page.nextLink || undefined;
  }
  if (groups.length === 0)
    throw refused(
      `the registry '${options.registry}' was not found in subscription ${options.subscriptionId} (give -g GROUP, or --subscription)`,
    );
  if (groups.length > 1)
    throw badInput(`the registry name '${options.registry}' is in ${groups.length} resource groups: give -g GROUP`);
  return groups[0]!;
}
