// Generic ARM CRUD for the child resources of a registry (tasks, agent pools, webhooks, tokens, ...):
// one description per collection, answered at once or long-running as longRunning.ts decides, paging of
// paging.ts.
import type { ArmReply, ArmRequest, EmulatorContext, OperationHandler } from "../context.js";
import { longRunningAnswer, type LongRunningAnswer } from "../longRunning.js";
import { page } from "../paging.js";
import type { StoredResource } from "../state.js";
import {
  assertNotBusy,
  childId,
  envelope,
  locationOf,
  mergePatch,
  requireChild,
  requireRegistry,
  setProvisioningState,
} from "./common.js";

export interface CollectionSpec {
  /** Path segment, e.g. "webhooks". */
  collection: string;
  /** ARM resource type, e.g. "Microsoft.ContainerRegistry/registries/webhooks". */
  type: string;
  /** Name of the path parameter naming one item, e.g. "webhookName". */
  nameParameter: string;
  /** The stored body (without envelope) for a PUT body; `existing` is set when replacing. */
  create(
    body: Record<string, any>,
    registry: StoredResource,
    existing: StoredResource | undefined,
    context: EmulatorContext,
  ): Stored;
  /** The stored body after a PATCH (default: merge-patch of the body onto the resource). */
  update?(existing: StoredResource, patch: Record<string, any>, context: EmulatorContext): Stored;
  /** What GET returns (default: the stored body), e.g. with secrets removed. */
  view?(resource: StoredResource, context: EmulatorContext): Record<string, any>;
  /** Throws a 409 when the resource may not be deleted now. */
  beforeDelete?(resource: StoredResource, context: EmulatorContext): void;
  /** How long a DELETE takes at timeScale 1 (default: the LRO default of 2 s). */
  deleteRealisticMs?: number;
}

export interface Stored {
  body: Record<string, any>;
  internal?: Record<string, any>;
}

/** Registers the completions every collection relies on. */
export function registerCrudCompletions(context: EmulatorContext): void {
  context.lro.register("provision", (operation) => {
    const resource = operation.resourceId ? context.store.get(operation.resourceId) : undefined;
    if (resource) {
      setProvisioningState(resource, "Succeeded");
      context.store.changed();
    }
    return { done: true };
  });
  context.lro.register("delete", (operation) => {
    if (operation.resourceId) context.store.removeTree(operation.resourceId);
    return { done: true };
  });
  context.lro.register("result", () => ({ done: true }));
}

export function viewOf(spec: CollectionSpec, resource: StoredResource, context: EmulatorContext): Record<string, any> {
  return spec.view ? spec.view(resource, context) : resource.body;
}

/** Handlers for `<Group>_Create|CreateOrUpdate|Get|List|Update|Delete`, for those the group has. */
export function crudHandlers(group: string, spec: CollectionSpec): Record<string, OperationHandler> {
  const create: OperationHandler = (request, context) => {
    const registry = requireRegistry(request, context);
    const id = childId(registry.id, spec.collection, request.params[spec.nameParameter]!);
    const existing = context.store.get(id);
    if (existing) assertNotBusy(context, existing);
    const stored = spec.create(request.body, registry, existing, context);
    const body = envelope(existing?.id ?? id, spec.type, stored.body, existing?.body);
    const resource = context.store.put(id, body, stored.internal);
    const answer = longRunningAnswer(request, existing !== undefined);
    if (!answer) return finishedNow(context, resource, spec);
    setProvisioningState(resource, existing ? "Updating" : "Creating");
    return beginProvisioning(request, context, registry, resource, answer, spec);
  };
  return {
    [`${group}_Create`]: create,
    [`${group}_CreateOrUpdate`]: create,
    [`${group}_Get`]: (request, context) => {
      const resource = requireChild(request, context, spec.collection, spec.nameParameter);
      return { status: 200, body: viewOf(spec, resource, context) };
    },
    [`${group}_List`]: (request, context) => {
      const registry = requireRegistry(request, context);
      const entries = context.store
        .children(registry.id, spec.collection)
        .map((r) => ({ seq: r.seq, value: viewOf(spec, r, context) }));
      return { status: 200, body: page(entries, request, context) };
    },
    [`${group}_Update`]: (request, context) => {
      const registry = requireRegistry(request, context);
      const existing = requireChild(request, context, spec.collection, spec.nameParameter);
      assertNotBusy(context, existing);
      const stored = spec.update
        ? spec.update(existing, request.body, context)
        : { body: mergePatch(existing.body, request.body) };
      const resource = context.store.put(
        existing.id,
        { ...stored.body, systemData: envelope(existing.id, spec.type, {}, existing.body)["systemData"] },
        stored.internal,
      );
      const answer = longRunningAnswer(request);
      if (!answer) return finishedNow(context, resource, spec);
      setProvisioningState(resource, "Updating");
      return beginProvisioning(request, context, registry, resource, answer, spec);
    },
    [`${group}_Delete`]: (request, context) => deleteChild(request, context, spec),
  };
}

/** A create or update Azure finishes before answering: 200 with the resource Succeeded. */
export function finishedNow(context: EmulatorContext, resource: StoredResource, spec?: CollectionSpec): ArmReply {
  setProvisioningState(resource, "Succeeded");
  context.store.changed();
  return { status: 200, body: spec ? viewOf(spec, resource, context) : resource.body };
}

/** Begins provisioning a resource that a PUT or PATCH changed, and answers as `answer` says. */
export function beginProvisioning(
  request: ArmRequest,
  context: EmulatorContext,
  registry: StoredResource,
  resource: StoredResource,
  answer: LongRunningAnswer,
  spec?: CollectionSpec,
): ArmReply {
  const operation = context.lro.begin({
    subscriptionId: request.params["subscriptionId"]!,
    apiVersion: request.apiVersion,
    location: locationOf(registry),
    resourceId: resource.id,
    completion: "provision",
  });
  return context.lro.accepted(operation, answer, spec ? viewOf(spec, resource, context) : resource.body);
}

export function deleteChild(request: ArmRequest, context: EmulatorContext, spec: CollectionSpec): ArmReply {
  const registry = requireRegistry(request, context);
  const resource = context.store.get(childId(registry.id, spec.collection, request.params[spec.nameParameter]!));
  // ARM answers 204 to the DELETE of something that does not exist.
  if (!resource) return { status: 204 };
  return beginDelete(request, context, registry, resource, spec);
}

export function beginDelete(
  request: ArmRequest,
  context: EmulatorContext,
  registry: StoredResource,
  resource: StoredResource,
  spec?: CollectionSpec,
): ArmReply {
  assertNotBusy(context, resource);
  spec?.beforeDelete?.(resource, context);
  const answer = longRunningAnswer(request);
  if (!answer) {
    context.store.removeTree(resource.id);
    return { status: 200 };
  }
  setProvisioningState(resource, "Deleting");
  context.store.changed();
  const operation = context.lro.begin({
    subscriptionId: request.params["subscriptionId"]!,
    apiVersion: request.apiVersion,
    location: locationOf(registry),
    resourceId: resource.id,
    completion: "delete",
    realisticMs: spec?.deleteRealisticMs,
  });
  return context.lro.accepted(operation, answer);
}
