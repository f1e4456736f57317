// createEncodedTaskRunRequest / createEncodedTaskStep / createEncodedTaskStepUpdate build the
// base64 for the caller, and decodeEncodedTask gives the YAML text back.
import nock from "nock";
import { describe, expect, test } from "vitest";
import {
  ValidationError,
  createEncodedTaskRunRequest,
  createEncodedTaskStep,
  createEncodedTaskStepUpdate,
  decodeEncodedTask,
  type RunRequest,
} from "../../src/index.js";
import { ARM, REGISTRY, REGISTRY_PATH, RG, makeClient, scripted } from "./_support/client.js";

const taskYaml = "version: v1.1.0\nsteps:\n  - cmd: echo {{.Values.greeting}} — ünïcødé ✓\n";
const valuesYaml = "greeting: héllo\n";

describe("round trips", () => {
  test("createEncodedTaskRunRequest -> decodeEncodedTask gives the YAML back", () => {
    const request = createEncodedTaskRunRequest({
      taskYaml,
      valuesYaml,
      platform: { os: "Linux" },
      timeout: 600,
      agentPoolName: "pool",
    });
    expect(request.type).toBe("EncodedTaskRunRequest");
    expect(request.encodedTaskContent).toBe(Buffer.from(taskYaml, "utf8").toString("base64"));
    expect(request).toMatchObject({ platform: { os: "Linux" }, timeout: 600, agentPoolName: "pool" });
    expect(decodeEncodedTask(request)).toEqual({ taskYaml, valuesYaml });
  });

  test("createEncodedTaskStep -> decodeEncodedTask, without values", () => {
    const step = createEncodedTaskStep({ taskYaml, contextPath: "https://github.com/a/b.git" });
    expect(step.type).toBe("EncodedTask");
    expect(step).not.toHaveProperty("encodedValuesContent");
    expect(step).not.toHaveProperty("values");
    expect(decodeEncodedTask(step)).toEqual({ taskYaml, valuesYaml: undefined });
  });

  test("createEncodedTaskStepUpdate encodes only what is given", () => {
    const update = createEncodedTaskStepUpdate({ valuesYaml });
    expect(update).toEqual({ type: "EncodedTask", encodedValuesContent: Buffer.from(valuesYaml).toString("base64") });
    expect(decodeEncodedTask(update)).toEqual({ taskYaml: undefined, valuesYaml });
    expect(createEncodedTaskStepUpdate({})).toEqual({ type: "EncodedTask" });
  });

  test("values as a map become SetValues (not secret); a SetValue list keeps isSecret", () => {
    expect(
      createEncodedTaskRunRequest({ taskYaml, platform: { os: "Linux" }, values: { a: "1", b: "2" } }).values,
    ).toEqual([
      { name: "a", value: "1", isSecret: false },
      { name: "b", value: "2", isSecret: false },
    ]);
    const secret = [{ name: "pw", value: "x", isSecret: true }];
    expect(createEncodedTaskStep({ taskYaml, values: secret }).values).toEqual(secret);
  });

  test("the built request is accepted by the client and sent as built", async () => {
    nock.disableNetConnect();
    try {
      const { requests } = scripted(ARM, [{ status: 200, body: { id: `${REGISTRY_PATH}/runs/cf1`, name: "cf1" } }]);
      const request: RunRequest = createEncodedTaskRunRequest({
        taskYaml,
        platform: { os: "Linux", architecture: "amd64" },
      });
      await makeClient().registries.scheduleRun(RG, REGISTRY, request);
      expect(requests[0].body).toEqual(request);
      expect(decodeEncodedTask(requests[0].body as { encodedTaskContent: string }).taskYaml).toBe(taskYaml);
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});

describe("bad input", () => {
  test.each([[""], ["   \n"], [undefined]])("taskYaml %j is refused", (yaml) => {
    expect(() => createEncodedTaskRunRequest({ taskYaml: yaml as never, platform: { os: "Linux" } })).toThrow(
      ValidationError,
    );
    expect(() => createEncodedTaskStep({ taskYaml: yaml as never })).toThrow(/taskYaml must be non-empty YAML text/);
  });

  test("decodeEncodedTask refuses what is not base64", () => {
    expect(() => decodeEncodedTask({ encodedTaskContent: "not base64!" })).toThrow(/encodedTaskContent must be base64/);
    expect(() => decodeEncodedTask({ encodedTaskContent: "abc" })).toThrow(ValidationError);
    expect(() => decodeEncodedTask({ encodedTaskContent: "YQ==", encodedValuesContent: "%%%%" })).toThrow(
      /encodedValuesContent/,
    );
  });
});
