// GET /subscriptions/{s}/resources and /subscriptions/{s}/resourceGroups/{rg}/resources: ARM's
// listing of tracked resources (those with a location) in their generic shape. Every `az acr` command
// given a registry name without a group finds the group this way, with
// `$filter=resourceType eq 'Microsoft.ContainerRegistry/registries'`.
import { badRequest } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { EmulatorServices } from "../services.js";
import { page, type PagedRequest } from "../arm/paging.js";
import type { StoredResource } from "../state/state.js";

type Clause = { field: "resourcetype" | "resourcegroup" | "name" | "location"; value: string };

/** `field eq 'value'` clauses joined by `and`, the part of ARM's $filter tools use. */
export function parseResourceFilter(filter: string): Clause[] {
  const clauses: Clause[] = [];
  const clause = /^\s*(resourceType|resourceGroup|name|location)\s+eq\s+'((?:[^']|'')*)'\s*(?:and\s+|$)/i;
  let rest = filter;
  while (rest.trim() !== "") {
    const match = clause.exec(rest);
    if (!match) {
      throw badRequest(
        "InvalidFilterInQueryString",
        `Invalid $filter '${filter}': the emulator supports "resourceType eq '...'", "resourceGroup eq '...'", "name eq '...'" and "location eq '...'", joined by 'and'.`,
        "$filter",
      );
    }
    clauses.push({ field: match[1]!.toLowerCase() as Clause["field"], value: match[2]!.replace(/''/g, "'") });
    rest = rest.slice(match[0].length);
  }
  return clauses;
}

function fieldOf(resource: StoredResource, field: Clause["field"]): string {
  switch (field) {
    case "resourcetype":
      return String(resource.body["type"] ?? "");
    case "resourcegroup":
      return resource.id.split("/")[4] ?? "";
    case "name":
      return resource.id.slice(resource.id.lastIndexOf("/") + 1);
    case "location":
      return String(resource.body["location"] ?? "").replace(/\s+/g, "");
  }
}

function generic(resource: StoredResource): Record<string, unknown> {
  const { id, type, location, tags, sku, identity, kind, systemData } = resource.body;
  return {
    id,
    name: resource.id
      .split("/")
      .slice(8)
      .filter((_, index) => index % 2 === 0)
      .join("/"),
    type,
    location,
    ...(tags !== undefined ? { tags } : {}),
    ...(sku !== undefined ? { sku } : {}),
    ...(identity !== undefined ? { identity } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(systemData !== undefined ? { systemData } : {}),
  };
}

/** The value a clause compares with, lower-cased; locations without spaces ("West US" is westus). */
function normalise(clause: Clause): string {
  const value = clause.value.toLowerCase();
  return clause.field === "location" ? value.replace(/\s+/g, "") : value;
}

export function listResources(services: EmulatorServices, request: PagedRequest, scope: string): ArmReply {
  const filterText = request.query.get("$filter");
  const clauses = filterText ? parseResourceFilter(filterText) : [];
  const resources = services.store.withIdPrefix(
    `${scope}/`,
    (resource) =>
      resource.id.toLowerCase().includes("/providers/") &&
      typeof resource.body["location"] === "string" &&
      clauses.every((clause) => fieldOf(resource, clause.field).toLowerCase() === normalise(clause)),
  );
  return {
    status: 200,
    body: page(
      resources.map((resource) => ({ seq: resource.seq, value: generic(resource) })),
      request,
      services,
    ),
  };
}
