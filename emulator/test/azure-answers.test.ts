// What the real service answers, from recorded live traffic and the Azure CLI's code, where the swagger
// read literally says otherwise: synchronous answers, merge-patch, identities, token credentials, the
// home-region replication, and the fields Azure returns (and does not).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, build, createRegistry, encoded, registryPath, scheduleRun, send, waitFor } from "./helpers.js";

let emulator: RunningEmulator;
const registry = "answersreg1";
const url = (path: string, version = arm) => `${registryPath(registry)}${path}?api-version=${version}`;
const task = {
  location: "westus",
  properties: {
    platform: { os: "Linux" },
    step: { type: "EncodedTask", encodedTaskContent: encoded("steps:\n  - cmd: bash echo hi\n") },
  },
};

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

describe("synchronous answers", () => {
  test("Tasks_Create answers 200 with the finished task; replacing it too, with no polling header", async () => {
    const created = await send(emulator, "PUT", url("/tasks/synctask", build), { body: task });
    expect(created.status).toBe(200);
    expect(created.body.properties.provisioningState).toBe("Succeeded");
    const replaced = await send(emulator, "PUT", url("/tasks/synctask", build), {
      body: { ...task, tags: { a: "b" } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.properties.provisioningState).toBe("Succeeded");
    expect(replaced.headers["azure-asyncoperation"]).toBeUndefined();
    expect(replaced.headers["location"]).toBeUndefined();
  });

  test("Tasks_Update answers 200 with the finished task", async () => {
    const patched = await send(emulator, "PATCH", url("/tasks/synctask", build), {
      body: { properties: { status: "Disabled" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ status: "Disabled", provisioningState: "Succeeded" });
  });

  test("Registries_Update answers 200 with the registry Succeeded", async () => {
    const patched = await send(emulator, "PATCH", url(""), { body: { properties: { adminUserEnabled: true } } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ adminUserEnabled: true, provisioningState: "Succeeded" });
    expect(patched.headers["azure-asyncoperation"]).toBeUndefined();
  });

  test("ScopeMaps_Create answers 200; Registries_GenerateCredentials 200 with the passwords", async () => {
    const scopeMap = await send(emulator, "PUT", url("/scopeMaps/syncmap"), {
      body: { properties: { actions: ["repositories/hello/content/read"] } },
    });
    expect(scopeMap.status).toBe(200);
    expect(scopeMap.body.properties.provisioningState).toBe("Succeeded");
    const token = await send(emulator, "PUT", url("/tokens/synctoken"), {
      body: { properties: { scopeMapId: scopeMap.body.id } },
    });
    await waitFor(
      async () =>
        (await send(emulator, "GET", url("/tokens/synctoken"))).body.properties.provisioningState === "Succeeded",
    );
    const generated = await send(emulator, "POST", url("/generateCredentials"), {
      body: { tokenId: token.body.id, name: "password1" },
    });
    expect(generated.status).toBe(200);
    expect(generated.body).toMatchObject({
      username: "synctoken",
      passwords: [{ name: "password1", value: expect.stringMatching(/.{10,}/) }],
    });
  });

  test("deleting a task, a webhook, a task run, a connected registry: 200, and it is gone", async () => {
    await send(emulator, "PUT", url("/tasks/deltask1", build), { body: task });
    await send(emulator, "PUT", url("/webhooks/delhook1"), {
      body: { location: "westus", properties: { serviceUri: "https://example.com", actions: ["push"] } },
    });
    await send(emulator, "PUT", url("/taskRuns/deltaskrun1", build), {
      body: {
        properties: {
          runRequest: {
            type: "EncodedTaskRunRequest",
            encodedTaskContent: encoded("steps:\n  - cmd: bash echo\n"),
            platform: { os: "Linux" },
          },
        },
      },
    });
    await send(emulator, "PUT", url("/connectedRegistries/delconnected1"), {
      body: {
        properties: {
          mode: "ReadOnly",
          parent: { syncProperties: { tokenId: `${registryPath(registry)}/tokens/synctoken`, messageTtl: "P2D" } },
        },
      },
    });
    const paths = [
      url("/tasks/deltask1", build),
      url("/webhooks/delhook1"),
      url("/taskRuns/deltaskrun1", build),
      url("/connectedRegistries/delconnected1"),
    ];
    for (const path of paths)
      await waitFor(
        async () => (await send(emulator, "GET", path)).body?.properties?.provisioningState === "Succeeded",
      );
    for (const path of paths) {
      expect((await send(emulator, "DELETE", path)).status, path).toBe(200);
      expect((await send(emulator, "GET", path)).status, path).toBe(404);
    }
  });
});

describe("merge-patch", () => {
  test("null for a dictionary entry removes it (az acr task credential remove)", async () => {
    const credentials = {
      customRegistries: {
        "other.azurecr.io": {
          userName: { type: "Opaque", value: "user" },
          password: { type: "Opaque", value: "pass" },
        },
        "kept.azurecr.io": { identity: "[system]" },
      },
    };
    await send(emulator, "PUT", url("/tasks/credtask1", build), {
      body: { ...task, properties: { ...task.properties, credentials } },
    });
    const removed = await send(emulator, "PATCH", url("/tasks/credtask1", build), {
      body: { properties: { credentials: { customRegistries: { "other.azurecr.io": null } } } },
    });
    expect(removed.status).toBe(200);
    expect(Object.keys(removed.body.properties.credentials.customRegistries)).toEqual(["kept.azurecr.io"]);
  });

  test("null for a property removes it; a null does not trip validation", async () => {
    const patched = await send(emulator, "PATCH", url(""), { body: { tags: { a: "1", b: "2" } } });
    expect(patched.body.tags).toEqual({ a: "1", b: "2" });
    expect((await send(emulator, "PATCH", url(""), { body: { tags: { a: null } } })).body.tags).toEqual({ b: "2" });
  });
});

describe("identities", () => {
  test("a system-assigned identity set by PATCH gets principalId and tenantId, kept while it stays", async () => {
    const first = await send(emulator, "PATCH", url("/tasks/synctask", build), {
      body: { identity: { type: "SystemAssigned" } },
    });
    expect(first.body.identity).toMatchObject({
      type: "SystemAssigned",
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      tenantId: emulator.servicePrincipal.tenantId,
    });
    const again = await send(emulator, "PATCH", url("/tasks/synctask", build), { body: { tags: { c: "d" } } });
    expect(again.body.identity.principalId).toBe(first.body.identity.principalId);
    const registryIdentity = await send(emulator, "PATCH", url(""), { body: { identity: { type: "SystemAssigned" } } });
    expect(registryIdentity.body.identity).toMatchObject({
      principalId: expect.any(String),
      tenantId: emulator.servicePrincipal.tenantId,
    });
  });

  test("user-assigned identities get the principalId and clientId of the identity resource", async () => {
    const identityId =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/builder";
    const patched = await send(emulator, "PATCH", url("/tasks/synctask", build), {
      body: { identity: { type: "SystemAssigned, UserAssigned", userAssignedIdentities: { [identityId]: {} } } },
    });
    const user = patched.body.identity.userAssignedIdentities[identityId];
    expect(user).toMatchObject({
      principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const other = await send(emulator, "PUT", url("/tasks/usertask2", build), {
      body: { ...task, identity: { type: "UserAssigned", userAssignedIdentities: { [identityId]: {} } } },
    });
    expect(other.body.identity.userAssignedIdentities[identityId]).toEqual(user);
  });
});

test("a token created without credentials has credentials.passwords [], with passwords once generated", async () => {
  const scopeMapId = `${registryPath(registry)}/scopeMaps/syncmap`;
  const created = await send(emulator, "PUT", url("/tokens/bare1token"), { body: { properties: { scopeMapId } } });
  expect(created.body.properties.credentials).toEqual({ passwords: [] });
  await waitFor(
    async () =>
      (await send(emulator, "GET", url("/tokens/bare1token"))).body.properties.provisioningState === "Succeeded",
  );
  await send(emulator, "POST", url("/generateCredentials"), { body: { tokenId: created.body.id } });
  const shown = (await send(emulator, "GET", url("/tokens/bare1token"))).body.properties.credentials;
  expect(shown.passwords.map((p: { name: string }) => p.name)).toEqual(["password1", "password2"]);
  expect(JSON.stringify(shown)).not.toMatch(/"value"/);
});

test("a PATCH keeping some token passwords (az acr token credential delete) keeps what is known of them", async () => {
  const kept = await send(emulator, "PATCH", url("/tokens/bare1token"), {
    body: { properties: { credentials: { passwords: [{ name: "password1" }] } } },
  });
  const created = (await send(emulator, "GET", url("/tokens/bare1token"))).body.properties.credentials.passwords;
  expect(kept.status).toBe(201);
  expect(created).toEqual([expect.objectContaining({ name: "password1", creationTime: expect.any(String) })]);
});

test("a registry has no replication until it is geo-replicated; the first one elsewhere brings its home region's", async () => {
  expect((await send(emulator, "GET", url("/replications"))).body.value).toEqual([]);
  expect((await send(emulator, "GET", url("/replications/westus"))).status).toBe(404);
  await send(emulator, "PUT", url("/replications/eastus"), { body: { location: "eastus" } });
  const home = await send(emulator, "GET", url("/replications/westus"));
  expect(home.status).toBe(200);
  expect(home.body).toMatchObject({
    name: "westus",
    location: "westus",
    tags: {},
    properties: { provisioningState: "Succeeded", status: { displayStatus: "Ready" } },
  });
});

describe("fields", () => {
  test("a registry has tags {}, privateEndpointConnections [], retentionPolicy.lastUpdatedTime, and no properties.status", async () => {
    const created = await send(emulator, "PUT", `${registryPath("fieldsreg1")}?api-version=${arm}`, {
      body: {
        location: "westus",
        sku: { name: "Standard" },
        properties: { policies: { retentionPolicy: { days: 30, status: "enabled" } } },
      },
    });
    expect(created.body.tags).toEqual({});
    expect(created.body.properties.privateEndpointConnections).toEqual([]);
    expect(created.body.properties).not.toHaveProperty("status");
    expect(created.body.properties.policies.retentionPolicy).toMatchObject({
      days: 30,
      status: "enabled",
      lastUpdatedTime: expect.any(String),
    });
    expect(created.body.properties.policies).toHaveProperty("quarantinePolicy");
  });

  test("a run's systemData says who last modified it, not who created it; Runs_Update stamps both", async () => {
    const run = await scheduleRun(emulator, registry, {
      type: "EncodedTaskRunRequest",
      encodedTaskContent: encoded("steps:\n  - cmd: bash echo\n"),
      platform: { os: "Linux" },
    });
    expect(Object.keys(run.systemData).sort()).toEqual(["lastModifiedAt", "lastModifiedBy", "lastModifiedByType"]);
    const updated = await send(emulator, "PATCH", url(`/runs/${run.name}`, build), {
      body: { isArchiveEnabled: true },
    });
    expect(updated.body.systemData).toMatchObject({
      createdAt: expect.any(String),
      lastModifiedAt: expect.any(String),
    });
  });

  test("a connected registry syncing with the registry has its gatewayEndpoint, and none of what only a running instance reports", async () => {
    const created = await send(emulator, "PUT", url("/connectedRegistries/fieldsconnected"), {
      body: {
        properties: {
          mode: "readwrite",
          parent: { syncProperties: { tokenId: `${registryPath(registry)}/tokens/synctoken`, messageTtl: "P2D" } },
        },
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.properties).toMatchObject({
      mode: "ReadWrite",
      connectionState: "Offline",
      activation: { status: "Inactive" },
      loginServer: { tls: { certificate: {} } },
    });
    expect(created.body.properties.parent.syncProperties.gatewayEndpoint).toBe(`${registry}.westus.data.azurecr.io`);
    for (const invented of ["lastActivityTime", "statusDetails", "version", "clientTokenIds"])
      expect(created.body.properties).not.toHaveProperty(invented);
    expect(created.body.properties.loginServer).not.toHaveProperty("host");
    expect(created.body.properties.parent.syncProperties).not.toHaveProperty("syncWindow");
  });
});

describe("enum values in any letter case, as ARM compares them", () => {
  test("RegenerateCredential with PASSWORD2 renews the second password only", async () => {
    await send(emulator, "PATCH", url(""), { body: { properties: { adminUserEnabled: true } } });
    const before = (await send(emulator, "POST", url("/listCredentials"))).body.passwords;
    const after = (await send(emulator, "POST", url("/regenerateCredential"), { body: { name: "PASSWORD2" } })).body
      .passwords;
    expect(after[0]).toEqual(before[0]);
    expect(after[1].name).toBe("password2");
    expect(after[1].value).not.toBe(before[1].value);
  });

  test("GenerateCredentials with Password1 renews password1, named in its canonical casing", async () => {
    const token = await send(emulator, "GET", url("/tokens/synctoken"));
    const generated = await send(emulator, "POST", url("/generateCredentials"), {
      body: { tokenId: token.body.id, name: "Password1" },
    });
    expect(generated.status).toBe(200);
    expect(generated.body.passwords.map((p: { name: string }) => p.name)).toEqual(["password1"]);
    const listed = (await send(emulator, "GET", url("/tokens/synctoken"))).body.properties.credentials.passwords;
    expect(listed.filter((p: { name: string }) => p.name.toLowerCase() === "password1")).toHaveLength(1);
  });
});
