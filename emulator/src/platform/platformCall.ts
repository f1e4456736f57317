// What a platform endpoint (sign-in, Microsoft.Resources, the few other providers az acr calls) receives:
// a leaf file, so each endpoint's module imports it without importing the router (platform/index.ts).
import type { IncomingHttpHeaders } from "node:http";
import { badRequest } from "../arm/armError.js";
import type { EmulatorServices } from "../services.js";

export interface PlatformCall {
  readonly services: EmulatorServices;
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly headers: IncomingHttpHeaders;
  /** The blob host suffix when blob URLs are Azure-shaped (the cloud metadata reports it). */
  readonly blobSuffix: string | undefined;
}

/** The call's JSON body, undefined when it has none; a 400 when it is not JSON. */
export function readJson(call: PlatformCall): Record<string, any> | undefined {
  if (call.body.length === 0) return undefined;
  try {
    return JSON.parse(call.body.toString("utf8"));
  } catch {
    throw badRequest("InvalidRequestContent", "The request content is not valid JSON.");
  }
}
