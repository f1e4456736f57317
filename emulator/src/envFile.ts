// The file `acr-tasks-emulator --env-file FILE` writes: POSIX sh `export` lines that, sourced, point any
// tool built on @azure/identity and the acr-tasks client at the running emulator, unchanged: the CLI
// (`acr-tasks`), or an app that does `new DefaultAzureCredential()` with `endpoint: ACR_TASKS_ENDPOINT`.
//
// Sign-in goes through DefaultAzureCredential's first link, EnvironmentCredential (a client secret). Its
// tenant is "adfs": @azure/identity builds the authority as `${AZURE_AUTHORITY_HOST}/${tenant}`, and for the
// tenant "adfs" it lists that authority as known, so MSAL skips instance discovery (a call to
// login.microsoftonline.com) and reads `${endpoint}/adfs/.well-known/openid-configuration`, which names the
// emulator's token endpoint: the same ADFS-style authority the Azure CLI signs in at (platform/signIn.ts).
// Node reads NODE_EXTRA_CA_CERTS when it starts, so it trusts the emulator's CA in processes started after
// sourcing. With Azure-shaped blob URLs (as --az-setup turns on), the blob host names reach the emulator
// only through its CONNECT proxy: the file then sends HTTPS through it too, ARM excepted.
import { proxyExports, quote } from "./azSetup.js";

export interface EnvFileTarget {
  /** The ARM endpoint, also the authority host. */
  endpoint: string;
  subscriptionId: string;
  servicePrincipal: { readonly clientId: string; readonly clientSecret: string };
  /** Where the emulator's CA certificate (PEM) was written. */
  caFile: string;
  /** The CONNECT proxy, when blob URLs are Azure-shaped and need it. */
  blobProxyUrl?: string;
}

/** The tenant name that makes @azure/identity treat the authority as ADFS (no instance discovery). */
export const adfsTenant = "adfs";

export function envFileScript(target: EnvFileTarget): string {
  const exports: [string, string][] = [
    ["AZURE_TENANT_ID", adfsTenant],
    ["AZURE_CLIENT_ID", target.servicePrincipal.clientId],
    ["AZURE_CLIENT_SECRET", target.servicePrincipal.clientSecret],
    ["AZURE_AUTHORITY_HOST", target.endpoint],
    ["AZURE_SUBSCRIPTION_ID", target.subscriptionId],
    ["ACR_TASKS_ENDPOINT", target.endpoint],
    ["NODE_EXTRA_CA_CERTS", target.caFile],
  ];
  if (target.blobProxyUrl) exports.push(...proxyExports(target.blobProxyUrl, target.endpoint));
  return [
    "# Written by acr-tasks-emulator --env-file. Source it (. FILE): acr-tasks, and any app that signs in with",
    "# DefaultAzureCredential and takes its endpoint from ACR_TASKS_ENDPOINT, then reach the emulator.",
    "# The secret is the emulator's own.",
    ...exports.map(([name, value]) => `export ${name}=${quote(value)}`),
    "",
  ].join("\n");
}
