// The ARM endpoints outside the ACR feeds that real tools call: sign-in (open to anyone, as a login
// endpoint is) and the Microsoft.Resources basics (subscriptions, tenants, groups, resource listing).
// Their api-versions are not ours to check version by version: any date-shaped one is accepted.
import type { IncomingHttpHeaders } from "node:http";
import { badRequest } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { EmulatorServices } from "../services.js";
import { listResources } from "./genericResources.js";
import { deleteGroup, getGroup, groupView, headGroup, listGroups, patchGroup, putGroup } from "./resourceGroups.js";
import { metadataEndpoints, openidConfiguration, signingKeys, tokenEndpoint } from "./signIn.js";
import { getSubscription, listSubscriptions, listTenants } from "./subscriptions.js";
import { page } from "../arm/paging.js";

export interface PlatformCall {
  readonly services: EmulatorServices;
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly headers: IncomingHttpHeaders;
  /** The blob host suffix when blob URLs are Azure-shaped (the cloud metadata reports it). */
  readonly blobSuffix: string | undefined;
}

interface PlatformRoute {
  method: string;
  pattern: RegExp;
  /** Sign-in endpoints answer without a bearer token. */
  open?: boolean;
  answer(call: PlatformCall, params: string[]): ArmReply;
}

function json(call: PlatformCall): Record<string, any> | undefined {
  if (call.body.length === 0) return undefined;
  try {
    return JSON.parse(call.body.toString("utf8"));
  } catch {
    throw badRequest("InvalidRequestContent", "The request content is not valid JSON.");
  }
}

const version = (call: PlatformCall) => call.query.get("api-version")!;
const group = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/?$/i;

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
  { method: "PUT", pattern: group, answer: (call, [s, rg]) => putGroup(call.services, s!, rg!, json(call)) },
  { method: "PATCH", pattern: group, answer: (call, [s, rg]) => patchGroup(call.services, s!, rg!, json(call)) },
  { method: "DELETE", pattern: group, answer: (call, [s, rg]) => deleteGroup(call.services, s!, rg!, version(call)) },
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
        if (!route.open) requireApiVersion(call.query.get("api-version"));
        return route.answer(call, params);
      },
    };
  }
  return undefined;
}

function requireApiVersion(apiVersion: string | null): void {
  if (!apiVersion)
    throw badRequest(
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
      "api-version",
    );
  if (!/^\d{4}-\d{2}-\d{2}(-preview|-beta|-alpha)?$/.test(apiVersion)) {
    throw badRequest(
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are dates such as '2021-04-01'.`,
      "api-version",
    );
  }
}
