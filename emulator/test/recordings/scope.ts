// Which recorded calls the replay sends to the emulator. The emulator is what az runs against for ACR:
// Microsoft.ContainerRegistry, the Microsoft.Resources basics, and what `az acr` itself calls elsewhere
// (the user-assigned identity `az acr create --identity` reads, the diagnostic settings
// `az acr create --workspace` writes). The recordings also hold the other services a scenario test set up
// with other az command groups; those are out of scope, each for the reason given here.
import type { RecordedCall } from "./cassettes.js";

export type Disposition =
  /** Sent to the emulator as recorded. */
  | { kind: "replay" }
  /** A status monitor or Location poll of an earlier call: sent to the URL the emulator's answer gave. */
  | { kind: "poll" }
  /** Not the emulator's: another service, another az command group. */
  | { kind: "outOfScope"; reason: string };

/** By resource provider (or host), why its calls are not the emulator's. */
export const outOfScope: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  {
    pattern: /^https:\/\/[^/]+\.vault\.azure\.net\//i,
    reason:
      "Key Vault's data plane (az keyvault key/secret): another service on another host; az acr passes key URLs through without calling it.",
  },
  {
    pattern: /\/providers\/Microsoft\.KeyVault\//i,
    reason: "Key Vault's control plane (az keyvault update/set-policy): set-up of the CMK scenario, not az acr.",
  },
  {
    pattern: /\/providers\/Microsoft\.Network\//i,
    reason:
      "Virtual networks, subnets and private endpoints (az network ...): not az acr, which passes subnet ids through. What a private endpoint does to a registry (a private endpoint connection appears on it) the replay applies through ACR's own API.",
  },
  {
    pattern: /\/providers\/Microsoft\.OperationalInsights\//i,
    reason:
      "Log Analytics workspaces (az monitor log-analytics workspace create): set-up of the audit scenario, not az acr, which passes the workspace id through to the diagnostic settings.",
  },
  {
    pattern: /\/providers\/Microsoft\.Resources\/deployments\//i,
    reason:
      "ARM template deployments (az group deployment create): ARM's template engine, not ACR. The replay deploys the template's ACR resources through ACR's own API, as the engine would.",
  },
];

const polling = /\/(operationStatuses|operationResults)\/[^/]+\/?$/i;

export function dispositionOf(call: RecordedCall): Disposition {
  const href = call.url.href;
  const excluded = outOfScope.find((rule) => rule.pattern.test(href));
  if (excluded) return { kind: "outOfScope", reason: excluded.reason };
  if (polling.test(call.url.pathname)) return { kind: "poll" };
  return { kind: "replay" };
}
