// The one decision of longRunning/firstAnswer.ts, per operation and feed: answered at once, or long-running with which
// first status and polling headers. The 2019-06-01-preview column is what the recordings of live Azure show
// (a PUT, replacing or not, and a PATCH are 201 with Azure-AsyncOperation alone); the 2025-03-01-preview
// one follows that feed's `lro` and final-state-via.
import { alternativeFeeds, feeds, type OperationSpec } from "acr-tasks/catalog";
import { describe, expect, test } from "vitest";
import { longRunningAnswer, longRunningWhenAsync, requireLongRunning } from "../src/longRunning/firstAnswer.js";

const tasksFeed = (apiVersion: string) =>
  [...feeds, ...alternativeFeeds].find((feed) => feed.apiVersion === apiVersion)!;
const spec = (apiVersion: string, operationId: string): OperationSpec =>
  tasksFeed(apiVersion).operations.find((op) => op.operationId === operationId)!;
const describeAnswer = (op: OperationSpec) => {
  const answer = longRunningAnswer({ op });
  return answer ? `${answer.status} ${answer.polling}` : "at once";
};

// [operation, 2019-06-01-preview, 2025-03-01-preview].
const table: [string, string, string][] = [
  ["Registries_ScheduleRun", "at once", "at once"],
  ["Runs_Update", "at once", "at once"],
  ["Runs_Cancel", "202 both", "at once"],
  ["Tasks_Create", "at once", "at once"],
  ["Tasks_Update", "at once", "at once"],
  ["Tasks_Delete", "at once", "at once"],
  ["TaskRuns_Delete", "at once", "at once"],
  ["TaskRuns_Create", "201 azure-async-operation", "201 azure-async-operation"],
  ["TaskRuns_Update", "201 azure-async-operation", "201 azure-async-operation"],
  ["AgentPools_Create", "201 azure-async-operation", "201 azure-async-operation"],
  ["AgentPools_Update", "201 azure-async-operation", "201 azure-async-operation"],
  ["AgentPools_Delete", "202 location", "202 location"],
];

describe.each(["2019-06-01-preview", "2025-03-01-preview"])("the tasks operations at %s", (apiVersion) => {
  const column = apiVersion === "2019-06-01-preview" ? 1 : 2;
  test.each(table.map((row) => [row[0], row[column]!]))("%s: %s", (name, expected) => {
    expect(describeAnswer(spec(apiVersion, name))).toBe(expected);
  });

  test("every operation not declared long-running is answered at once", () => {
    for (const op of tasksFeed(apiVersion).operations.filter((op) => !op.lro))
      expect(describeAnswer(op), op.operationId).toBe("at once");
  });
});

describe("the registry operations at 2021-08-01-preview, as the recordings of live Azure show them", () => {
  const registrySpec = (operationId: string) => spec("2021-08-01-preview", operationId);
  test.each([
    ["Registries_Create", "201 azure-async-operation"],
    ["PrivateEndpointConnections_CreateOrUpdate", "201 azure-async-operation"],
    ["Replications_Update", "201 azure-async-operation"],
    ["Replications_Delete", "202 location"],
    ["Webhooks_Create", "at once"],
    ["Webhooks_Update", "at once"],
    ["ConnectedRegistries_Create", "at once"],
    ["ConnectedRegistries_Update", "at once"],
    ["Registries_Update", "at once"],
    ["Registries_Delete", "at once"],
  ])("%s: %s", (operationId, expected) => {
    expect(describeAnswer(registrySpec(operationId))).toBe(expected);
  });

  test("Registries_Update and Registries_Delete, when their handler finds them asynchronous: 201 and 202", () => {
    expect(longRunningWhenAsync({ op: registrySpec("Registries_Update") })).toEqual({
      status: 201,
      polling: "azure-async-operation",
    });
    expect(longRunningWhenAsync({ op: registrySpec("Registries_Delete") })).toEqual({
      status: 202,
      polling: "location",
    });
  });
});

test("every first answer of a long-running operation is a status its feed declares, in all 109 operations", () => {
  for (const op of [...feeds, ...alternativeFeeds].flatMap((feed) => feed.operations)) {
    const answer = longRunningAnswer({ op });
    if (answer)
      expect(Object.keys(op.responses), `${op.operationId} at ${op.apiVersion}`).toContain(String(answer.status));
  }
});

test("a declared final state picks the polling header, whatever the operation (a feed added later works the same)", () => {
  const op = (
    method: OperationSpec["method"],
    finalStateVia: NonNullable<OperationSpec["lro"]>["finalStateVia"],
    responses: string[],
  ): OperationSpec => ({
    ...spec("2025-03-01-preview", "AgentPools_Create"),
    operationId: "Future_Operation",
    method,
    lro: { finalStateVia },
    responses: Object.fromEntries(responses.map((status) => [status, {}])),
  });
  expect(longRunningAnswer({ op: op("POST", "azure-async-operation", ["200", "202"]) })).toEqual({
    status: 202,
    polling: "azure-async-operation",
  });
  expect(longRunningAnswer({ op: op("POST", "location", ["200", "202"]) })).toEqual({
    status: 202,
    polling: "location",
  });
  expect(longRunningAnswer({ op: op("PUT", "original-uri", ["200", "201"]) })).toEqual({
    status: 201,
    polling: "azure-async-operation",
  });
  expect(longRunningAnswer({ op: op("PATCH", "operation-location", ["200", "202"]) })).toEqual({
    status: 202,
    polling: "operation-location",
  });
  // Only 200 declared: the polling header goes with the 200.
  expect(longRunningAnswer({ op: op("DELETE", "location", ["200"]) })).toEqual({ status: 200, polling: "location" });
});

test("a handler that serves an operation only as long-running refuses to answer a feed that made it synchronous", () => {
  expect(() => requireLongRunning({ op: spec("2025-03-01-preview", "Runs_Cancel") })).toThrow(
    /Runs_Cancel at 2025-03-01-preview is not long-running/,
  );
  expect(requireLongRunning({ op: spec("2019-06-01-preview", "Runs_Cancel") })).toEqual({
    status: 202,
    polling: "both",
  });
});
