// What the recordings of live Azure (../shared/azure-cli-recordings) show of a registry's children:
// webhooks and connected registries answered at once, private endpoint connections without systemData,
// connected registries as Azure reports them, a webhook ping's event.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, createRegistry, pollingHeaders, registryPath, send } from "./helpers.js";

let emulator: RunningEmulator;
const registry = "childrenreg1";
const url = (path: string) => `${registryPath(registry)}${path}?api-version=${arm}`;
const tokenId = (name: string) => `${registryPath(registry)}/tokens/${name}`;

beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
  await createRegistry(emulator, registry);
});
afterAll(() => emulator.close());

describe("answered at once: 200 with the resource Succeeded, no polling header", () => {
  test("Webhooks_Create and Webhooks_Update; a webhook always shows its tags", async () => {
    const created = await send(emulator, "PUT", url("/webhooks/hook1"), {
      body: { location: "westus", properties: { serviceUri: "https://example.com/hook", actions: ["push"] } },
    });
    expect([created.status, pollingHeaders(created), created.body.properties.provisioningState]).toEqual([
      200,
      [],
      "Succeeded",
    ]);
    expect(created.body.tags).toEqual({});
    const updated = await send(emulator, "PATCH", url("/webhooks/hook1"), { body: { properties: { scope: "app:*" } } });
    expect([updated.status, pollingHeaders(updated), updated.body.properties.scope]).toEqual([200, [], "app:*"]);
  });

  test("ConnectedRegistries_Create and ConnectedRegistries_Update", async () => {
    const created = await send(emulator, "PUT", url("/connectedRegistries/edge1"), {
      body: {
        properties: { mode: "ReadOnly", parent: { syncProperties: { tokenId: tokenId("sync"), messageTtl: "P2D" } } },
      },
    });
    expect([created.status, pollingHeaders(created), created.body.properties.provisioningState]).toEqual([
      200,
      [],
      "Succeeded",
    ]);
    const updated = await send(emulator, "PATCH", url("/connectedRegistries/edge1"), {
      body: { properties: { logging: { logLevel: "Warning" } } },
    });
    expect([updated.status, pollingHeaders(updated), updated.body.properties.logging.logLevel]).toEqual([
      200,
      [],
      "Warning",
    ]);
  });
});

describe("connected registries as Azure reports them", () => {
  test("one syncing with another connected registry has no gatewayEndpoint; the registry's child does", async () => {
    const child = await send(emulator, "PUT", url("/connectedRegistries/edge2"), {
      body: {
        properties: {
          mode: "ReadOnly",
          parent: {
            id: `${registryPath(registry)}/connectedRegistries/edge1`,
            syncProperties: { tokenId: tokenId("edge2"), messageTtl: "P2D" },
          },
        },
      },
    });
    expect(child.body.properties.parent.syncProperties).not.toHaveProperty("gatewayEndpoint");
    const root = await send(emulator, "GET", url("/connectedRegistries/edge1"));
    expect(root.body.properties.parent.syncProperties.gatewayEndpoint).toBe(`${registry}.westus.data.azurecr.io`);
  });

  test("clientTokenIds and a syncWindow only when given; a new schedule without a window drops the old window", async () => {
    const created = await send(emulator, "PUT", url("/connectedRegistries/edge3"), {
      body: {
        properties: {
          mode: "ReadOnly",
          clientTokenIds: [tokenId("client")],
          parent: {
            syncProperties: {
              tokenId: tokenId("edge3"),
              schedule: "0 0/10 * * *",
              syncWindow: "PT4H",
              messageTtl: "P2D",
            },
          },
        },
      },
    });
    expect(created.body.properties.clientTokenIds).toEqual([tokenId("client")]);
    expect(created.body.properties.parent.syncProperties.syncWindow).toBe("PT4H");
    const rescheduled = await send(emulator, "PATCH", url("/connectedRegistries/edge3"), {
      body: { properties: { syncProperties: { schedule: "* * * * *" } } },
    });
    expect(rescheduled.body.properties.parent.syncProperties).toMatchObject({
      schedule: "* * * * *",
      messageTtl: "P2D",
    });
    expect(rescheduled.body.properties.parent.syncProperties).not.toHaveProperty("syncWindow");
  });
});

test("private endpoint connections: GET, list and the registry show them without systemData", async () => {
  await send(emulator, "PUT", url("/privateEndpointConnections/conn1"), {
    body: { properties: { privateLinkServiceConnectionState: { status: "Pending" } } },
  });
  const shown = await send(emulator, "GET", url("/privateEndpointConnections/conn1"));
  expect(shown.status).toBe(200);
  expect(shown.body).not.toHaveProperty("systemData");
  expect((await send(emulator, "GET", url("/privateEndpointConnections"))).body.value[0]).not.toHaveProperty(
    "systemData",
  );
  const embedded = (await send(emulator, "GET", url(""))).body.properties.privateEndpointConnections;
  expect(embedded).toEqual([expect.objectContaining({ name: "conn1" })]);
  expect(embedded[0]).not.toHaveProperty("systemData");
});

test("a webhook ping records the ping's own content and its request headers (custom headers first)", async () => {
  await send(emulator, "PUT", url("/webhooks/hook2"), {
    body: {
      location: "westus",
      properties: { serviceUri: "https://example.com/ping", customHeaders: { key: "value" }, actions: ["push"] },
    },
  });
  await send(emulator, "POST", url("/webhooks/hook2/ping"));
  const [event] = (await send(emulator, "POST", url("/webhooks/hook2/listEvents"))).body.value;
  expect(Object.keys(event.eventRequestMessage.content).sort()).toEqual(["action", "id", "timestamp"]);
  expect(event.eventRequestMessage.content.action).toBe("ping");
  expect(event.eventRequestMessage.headers).toEqual({
    key: "value",
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(JSON.stringify(event.eventRequestMessage.content).length),
  });
});
