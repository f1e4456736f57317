// The sign-in: DefaultAzureCredential, whose links are tried in order (environment service principal,
// workload identity such as GitHub Actions' OIDC, managed identity, then the developer tools' sign-ins:
// Azure CLI, Azure PowerShell, Azure Developer CLI). @azure/identity is loaded here, on first use only.
import type { ContainerRegistryTasksClient } from "acr-tasks";
import { refused } from "./errors.js";

/** What the client signs in with (@azure/core-auth's TokenCredential). */
export type Credential = ConstructorParameters<typeof ContainerRegistryTasksClient>[0];

type AccessToken = NonNullable<Awaited<ReturnType<Credential["getToken"]>>>;

/** A token is handed out again until this long before its expiry (bearer policies refresh 2 minutes before it). */
const REUSE_MARGIN_MS = 5 * 60_000;

export async function defaultCredential(): Promise<Credential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  try {
    return sharingTokens(new DefaultAzureCredential());
  } catch (error) {
    // A bad AZURE_TOKEN_CREDENTIALS or the like: the environment refuses the sign-in.
    throw refused(`sign-in: ${(error as Error).message}`);
  }
}

/**
 * One token for every pipeline of a command (the client's and the resource group's lookup, session.ts).
 * Each bearer policy caches its own token, and DefaultAzureCredential does not: it walks its chain again on
 * every call, and its Azure CLI link runs `az account get-access-token` each time. A token asked for with
 * claims, a tenant or proof of possession (a challenge) is always asked for anew.
 */
export function sharingTokens(credential: Credential): Credential {
  const tokens = new Map<string, { token: AccessToken; reuseUntil: number }>();
  return {
    async getToken(scopes, options) {
      if (options?.claims || options?.tenantId || options?.proofOfPossessionOptions)
        return await credential.getToken(scopes, options);
      const key = [scopes].flat().join(" ");
      const cached = tokens.get(key);
      if (cached && Date.now() < cached.reuseUntil) return cached.token;
      const token = await credential.getToken(scopes, options);
      if (token) {
        const reuseUntil = Math.min(
          token.expiresOnTimestamp - REUSE_MARGIN_MS,
          token.refreshAfterTimestamp ?? Infinity,
        );
        tokens.set(key, { token, reuseUntil });
      }
      return token;
    },
  };
}
