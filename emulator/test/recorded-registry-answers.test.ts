// What the recordings of live Azure (../shared/azure-cli-recordings) show of registries and their children,
// each behaviour checked on its own: which requests are long-running, and the fields Azure returns.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, createRegistry, operationEnded, pollingHeaders, registryPath, send, waitFor } from "./helpers.js";

let emulator: RunningEmulator;
const registry = "recordedreg1";
const url = (path: string, name = registry) => `${registryPath(name)}${path}?api-version=${arm}`;
const settled = async (response: { headers: Record<string, unknown> }) => {
  const monitor = String(response.headers["azure-asyncoperation"]);
  await waitFor(async () => operationEnded((await send(emulator, "GET", monitor)).body.status));
};
const identityId = (name: string) =>
  `/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

describe("registries: long-running as Azure answers them", () => {
  test("Registries_Create replacing a registry: 201 with Azure-AsyncOperation, as creating one", async () => {
    const replaced = await send(emulator, "PUT", url(""), {
      body: { location: "westus", sku: { name: "Premium" }, tags: { env: "test" } },
    });
    expect([replaced.status, pollingHeaders(replaced), replaced.body.properties.provisioningState]).toEqual([
      201,
      ["azure-asyncoperation"],
      "Updating",
    ]);
    await settled(replaced);
    expect((await send(emulator, "GET", url(""))).body).toMatchObject({ tags: { env: "test" } });
  });

  test.each([
    ["its identity", { identity: { type: "SystemAssigned" } }],
    ["anonymous pull", { properties: { anonymousPullEnabled: true } }],
    [
      "its encryption",
      {
        identity: { type: "UserAssigned", userAssignedIdentities: { [identityId("cmk")]: {} } },
        properties: {
          encryption: {
            status: "enabled",
            keyVaultProperties: { keyIdentifier: "https://vault1.vault.azure.net/keys/key1/0123456789abcdef" },
          },
        },
      },
    ],
  ])("Registries_Update changing %s: 201 with Azure-AsyncOperation, Updating", async (_, patch) => {
    const patched = await send(emulator, "PATCH", url(""), { body: patch });
    expect([patched.status, pollingHeaders(patched), patched.body.properties.provisioningState]).toEqual([
      201,
      ["azure-asyncoperation"],
      "Updating",
    ]);
    await settled(patched);
  });

  test("Registries_Update changing anything else (or setting what is already set): 200, applied", async () => {
    for (const patch of [{ properties: { adminUserEnabled: true } }, { properties: { anonymousPullEnabled: true } }]) {
      const patched = await send(emulator, "PATCH", url(""), { body: patch });
      expect([patched.status, pollingHeaders(patched), patched.body.properties.provisioningState]).toEqual([
        200,
        [],
        "Succeeded",
      ]);
    }
  });

  test("Registries_Delete: 200 at once, but 202 with Location and the registry Deleting once it is geo-replicated", async () => {
    await createRegistry(emulator, "plainreg1");
    expect((await send(emulator, "DELETE", url("", "plainreg1"))).status).toBe(200);
    await createRegistry(emulator, "georeg1");
    const replica = await send(emulator, "PUT", url("/replications/eastus", "georeg1"), {
      body: { location: "eastus" },
    });
    await settled(replica);
    const deleted = await send(emulator, "DELETE", url("", "georeg1"));
    expect([deleted.status, pollingHeaders(deleted), deleted.body.properties.provisioningState]).toEqual([
      202,
      ["location"],
      "Deleting",
    ]);
    const location = String(deleted.headers["location"]);
    await waitFor(async () => (await send(emulator, "GET", location)).status === 200);
    expect((await send(emulator, "GET", url("", "georeg1"))).status).toBe(404);
  });
});

describe("registries: the fields Azure returns", () => {
  test("customer-managed keys: the key version in use, whether Azure rotates it, and when it last changed", async () => {
    const encryption = (await send(emulator, "GET", url(""))).body.properties.encryption;
    expect(encryption.keyVaultProperties).toMatchObject({
      keyIdentifier: "https://vault1.vault.azure.net/keys/key1/0123456789abcdef",
      versionedKeyIdentifier: "https://vault1.vault.azure.net/keys/key1/0123456789abcdef",
      keyRotationEnabled: false,
    });
    expect(encryption.keyVaultProperties).not.toHaveProperty("lastKeyRotationTimestamp");
    const rotated = await send(emulator, "PATCH", url(""), {
      body: {
        properties: {
          encryption: { keyVaultProperties: { keyIdentifier: "https://vault1.vault.azure.net/keys/key2" } },
        },
      },
    });
    await settled(rotated);
    const after = (await send(emulator, "GET", url(""))).body.properties.encryption.keyVaultProperties;
    expect(after.versionedKeyIdentifier).toMatch(/^https:\/\/vault1\.vault\.azure\.net\/keys\/key2\/[0-9a-f]{32}$/);
    expect(after).toMatchObject({ keyRotationEnabled: true, lastKeyRotationTimestamp: expect.any(String) });
  });

  test("an identity of type None is no identity at all", async () => {
    const patched = await send(emulator, "PATCH", url(""), { body: { identity: { type: "None" } } });
    await settled(patched);
    expect((await send(emulator, "GET", url(""))).body).not.toHaveProperty("identity");
  });

  test("network rules: both lists always there, every rule with its action", async () => {
    const patched = await send(emulator, "PATCH", url(""), {
      body: { properties: { networkRuleSet: { defaultAction: "Deny", ipRules: [{ value: "16.17.18.0/24" }] } } },
    });
    expect(patched.body.properties.networkRuleSet).toEqual({
      defaultAction: "Deny",
      ipRules: [{ action: "Allow", value: "16.17.18.0/24" }],
      virtualNetworkRules: [],
    });
  });

  test("dedicated data endpoints: one host name per replicated region, none when disabled", async () => {
    await createRegistry(emulator, "datareg1");
    const enabled = await send(emulator, "PATCH", url("", "datareg1"), {
      body: { properties: { dataEndpointEnabled: true } },
    });
    expect(enabled.body.properties.dataEndpointHostNames).toEqual(["datareg1.westus.data.azurecr.io"]);
    await settled(
      await send(emulator, "PUT", url("/replications/southcentralus", "datareg1"), {
        body: { location: "southcentralus" },
      }),
    );
    expect((await send(emulator, "GET", url("", "datareg1"))).body.properties.dataEndpointHostNames).toEqual([
      "datareg1.southcentralus.data.azurecr.io",
      "datareg1.westus.data.azurecr.io",
    ]);
    const disabled = await send(emulator, "PATCH", url("", "datareg1"), {
      body: { properties: { dataEndpointEnabled: false } },
    });
    expect(disabled.body.properties.dataEndpointHostNames).toEqual([]);
  });

  test("a zone-redundant registry has its home replication from the start, zone-redundant too", async () => {
    const created = await send(emulator, "PUT", url("", "zonereg1"), {
      body: { location: "eastus", sku: { name: "Premium" }, properties: { zoneRedundancy: "Enabled" } },
    });
    await settled(created);
    const home = await send(emulator, "GET", url("/replications/eastus", "zonereg1"));
    expect(home.body).toMatchObject({ tags: {}, properties: { zoneRedundancy: "Enabled" } });
  });

  test("a replication being created shows its status timestamp, not yet a displayStatus", async () => {
    const slow = await startEmulator({ timeScale: 1000 });
    try {
      await send(slow, "PUT", url("", "slowreg1"), { body: { location: "westus", sku: { name: "Premium" } } });
      const created = await send(slow, "PUT", url("/replications/eastus", "slowreg1"), {
        body: { location: "eastus" },
      });
      expect(created.body.properties.status).toEqual({ timestamp: expect.any(String) });
      expect(created.body.tags).toEqual({});
    } finally {
      await slow.close();
    }
  });
});
