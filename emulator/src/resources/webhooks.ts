// Webhooks: the service URI and custom headers are secrets, kept out of GET bodies and returned by
// Webhooks_GetCallbackConfig only. Ping records an event (nothing is sent: the emulator is offline),
// which Webhooks_ListEvents then lists, newest first.
import { randomUUID } from "node:crypto";
import type { OperationHandler } from "../services.js";
import { page } from "../arm/paging.js";
import type { StoredResource } from "../state/state.js";
import { mergePatch, registryType, requireChild } from "./common.js";
import { crudHandlers, type CollectionSpec } from "./crud.js";

const now = () => new Date().toISOString();

export const webhooks: CollectionSpec = {
  collection: "webhooks",
  type: `${registryType}/webhooks`,
  nameParameter: "webhookName",
  create: (body, _registry, existing) => {
    const { serviceUri, customHeaders, ...properties } = (body["properties"] ?? {}) as Record<string, any>;
    return {
      body: {
        location: body["location"],
        // Azure shows a webhook's tags, empty ones too.
        tags: body["tags"] ?? {},
        properties: { status: "enabled", scope: "", ...properties },
      },
      internal: {
        callback: { serviceUri, ...(customHeaders ? { customHeaders } : {}) },
        events: existing?.internal?.["events"] ?? [],
      },
    };
  },
  update: (existing, patch) => {
    const { serviceUri, customHeaders, ...properties } = (patch["properties"] ?? {}) as Record<string, any>;
    const callback = {
      ...existing.internal!["callback"],
      ...(serviceUri ? { serviceUri } : {}),
      ...(customHeaders ? { customHeaders } : {}),
    };
    return { body: mergePatch(existing.body, { ...patch, properties }), internal: { ...existing.internal, callback } };
  },
};

/**
 * The event a ping records, shaped as Azure records it: the ping's content (id, timestamp, action), the
 * request headers (the webhook's custom headers, the content type and length) and the answer. Nothing is
 * sent (the emulator is offline), so the answer is a plain 200 with nothing in it.
 */
function pingEvent(webhook: StoredResource): Record<string, any> {
  const id = randomUUID();
  const callback = webhook.internal!["callback"] as { serviceUri: string; customHeaders?: Record<string, string> };
  const content = { id, timestamp: now(), action: "ping" };
  return {
    id,
    eventRequestMessage: {
      content,
      headers: {
        ...callback.customHeaders,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": String(Buffer.byteLength(JSON.stringify(content))),
      },
      method: "POST",
      requestUri: callback.serviceUri,
      version: "1.1",
    },
    eventResponseMessage: { statusCode: "200", reasonPhrase: "OK", version: "1.1", headers: {}, content: "" },
  };
}

export const webhookHandlers: Record<string, OperationHandler> = {
  ...crudHandlers("Webhooks", webhooks),
  Webhooks_GetCallbackConfig: (request, services) => {
    const webhook = requireChild(request, services, "webhooks", "webhookName");
    return { status: 200, body: webhook.internal!["callback"] };
  },
  Webhooks_Ping: (request, services) => {
    const webhook = requireChild(request, services, "webhooks", "webhookName");
    const event = pingEvent(webhook);
    (webhook.internal!["events"] as unknown[]).unshift(event);
    services.store.changed();
    return { status: 200, body: { id: event["id"] } };
  },
  Webhooks_ListEvents: (request, services) => {
    const webhook = requireChild(request, services, "webhooks", "webhookName");
    const events = webhook.internal!["events"] as Record<string, any>[];
    return {
      status: 200,
      body: page(
        events.map((value, index) => ({ seq: index, value })),
        request,
        services,
      ),
    };
  },
};
