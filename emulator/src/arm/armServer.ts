// The ARM listener: records the request, injects faults, authenticates the bearer token, routes by
// the catalog, validates, dispatches to the operation's handler and writes ARM-shaped errors.
import { viewResource } from "../resources/index.js";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ArmError, badRequest, requiredApiVersion } from "./armError.js";
import type { ArmRateLimiter } from "./armRateLimit.js";
import { checkBearer } from "./auth.js";
import type { ArmReply } from "./armMessages.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import { faultBody, type FaultInjector } from "../net/faults.js";
import { readBody, recordIncoming, requestUrl, sendJson } from "../net/http.js";
import { platformRoute } from "../platform/index.js";
import { checkDeclaredStatus, route, validateBody } from "./router.js";
import type { RecordedRequest } from "../runningEmulator.js";

const pollingPath =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/locations\/[^/]+\/(operationStatuses|operationResults)\/([^/]+)\/?$/i;

export interface ArmServerDependencies {
  services: EmulatorServices;
  handlers: Readonly<Record<string, OperationHandler>>;
  faults: FaultInjector;
  requests: RecordedRequest[];
  tokenKey: () => string;
  /** The suffix of Azure-shaped blob host names, which the cloud metadata reports. */
  blobSuffix: string | undefined;
  /** ARM's request budget: reported on every answer, enforced when configured. */
  rateLimit?: ArmRateLimiter;
}

export function armRequestListener(deps: ArmServerDependencies) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const record = recordIncoming("arm", request, deps.requests);
    void handle(deps, request, response, record).catch((error: unknown) => {
      deps.services.log(`arm: unexpected failure ${(error as Error).stack ?? error}`);
      if (!response.headersSent) {
        record.status = 500;
        sendJson(response, 500, {
          error: { code: "InternalServerError", message: "The emulator failed to handle the request." },
        });
      }
    });
  };
}

async function handle(
  deps: ArmServerDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  record: RecordedRequest,
): Promise<void> {
  const { services } = deps;
  const fault = await deps.faults.strike("arm", request, record);
  if (fault === "reset") return;
  let reply: ArmReply;
  if (fault) {
    reply = {
      status: Number(fault),
      body: faultBody(fault),
      headers: fault === "429" ? services.clock.retryAfterHeaders(1) : {},
    };
  } else {
    const answered = () =>
      answer(deps, request).catch((error: unknown) => {
        if (error instanceof ArmError) return { status: error.status, body: error.toBody(), headers: error.headers };
        throw error;
      });
    reply = await (deps.rateLimit ? deps.rateLimit.admit(request, answered) : answered());
  }
  record.status = reply.status;
  services.log(
    `arm: ${record.method} ${record.url} -> ${reply.status}${record.fault ? ` (fault ${record.fault})` : ""}`,
  );
  sendJson(response, reply.status, reply.body, { "x-ms-request-id": randomUUID(), ...reply.headers });
}

async function answer(deps: ArmServerDependencies, request: IncomingMessage): Promise<ArmReply> {
  const url = requestUrl(request.url, deps.services.armEndpoint);
  const method = (request.method ?? "GET").toUpperCase();
  const raw = await readBody(request);
  const platform = platformRoute(method, url.pathname);
  const call = {
    services: deps.services,
    url,
    query: url.searchParams,
    body: raw,
    headers: request.headers,
    blobSuffix: deps.blobSuffix,
  };
  if (platform?.open) return platform.answer(call);
  checkBearer(request.headers.authorization, deps.tokenKey());
  if (platform) return platform.answer(call);

  const polling = pollingPath.exec(url.pathname);
  if (polling && method === "GET") {
    requiredApiVersion(url.searchParams);
    const [, subscriptionId, kind, operationId] = polling;
    return kind!.toLowerCase() === "operationstatuses"
      ? deps.services.asyncOperations.statusReply(subscriptionId!, operationId!)
      : deps.services.asyncOperations.resultReply(subscriptionId!, operationId!, (resource) =>
          viewResource(resource, deps.services),
        );
  }

  const { op, params, apiVersion } = route(method, url.pathname, url.searchParams);
  let body: unknown;
  if (raw.length > 0 && op.body) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      throw badRequest(
        "InvalidRequestContent",
        `The request content is not valid JSON (expected '${op.body.name}').`,
        op.body.name,
      );
    }
  }
  validateBody(op, body);
  const handler = deps.handlers[op.operationId];
  if (!handler) throw new Error(`no handler for ${op.operationId}`);
  const reply = await handler({ op, params, query: url.searchParams, apiVersion, body, url }, deps.services);
  checkDeclaredStatus(op, reply.status);
  return reply;
}
