// The one place that decides, per request, whether the emulator answers an operation at once or as a
// long-running operation, and how that one is polled. It reads the routed operation's spec, so each feed
// gets its own semantics (2025-03-01-preview answers Runs_Cancel at once where 2019-06-01-preview polls it)
// and a feed added later needs no code here:
// - an operation its feed does not declare long-running is answered at once;
// - Azure answers some operations at once although the swagger declares them long-running (measured from
//   recorded live traffic and the Azure CLI's code): those are answered at once in every feed;
// - a long-running operation whose feed declares `final-state-via` is polled the way it says (the 201 or
//   202 carries that header only; the final state is then where the client looks for it);
// - one without (the 2019-06-01-preview and 2021-08-01-preview feeds) gets the style asyncOperations.ts lists.
import type { OperationSpec } from "acr-tasks/catalog";
import type { ArmRequest } from "../arm/armMessages.js";

/** The polling headers of a first answer: "both" is Azure-AsyncOperation and Location. */
export type PollingStyle = "azure-async-operation" | "location" | "both" | "operation-location";

/** The first answer of a long-running operation: its status and polling style. */
export interface LongRunningAnswer {
  readonly status: 200 | 201 | 202;
  readonly polling: PollingStyle;
}

/**
 * Declared long-running, answered at once by Azure (a 200 with the finished result), as the recordings of
 * live Azure show. Runs_Update is no more than a flag on the run: the emulator has always answered it at
 * once. Registries_Update and Registries_Delete are long-running only in some cases, which their handler
 * decides (with `longRunningWhenAsync`).
 */
const answeredAtOnceByAzure: ReadonlySet<string> = new Set([
  "Registries_ScheduleRun",
  "Runs_Update",
  "Tasks_Create",
  "Tasks_Update",
  "Tasks_Delete",
  "TaskRuns_Delete",
  "Registries_Update",
  "Registries_Delete",
  "Registries_GenerateCredentials",
  "ScopeMaps_Create",
  "Webhooks_Create",
  "Webhooks_Update",
  "Webhooks_Delete",
  "ConnectedRegistries_Create",
  "ConnectedRegistries_Update",
  "ConnectedRegistries_Delete",
]);

type FinalStateVia = NonNullable<NonNullable<OperationSpec["lro"]>["finalStateVia"]>;

/** The header a client follows for each declared final state. */
const pollingByFinalState: Readonly<Record<FinalStateVia, PollingStyle>> = {
  "azure-async-operation": "azure-async-operation",
  location: "location",
  // The client follows the status monitor, then reads the resource at the request's own URI.
  "original-uri": "azure-async-operation",
  "operation-location": "operation-location",
};

/**
 * What asyncOperations.ts gives each kind of request when the feed declares no final state. A PUT or a
 * PATCH is 201 with Azure-AsyncOperation alone, whether the PUT creates or replaces: so the recordings show
 * registries, private endpoint connections, agent pools, replications, scope maps and tokens answered.
 */
function defaultAnswer(op: OperationSpec): LongRunningAnswer {
  switch (op.method) {
    case "PUT":
    case "PATCH":
      return { status: 201, polling: "azure-async-operation" };
    case "DELETE":
      return { status: 202, polling: "location" };
    default:
      return { status: 202, polling: "both" };
  }
}

/**
 * How a request is answered: `undefined` when at once, otherwise the first answer of its long-running
 * operation.
 */
export function longRunningAnswer(request: Pick<ArmRequest, "op">): LongRunningAnswer | undefined {
  if (answeredAtOnceByAzure.has(request.op.operationId)) return undefined;
  return longRunningWhenAsync(request);
}

/**
 * The first answer of an operation its feed declares long-running, for a handler that answers it
 * long-running only in some cases (a registry PATCH that changes its identity); undefined when the feed
 * does not declare it long-running.
 */
export function longRunningWhenAsync(request: Pick<ArmRequest, "op">): LongRunningAnswer | undefined {
  const { op } = request;
  if (!op.lro) return undefined;
  const finalStateVia = op.lro.finalStateVia;
  if (!finalStateVia) return defaultAnswer(op);
  // 201 for a PUT or PATCH, 202 otherwise, unless the feed declares only another one.
  const preferred =
    op.method === "PUT" || op.method === "PATCH" ? ([201, 202, 200] as const) : ([202, 201, 200] as const);
  return {
    status: preferred.find((status) => String(status) in op.responses) ?? preferred[0],
    polling: pollingByFinalState[finalStateVia],
  };
}

/** For handlers that serve an operation only as long-running (a pipeline run transfers for a while). */
export function requireLongRunning(request: Pick<ArmRequest, "op">): LongRunningAnswer {
  const answer = longRunningAnswer(request);
  if (!answer)
    throw new Error(
      `${request.op.operationId} at ${request.op.apiVersion} is not long-running, and the emulator serves it only as long-running`,
    );
  return answer;
}
