// An app can construct only the groups it uses over one createOperationContext(...), without the client.
import nock from "nock";
import { afterEach, expect, test } from "vitest";
import { createOperationContext, RunsOperations, TaskRunsOperations, ValidationError } from "../../src/index.js";
import { fakeCredential } from "./_support/client.js";

afterEach(() => nock.cleanAll());

test("a group constructed over createOperationContext sends through the same pipeline as the client", async () => {
  const path =
    "/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myregistry/runs/cb1";
  const scope = nock("https://arm.example.com", { reqheaders: { authorization: /^Bearer / } })
    .get(path)
    .query({ "api-version": "2019-06-01-preview" })
    .reply(200, { name: "cb1", properties: { runId: "cb1", createTime: "2026-01-02T03:04:05Z" } });
  const context = createOperationContext(fakeCredential(), "sub1", { endpoint: "https://arm.example.com" });
  const run = await new RunsOperations(context).get("rg", "myregistry", "cb1");
  expect(run.properties?.createTime).toEqual(new Date("2026-01-02T03:04:05Z"));
  expect(new TaskRunsOperations(context).list).toBeTypeOf("function");
  scope.done();
});

test("createOperationContext validates its arguments like the client", () => {
  expect(() => createOperationContext(fakeCredential(), "")).toThrow(ValidationError);
  expect(() => createOperationContext(fakeCredential(), "sub", { endpoint: "http://plain.example.com" })).toThrow(
    /endpoint must be an https URL/,
  );
});
