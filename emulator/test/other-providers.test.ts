// The two other providers `az acr` itself calls: the user-assigned identity `az acr create --identity`
// and `az acr encryption rotate-key` read (its clientId goes into the registry's encryption), made by
// `az identity create`; and the diagnostic settings `az acr create --workspace` writes on the registry.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, createRegistry, registryPath, send, subscriptionId } from "./helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, "otherprov1");
});
afterAll(() => emulator.close());

const identity = (name: string) =>
  `/subscriptions/${subscriptionId}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const version = "?api-version=2015-08-31-preview";

describe("user-assigned identities", () => {
  test("PUT creates (201) then updates (200); GET answers the ids a registry using it reports", async () => {
    const created = await send(emulator, "PUT", `${identity("builder")}${version}`, { body: { location: "westus" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "builder",
      type: "Microsoft.ManagedIdentity/userAssignedIdentities",
      location: "westus",
      tags: {},
      properties: {
        tenantId: emulator.servicePrincipal.tenantId,
        principalId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        clientSecretUrl: expect.stringContaining("/credentials?"),
      },
    });
    expect(
      (await send(emulator, "PUT", `${identity("builder")}${version}`, { body: { location: "westus" } })).status,
    ).toBe(200);
    const registry = await send(emulator, "PATCH", `${registryPath("otherprov1")}?api-version=${arm}`, {
      body: { identity: { type: "UserAssigned", userAssignedIdentities: { [identity("builder")]: {} } } },
    });
    expect(registry.body.identity.userAssignedIdentities[identity("builder")]).toEqual({
      principalId: created.body.properties.principalId,
      clientId: created.body.properties.clientId,
    });
    expect((await send(emulator, "GET", `${identity("builder")}${version}`)).body).toEqual(created.body);
  });

  test("listed in its group; a missing one is 404; DELETE removes it (then 204)", async () => {
    const listed = await send(emulator, "GET", `${identity("").slice(0, -1)}${version}`);
    expect(listed.body.value.map((i: { name: string }) => i.name)).toEqual(["builder"]);
    expect((await send(emulator, "GET", `${identity("nobody")}${version}`)).status).toBe(404);
    expect((await send(emulator, "DELETE", `${identity("builder")}${version}`)).status).toBe(200);
    expect((await send(emulator, "DELETE", `${identity("builder")}${version}`)).status).toBe(204);
    expect((await send(emulator, "PUT", `${identity("x")}${version}`, { body: {} })).status).toBe(400);
  });
});

describe("diagnostic settings of a registry", () => {
  const setting = `${registryPath("otherprov1")}/providers/Microsoft.Insights/diagnosticSettings/otherprov1-diagnostic-settings`;
  const workspaceId = `/subscriptions/${subscriptionId}/resourceGroups/rg1/providers/microsoft.OperationalInsights/workspaces/ws1`;

  test("PUT keeps them as Azure shows them (every destination, null when unset); GET reads them back, and the registry's list holds them", async () => {
    const put = await send(emulator, "PUT", `${setting}?api-version=2021-05-01-preview`, {
      body: {
        properties: {
          workspaceId,
          metrics: [{ category: "AllMetrics", enabled: true, retentionPolicy: { enabled: true, days: 0 } }],
          logs: [
            { category: "ContainerRegistryLoginEvents", enabled: true, retentionPolicy: { enabled: true, days: 0 } },
          ],
        },
      },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      type: "Microsoft.Insights/diagnosticSettings",
      name: "otherprov1-diagnostic-settings",
      location: null,
      identity: null,
      properties: {
        workspaceId,
        storageAccountId: null,
        eventHubName: null,
        logs: [{ category: "ContainerRegistryLoginEvents", categoryGroup: null }],
        logAnalyticsDestinationType: null,
      },
    });
    expect((await send(emulator, "GET", `${setting}?api-version=2017-05-01-preview`)).body).toEqual(put.body);
    const list = setting.slice(0, setting.lastIndexOf("/"));
    expect((await send(emulator, "GET", `${list}?api-version=2021-05-01-preview`)).body.value).toEqual([put.body]);
  });

  test("one without a destination is 400; on a registry that does not exist, 404; DELETE removes it", async () => {
    expect(
      (await send(emulator, "PUT", `${setting}?api-version=2021-05-01-preview`, { body: { properties: {} } })).status,
    ).toBe(400);
    const elsewhere = setting.replace("registries/otherprov1", "registries/nosuchreg1");
    expect((await send(emulator, "GET", `${elsewhere}?api-version=2021-05-01-preview`)).status).toBe(404);
    expect((await send(emulator, "DELETE", `${setting}?api-version=2021-05-01-preview`)).status).toBe(200);
    expect((await send(emulator, "GET", `${setting}?api-version=2021-05-01-preview`)).status).toBe(404);
  });
});
