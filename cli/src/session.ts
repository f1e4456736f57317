// The client a command talks through: DefaultAzureCredential (credential.ts), the subscription and the
// endpoint from the flags and the environment, and the registry's resource group, found as az finds it
// when -g is left out. Every input was checked before (inputs.ts): the first request, or the first
// sign-in, happens here.
import { createDefaultHttpClient } from "@azure/core-rest-pipeline";
import { ContainerRegistryTasksClient } from "acr-tasks";
import { defaultCredential } from "./credential.js";
import type { TargetInputs } from "./inputs.js";
import { findResourceGroup } from "./resourceGroup.js";

export interface Session {
  client: ContainerRegistryTasksClient;
  resourceGroup: string;
  registry: string;
  subscriptionId: string;
}

export interface SessionOptions {
  userAgent: string;
  abortSignal?: AbortSignal;
}

export async function openSession(target: TargetInputs, options: SessionOptions): Promise<Session> {
  const credential = await defaultCredential();
  // One HTTP client (one connection pool) for the client and the resource group's lookup.
  const httpClient = createDefaultHttpClient();
  const client = new ContainerRegistryTasksClient(credential, target.subscriptionId, {
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    httpClient,
    userAgentPrefix: options.userAgent,
  });
  const resourceGroup =
    target.resourceGroup ??
    (await findResourceGroup({
      endpoint: client.endpoint,
      subscriptionId: target.subscriptionId,
      registry: target.registry,
      credential,
      httpClient,
      userAgent: options.userAgent,
      abortSignal: options.abortSignal,
    }));
  return { client, resourceGroup, registry: target.registry, subscriptionId: target.subscriptionId };
}
