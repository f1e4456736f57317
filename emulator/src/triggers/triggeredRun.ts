// A run a trigger starts: the task's step as `tasks.run` (a TaskRunRequest naming the task) would run it,
// AutoBuild for a Docker step and AutoRun otherwise, with what started it on the run (timerTrigger,
// sourceTrigger or imageUpdateTrigger). A disabled task, or a disabled trigger, starts nothing.
import { ArmError } from "../arm/armError.js";
import { newRunFromRequest } from "../resources/runRequests.js";
import type { EmulatorServices } from "../services.js";
import type { StoredResource } from "../state/state.js";

export const taskType = "microsoft.containerregistry/registries/tasks";

export const isTask = (resource: StoredResource) => String(resource.body["type"]).toLowerCase() === taskType;

export const isEnabled = (item: Record<string, any> | undefined) => !!item && item["status"] !== "Disabled";

/** Every task of every registry, oldest first. */
export function allTasks(services: EmulatorServices): StoredResource[] {
  return services.store.all(isTask);
}

/** The task's registry: its id is `{registry id}/tasks/{name}`. */
function registryOf(services: EmulatorServices, task: StoredResource): StoredResource | undefined {
  return services.store.get(task.id.slice(0, task.id.toLowerCase().lastIndexOf("/tasks/")));
}

/**
 * Runs `task` for a trigger; `cause` names the trigger in the log. Undefined (and a line in the log) when the
 * run cannot be made, as a task naming an agent pool that no longer exists.
 */
export function runForTrigger(
  services: EmulatorServices,
  task: StoredResource,
  cause: string,
  extra: Record<string, any>,
  triggerChain?: string[],
): StoredResource | undefined {
  const registry = registryOf(services, task);
  if (!registry || !isEnabled(task.body["properties"])) return undefined;
  try {
    const run = newRunFromRequest({ type: "TaskRunRequest", taskId: task.id }, registry, services);
    const step = (task.body["properties"] as Record<string, any>)["step"] as Record<string, any> | undefined;
    const created = services.runs.create(registry, {
      ...run,
      runType: step?.["type"] === "Docker" ? "AutoBuild" : "AutoRun",
      extra: { ...run.extra, ...extra },
      ...(triggerChain ? { triggerChain } : {}),
    });
    services.log(`task ${task.body["name"]}: ${cause} started run ${created.body["name"]}`);
    return created;
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    services.log(`task ${task.body["name"]}: ${cause} did not start a run (${error.message})`);
    return undefined;
  }
}
