// Generic ARM CRUD for the child resources of a registry (tasks, agent pools, webhooks, tokens, ...):
// one description per collection, answered at once or long-running as longRunning/firstAnswer.ts decides,
// paged as arm/paging.ts pages.
import type { ArmReply, ArmRequest } from "../arm/armMessages.js";
import type { EmulatorServices, OperationHandler } from "../services.js";
import type { BeginOptions } from "../longRunning/asyncOperations.js";
import { longRunningAnswer, type LongRunningAnswer } from "../longRunning/firstAnswer.js";
import { page } from "../arm/paging.js";
import type { StoredResource } from "../state/state.js";
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
    services: EmulatorServices,
  ): Stored;
  /** The stored body after a PATCH (default: merge-patch of the body onto the resource). */
  update?(
    existing: StoredResource,
    patch: Record<string, any>,
    registry: StoredResource,
    services: EmulatorServices,
  ): Stored;
  /** What GET returns (default: the stored body), e.g. with secrets removed. */
  view?(resource: StoredResource, services: EmulatorServices): Record<string, any>;
  /** Throws a 409 when the resource may not be deleted now. */
  beforeDelete?(resource: StoredResource, registry: StoredResource, services: EmulatorServices): void;
  /** How long a DELETE takes at timeScale 1 (default: the LRO default of 2 s). */
  deleteRealisticMs?: number;
  /**
   * A long-running DELETE answers with the resource (provisioningState Deleting), and its Location with
   * `{status: "Succeeded"}` once done, as agent pools do; other resources answer both without a body.
   */
  deletionShowsResource?: boolean;
}

export interface Stored {
  body: Record<string, any>;
  internal?: Record<string, any>;
}

/** Registers the completions every collection relies on. */
export function registerCrudCompletions(services: EmulatorServices): void {
  services.asyncOperations.register("provision", (operation) => {
    const resource = operation.resourceId ? services.store.get(operation.resourceId) : undefined;
    if (resource) {
      setProvisioningState(resource, "Succeeded");
      services.store.changed();
    }
    return { done: true };
  });
  services.asyncOperations.register("delete", (operation) => {
    if (operation.resourceId) services.store.removeTree(operation.resourceId);
    return { done: true };
  });
  services.asyncOperations.register("result", () => ({ done: true }));
}

export function viewOf(
  spec: CollectionSpec,
  resource: StoredResource,
  services: EmulatorServices,
): Record<string, any> {
  return spec.view ? spec.view(resource, services) : resource.body;
}

/** Handlers for `<Group>_Create|CreateOrUpdate|Get|List|Update|Delete`, for those the group has. */
export function crudHandlers(group: string, spec: CollectionSpec): Record<string, OperationHandler> {
  const create: OperationHandler = (request, services) => {
    const registry = requireRegistry(request, services);
    const id = childId(registry.id, spec.collection, request.params[spec.nameParameter]!);
    const existing = services.store.get(id);
    if (existing) assertNotBusy(services, existing);
    const stored = spec.create(request.body, registry, existing, services);
    const body = envelope(existing?.id ?? id, spec.type, stored.body, existing?.body);
    const resource = services.store.put(id, body, stored.internal);
    const answer = longRunningAnswer(request);
    if (!answer) return finishedNow(services, resource, spec);
    setProvisioningState(resource, existing ? "Updating" : "Creating");
    return beginProvisioning(request, services, registry, resource, answer, spec);
  };
  return {
    [`${group}_Create`]: create,
    [`${group}_CreateOrUpdate`]: create,
    [`${group}_Get`]: (request, services) => {
      const resource = requireChild(request, services, spec.collection, spec.nameParameter);
      return { status: 200, body: viewOf(spec, resource, services) };
    },
    [`${group}_List`]: (request, services) => {
      const registry = requireRegistry(request, services);
      const entries = services.store
        .children(registry.id, spec.collection)
        .map((r) => ({ seq: r.seq, value: viewOf(spec, r, services) }));
      return { status: 200, body: page(entries, request, services) };
    },
    [`${group}_Update`]: (request, services) => {
      const registry = requireRegistry(request, services);
      const existing = requireChild(request, services, spec.collection, spec.nameParameter);
      assertNotBusy(services, existing);
      const stored = spec.update
        ? spec.update(existing, request.body, registry, services)
        : { body: mergePatch(existing.body, request.body) };
      const resource = services.store.put(
        existing.id,
        { ...stored.body, systemData: envelope(existing.id, spec.type, {}, existing.body)["systemData"] },
        stored.internal,
      );
      const answer = longRunningAnswer(request);
      if (!answer) return finishedNow(services, resource, spec);
      setProvisioningState(resource, "Updating");
      return beginProvisioning(request, services, registry, resource, answer, spec);
    },
    [`${group}_Delete`]: (request, services) => deleteChild(request, services, spec),
  };
}

/** A create or update Azure finishes before answering: 200 with the resource Succeeded. */
export function finishedNow(services: EmulatorServices, resource: StoredResource, spec?: CollectionSpec): ArmReply {
  setProvisioningState(resource, "Succeeded");
  services.store.changed();
  return { status: 200, body: spec ? viewOf(spec, resource, services) : resource.body };
}

/**
 * Begins a long-running operation of a request on `registry` (or on something in it), polled in the
 * registry's location, and gives its first answer as `answer` says, with `body` if any.
 */
export function beginOperation(
  request: ArmRequest,
  services: EmulatorServices,
  registry: StoredResource,
  answer: LongRunningAnswer,
  options: Omit<BeginOptions, "subscriptionId" | "apiVersion" | "location">,
  body?: unknown,
): ArmReply {
  const operation = services.asyncOperations.begin({
    subscriptionId: request.params["subscriptionId"]!,
    apiVersion: request.apiVersion,
    location: locationOf(registry),
    ...options,
  });
  return services.asyncOperations.accepted(operation, answer, body);
}

/** Begins provisioning a resource that a PUT or PATCH changed, and answers as `answer` says. */
export function beginProvisioning(
  request: ArmRequest,
  services: EmulatorServices,
  registry: StoredResource,
  resource: StoredResource,
  answer: LongRunningAnswer,
  spec?: CollectionSpec,
): ArmReply {
  const shown = spec ? viewOf(spec, resource, services) : resource.body;
  return beginOperation(
    request,
    services,
    registry,
    answer,
    { resourceId: resource.id, completion: "provision" },
    shown,
  );
}

export function deleteChild(request: ArmRequest, services: EmulatorServices, spec: CollectionSpec): ArmReply {
  const registry = requireRegistry(request, services);
  const resource = services.store.get(childId(registry.id, spec.collection, request.params[spec.nameParameter]!));
  // ARM answers 204 to the DELETE of something that does not exist.
  if (!resource) return { status: 204 };
  return beginDelete(request, services, registry, resource, spec);
}

export function beginDelete(
  request: ArmRequest,
  services: EmulatorServices,
  registry: StoredResource,
  resource: StoredResource,
  spec?: CollectionSpec,
): ArmReply {
  assertNotBusy(services, resource);
  spec?.beforeDelete?.(resource, registry, services);
  const answer = longRunningAnswer(request);
  if (!answer) {
    services.store.removeTree(resource.id);
    return { status: 200 };
  }
  const shows = spec?.deletionShowsResource === true;
  return beginLongDelete(request, services, registry, resource, answer, {
    realisticMs: spec?.deleteRealisticMs,
    shown: shows ? () => viewOf(spec!, resource, services) : undefined,
    finalResult: shows ? { status: "Succeeded" } : undefined,
  });
}

/**
 * The answer of a POST action that has already done its work (an import, a deactivation): at once (200)
 * when Azure answers it so, otherwise the first answer of an operation that ends on the clock, whose
 * Location then answers `result`, if any.
 */
export function answerAction(
  request: ArmRequest,
  services: EmulatorServices,
  registry: StoredResource,
  result?: unknown,
): ArmReply {
  const answer = longRunningAnswer(request);
  if (!answer) return { status: 200 };
  return beginOperation(request, services, registry, answer, { completion: "result", result });
}

export interface LongDeleteOptions {
  /** How long the deletion takes at timeScale 1 (default: the LRO default of 2 s). */
  realisticMs?: number;
  /** The body of the first answer (the resource, Deleting), if it has one. */
  shown?: () => Record<string, any>;
  /** What the Location answers once the deletion is done (default: no body). */
  finalResult?: unknown;
}

/** Starts deleting `resource` as a long-running operation answered as `answer` says. */
export function beginLongDelete(
  request: ArmRequest,
  services: EmulatorServices,
  registry: StoredResource,
  resource: StoredResource,
  answer: LongRunningAnswer,
  options: LongDeleteOptions = {},
): ArmReply {
  setProvisioningState(resource, "Deleting");
  services.store.changed();
  return beginOperation(
    request,
    services,
    registry,
    answer,
    { resourceId: resource.id, completion: "delete", realisticMs: options.realisticMs, result: options.finalResult },
    options.shown?.(),
  );
}
