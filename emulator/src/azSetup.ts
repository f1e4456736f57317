// The script `acr-tasks-emulator --az-setup FILE` writes: POSIX sh that, sourced in a shell with
// AZURE_CONFIG_DIR set, points the Azure CLI at the running emulator. It trusts the emulator's CA through
// REQUESTS_CA_BUNDLE (the CLI's HTTP stack is Python requests), sends HTTPS through the emulator's CONNECT
// proxy so the Azure-shaped blob host names reach the blob listener (ARM goes direct), registers and
// selects a cloud whose endpoints come from the emulator's /metadata/endpoints, and signs in as the
// emulator's service principal (ADFS-style authority, client credentials).
import type { RunningEmulator } from "./runningEmulator.js";

export const azCloudName = "AcrTasksEmulator";

/** Single-quoted for sh: the only character to escape is the quote itself. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The variables that send HTTPS through the emulator's CONNECT proxy, ARM excepted (reached directly). */
export function proxyExports(proxyUrl: string, endpoint: string): [string, string][] {
  const armHost = new URL(endpoint).hostname.replace(/^\[|\]$/g, "");
  return [
    ["HTTPS_PROXY", proxyUrl],
    ["https_proxy", proxyUrl],
    ["NO_PROXY", armHost],
    ["no_proxy", armHost],
  ];
}

export function azSetupScript(emulator: RunningEmulator, caFile: string): string {
  if (!emulator.proxyUrl) throw new Error("the Azure CLI setup needs the emulator's proxy (start it with proxy: true)");
  const arm = `${emulator.endpoint}/`;
  const { tenantId, clientId, clientSecret } = emulator.servicePrincipal;
  const exports: [string, string][] = [
    ["REQUESTS_CA_BUNDLE", caFile],
    ...proxyExports(emulator.proxyUrl, emulator.endpoint),
    ["AZURE_CORE_COLLECT_TELEMETRY", "false"],
    ["AZURE_CORE_SURVEY_MESSAGE", "false"],
    ["ACR_EMULATOR_SUBSCRIPTION", emulator.subscriptionId],
    ["ACR_EMULATOR_ARM", emulator.endpoint],
  ];
  // The suffixes the cloud metadata does not carry but az acr uses (credential add checks for Key Vault URLs).
  const cloud = `-n ${azCloudName} --endpoint-resource-manager ${quote(arm)} --suffix-acr-login-server-endpoint .azurecr.io --suffix-keyvault-dns .vault.azure.net`;
  return [
    "# Written by acr-tasks-emulator --az-setup. Source it (. FILE) in a shell with AZURE_CONFIG_DIR set:",
    "# it points the Azure CLI at the emulator and signs in. The secret is the emulator's own.",
    'if [ -z "${AZURE_CONFIG_DIR:-}" ]; then echo "acr-tasks-emulator: set AZURE_CONFIG_DIR before sourcing this file" >&2; return 1 2>/dev/null || exit 1; fi',
    ...exports.map(([name, value]) => `export ${name}=${quote(value)}`),
    `az cloud register ${cloud} >/dev/null 2>&1 || az cloud update ${cloud} >/dev/null || return 1 2>/dev/null || exit 1`,
    `az cloud set -n ${azCloudName} --only-show-errors >/dev/null || return 1 2>/dev/null || exit 1`,
    `az login --only-show-errors --service-principal -u ${quote(clientId)} -p ${quote(clientSecret)} --tenant ${quote(tenantId)} >/dev/null || return 1 2>/dev/null || exit 1`,
    "",
  ].join("\n");
}
