// The ARM endpoints outside the ACR feeds that real tools call: sign-in (open to anyone, as a login
// endpoint is), the Microsoft.Resources basics (subscriptions, tenants, groups, resource listing), and
// the two other providers `az acr` itself calls: the user-assigned identities it reads and the diagnostic
// settings it writes. Their api-versions are not ours to check version by version: any date-shaped one
// is accepted. Also the emulator's own endpoint for source events (a commit or a pull request happened),
// which takes no api-version.
import { badRequest, requiredApiVersion } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import {
  deleteDiagnosticSetting,
  getDiagnosticSetting,
  listDiagnosticSettings,
  putDiagnosticSetting,
} from "./diagnosticSettings.js";
import { listResources } from "./genericResources.js";
import { readJson, type PlatformCall } from "./platformCall.js";
import { sourceEventEndpoint } from "./sourceEvents.js";
import { deleteIdentity, getIdentity, listIdentities, putIdentity } from "./userAssignedIdentities.js";
import { deleteGroup, getGroup, groupView, headGroup, listGroups, patchGroup, putGroup } from "./resourceGroups.js";
import { metadataEndpoints, openidConfiguration, signingKeys, tokenEndpoint } from "./signIn.js";
import { getSubscription, listSubscriptions, listTenants } from "./subscriptions.js";
import { page } from "../arm/paging.js";

export type { PlatformCall } from "./platformCall.js";

interface PlatformRoute {
  method: string;
  pattern: RegExp;
  /** Sign-in endpoints answer without a bearer token. */
  open?: boolean;
  /** The emulator's own endpoints take no api-version. */
  versionless?: boolean;
  answer(call: PlatformCall, params: string[]): ArmReply;
}

const version = (call: PlatformCall) => call.query.get("api-version")!;
const group = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/?$/i;
const identities =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/?$/i;
const identity =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/([^/]+)\/?$/i;
const registryPath =
  "(/subscriptions/[^/]+/resourcegroups/[^/]+/providers/Microsoft\\.ContainerRegistry/registries/[^/]+)";
const diagnosticSettings = new RegExp(`^${registryPath}/providers/Microsoft\\.Insights/diagnosticSettings/?$`, "i");
const diagnosticSetting = new RegExp(
  `^${registryPath}/providers/Microsoft\\.Insights/diagnosticSettings/([^/]+)/?$`,
  "i",
);

const routes: PlatformRoute[] = [
  {
    method: "GET",
    pattern: /^\/metadata\/endpoints\/?$/i,
    open: true,
    answer: (call) => metadataEndpoints(call.services, call.query.get("api-version"), call.blobSuffix),
  },
  {
    method: "GET",
    pattern: /^\/adfs\/\.well-known\/openid-configuration\/?$/i,
    open: true,
    answer: (call) => openidConfiguration(call.services),
  },
  { method: "GET", pattern: /^\/adfs\/discovery\/keys\/?$/i, open: true, answer: () => signingKeys() },
  {
    method: "POST",
    pattern: /^\/adfs\/oauth2\/token\/?$/i,
    open: true,
    answer: (call) => tokenEndpoint(call.services, call.body, call.headers.authorization),
  },
  { method: "GET", pattern: /^\/subscriptions\/?$/i, answer: (call) => listSubscriptions(call.services) },
  {
    method: "GET",
    pattern: /^\/subscriptions\/([^/]+)\/?$/i,
    answer: (call, [s]) => getSubscription(call.services, s!),
  },
  { method: "GET", pattern: /^\/tenants\/?$/i, answer: () => listTenants() },
  {
    method: "GET",
    pattern: /^\/subscriptions\/([^/]+)\/resourcegroups\/?$/i,
    answer: (call, [s]) => ({
      status: 200,
      body: page(
        listGroups(call.services, s!).map((g) => ({ seq: g.seq, value: groupView(call.services, g) })),
        call,
        call.services,
      ),
    }),
  },
  { method: "GET", pattern: group, answer: (call, [s, rg]) => getGroup(call.services, s!, rg!) },
  { method: "HEAD", pattern: group, answer: (call, [s, rg]) => headGroup(call.services, s!, rg!) },
  { method: "PUT", pattern: group, answer: (call, [s, rg]) => putGroup(call.services, s!, rg!, readJson(call)) },
  { method: "PATCH", pattern: group, answer: (call, [s, rg]) => patchGroup(call.services, s!, rg!, readJson(call)) },
  { method: "DELETE", pattern: group, answer: (call, [s, rg]) => deleteGroup(call.services, s!, rg!, version(call)) },
  { method: "GET", pattern: identities, answer: listIdentities },
  { method: "GET", pattern: identity, answer: getIdentity },
  { method: "PUT", pattern: identity, answer: putIdentity },
  { method: "DELETE", pattern: identity, answer: deleteIdentity },
  { method: "GET", pattern: diagnosticSettings, answer: listDiagnosticSettings },
  { method: "GET", pattern: diagnosticSetting, answer: getDiagnosticSetting },
  { method: "PUT", pattern: diagnosticSetting, answer: putDiagnosticSetting },
  { method: "DELETE", pattern: diagnosticSetting, answer: deleteDiagnosticSetting },
  {
    method: "POST",
    pattern: /^\/emulator\/sourceEvents\/?$/i,
    versionless: true,
    answer: (call) => sourceEventEndpoint(call),
  },
  {
    method: "GET",
    pattern: /^\/subscriptions\/([^/]+)\/resources\/?$/i,
    answer: (call, [s]) => listResources(call.services, call, `/subscriptions/${s}`),
  },
  {
    method: "GET",
    pattern: /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/resources\/?$/i,
    answer: (call, [s, rg]) => listResources(call.services, call, `/subscriptions/${s}/resourceGroups/${rg}`),
  },
];

export interface PlatformMatch {
  readonly open: boolean;
  answer(call: PlatformCall): ArmReply;
}

/** The platform endpoint for a method and path, if it is one. */
export function platformRoute(method: string, path: string): PlatformMatch | undefined {
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(path) : null;
    if (!match) continue;
    const params = match.slice(1).map((part) => decodeURIComponent(part));
    return {
      open: route.open === true,
      answer: (call) => {
        if (!route.open && !route.versionless) checkApiVersion(call.query);
        return route.answer(call, params);
      },
    };
  }
  return undefined;
}

function checkApiVersion(query: URLSearchParams): void {
  const apiVersion = requiredApiVersion(query);
  if (!/^\d{4}-\d{2}-\d{2}(-preview|-beta|-alpha)?$/.test(apiVersion)) {
    throw badRequest(
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are dates such as '2021-04-01'.`,
      "api-version",
    );
  }
}
