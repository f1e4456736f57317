// The sign-in: DefaultAzureCredential, whose links are tried in order (environment service principal,
// workload identity such as GitHub Actions' OIDC, managed identity, then the developer tools' sign-ins:
// Azure CLI, Azure PowerShell, Azure Developer CLI). @azure/identity is loaded here, on first use only.
import type { ContainerRegistryTasksClient } from "acr-tasks";
import { refused } from "./errors.js";

/** What the client signs in with (@azure/core-auth's TokenCredential). */
export type Credential = ConstructorParameters<typeof ContainerRegistryTasksClient>[0];

export async function defaultCredential(): Promise<Credential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  try {
    return new DefaultAzureCredential();
  } catch (error) {
    // A bad AZURE_TOKEN_CREDENTIALS or the like: the environment refuses the sign-in.
    throw refused(`sign-in: ${(error as Error).message}`);
  }
}
