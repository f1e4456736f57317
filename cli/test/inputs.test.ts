// The flags' checks, before anything is sent: az's readings of names, values and platforms.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  argumentOrFlag,
  checkUniqueNames,
  count,
  namedValues,
  platform,
  registryName,
  targetInputs,
  timeoutSeconds,
} from "../src/inputs.js";

const subscription = "00000000-0000-0000-0000-000000000001";

describe("targetInputs", () => {
  test("the registry by name or login server; the endpoint without its trailing slash", () => {
    const env = { AZURE_SUBSCRIPTION_ID: subscription, ACR_TASKS_ENDPOINT: "https://127.0.0.1:8443/" };
    expect(targetInputs({ registry: "MyRegistry.azurecr.io", "resource-group": "rg" }, env)).toEqual({
      registry: "MyRegistry",
      resourceGroup: "rg",
      subscriptionId: subscription,
      endpoint: "https://127.0.0.1:8443",
    });
    expect(targetInputs({ registry: "myreg", endpoint: "https://arm.example" }, env).endpoint).toBe(
      "https://arm.example",
    );
  });

  test("the subscription: --subscription (an id, or a name az knows), then AZURE_SUBSCRIPTION_ID, then az's default", () => {
    const home = mkdtempSync(join(tmpdir(), "acr-cli-profile-"));
    // az writes azureProfile.json with a byte order mark.
    writeFileSync(
      join(home, "azureProfile.json"),
      "\uFEFF" +
        JSON.stringify({
          subscriptions: [
            { id: "11111111-1111-1111-1111-111111111111", name: "Dev", isDefault: false },
            { id: "22222222-2222-2222-2222-222222222222", name: "Prod", isDefault: true },
          ],
        }),
    );
    const az = { AZURE_CONFIG_DIR: home };
    const of = (values: Record<string, string>, env: NodeJS.ProcessEnv) =>
      targetInputs({ registry: "myreg", ...values }, env).subscriptionId;
    expect(of({ subscription: "dev" }, { ...az, AZURE_SUBSCRIPTION_ID: subscription })).toBe(
      "11111111-1111-1111-1111-111111111111",
    );
    expect(of({}, { ...az, AZURE_SUBSCRIPTION_ID: subscription })).toBe(subscription);
    expect(of({}, az)).toBe("22222222-2222-2222-2222-222222222222");
    expect(() => of({ subscription: "Staging" }, az)).toThrow(/--subscription must be a subscription id/);
    expect(() => of({}, { AZURE_CONFIG_DIR: join(home, "none") })).toThrow(/no subscription: give --subscription/);
  });

  test("refusals name the flag and the rule", () => {
    const env = { AZURE_SUBSCRIPTION_ID: subscription };
    expect(() => targetInputs({}, env)).toThrow("-r/--registry is required");
    expect(() => registryName("my_registry")).toThrow("-r/--registry must be 5 to 50 letters and digits");
    expect(() => registryName("abc")).toThrow(/got 'abc'/);
    expect(() => targetInputs({ registry: "myreg", endpoint: "http://arm" }, env)).toThrow(
      "--endpoint (or ACR_TASKS_ENDPOINT) must be an https URL",
    );
  });
});

describe("flag values", () => {
  test("name[=value]: split at the first '='; without one, the environment's value (build args) or empty (--set)", () => {
    const values = { "build-arg": ["A=1=2", "HOME_DIR", "EMPTY="], set: ["who"] };
    expect(namedValues(values, "build-arg", { valueFromEnvironment: { HOME_DIR: "/root" } })).toEqual([
      { name: "A", value: "1=2" },
      { name: "HOME_DIR", value: "/root" },
      { name: "EMPTY", value: "" },
    ]);
    expect(namedValues(values, "set", { isSecret: true })).toEqual([{ name: "who", value: "", isSecret: true }]);
    expect(() => namedValues({ set: ["=x"] }, "set")).toThrow("--set must be NAME=VALUE (or NAME), got '=x'");
    expect(() =>
      checkUniqueNames(
        [
          { name: "a", value: "1" },
          { name: "a", value: "2" },
        ],
        "--set",
      ),
    ).toThrow("--set name 'a' twice");
  });

  test("--platform as az reads it: lower-cased, amd64 unless given, a variant if given", () => {
    expect(platform(undefined)).toEqual({ os: "linux", architecture: "amd64" });
    expect(platform("Linux/ARM64/v8")).toEqual({ os: "linux", architecture: "arm64", variant: "v8" });
    expect(platform("windows")).toEqual({ os: "windows", architecture: "amd64" });
    expect(() => platform("linux/arm/v7/x")).toThrow("--platform must be OS[/ARCH[/VARIANT]]");
    expect(() => platform("linux//v7")).toThrow(/--platform/);
  });

  test("--timeout from 300 to 28800 seconds; --top at least 1", () => {
    expect(timeoutSeconds("600")).toBe(600);
    expect(timeoutSeconds(undefined)).toBeUndefined();
    for (const bad of ["299", "28801", "10m", "-5", "1e3"]) expect(() => timeoutSeconds(bad)).toThrow(/--timeout/);
    expect(count(undefined, "top", 15)).toBe(15);
    expect(count("3", "top", 15)).toBe(3);
    expect(() => count("0", "top", 15)).toThrow("--top must be a whole number of at least 1, got '0'");
  });

  test("RUN_ID as the argument or --run-id, not two different ones", () => {
    expect(argumentOrFlag({}, ["cb1"], "run-id", "RUN_ID")).toBe("cb1");
    expect(argumentOrFlag({ "run-id": "cb2" }, [], "run-id", "RUN_ID")).toBe("cb2");
    expect(() => argumentOrFlag({ "run-id": "cb2" }, ["cb1"], "run-id", "RUN_ID")).toThrow("RUN_ID is given twice");
    expect(() => argumentOrFlag({}, [], "run-id", "RUN_ID")).toThrow("RUN_ID is required");
  });
});
