// Operations_List: the provider's operations, derived from the catalog (one read/write/delete/action
// per resource type and action path), so it always matches what the emulator serves.
import type { OperationHandler } from "../services.js";
import { page } from "../arm/paging.js";
import { allOperations } from "../arm/router.js";

function operationName(method: string, path: string): string | undefined {
  const marker = "/providers/Microsoft.ContainerRegistry/";
  const index = path.indexOf(marker);
  if (index < 0) return undefined;
  const segments = path
    .slice(index + marker.length)
    .split("/")
    .filter((segment) => !segment.startsWith("{"));
  const resourceType = segments.join("/");
  if (method === "GET") return `Microsoft.ContainerRegistry/${resourceType}/read`;
  if (method === "PUT" || method === "PATCH") return `Microsoft.ContainerRegistry/${resourceType}/write`;
  if (method === "DELETE") return `Microsoft.ContainerRegistry/${resourceType}/delete`;
  return `Microsoft.ContainerRegistry/${resourceType}/action`;
}

const definitions = [
  ...new Set(allOperations.map((op) => operationName(op.method, op.path)).filter((name): name is string => !!name)),
]
  .sort()
  .map((name) => {
    const parts = name.split("/");
    const verb = parts[parts.length - 1]!;
    const resource = parts.slice(1, -1).join("/");
    return {
      origin: "user,system",
      name,
      isDataAction: false,
      display: {
        provider: "Microsoft Container Registry",
        resource,
        operation: `${verb} ${resource}`,
        description: `${verb === "action" ? "Performs" : verb[0]!.toUpperCase() + verb.slice(1)} ${resource}`,
      },
    };
  });

export const operationsListHandlers: Record<string, OperationHandler> = {
  Operations_List: (request, services) => ({
    status: 200,
    body: page(
      definitions.map((value, seq) => ({ seq, value })),
      request,
      services,
    ),
  }),
};
