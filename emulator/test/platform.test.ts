// Microsoft.Resources basics real tools call around ACR: resource groups (a tool reads a group's location)
// and the generic resource listing every `az acr` command uses to find a registry's group.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { arm, createRegistry, registryPath, send, subscriptionId, waitFor } from "./helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
});
afterAll(() => emulator.close());

const group = (name: string) => `/subscriptions/${subscriptionId}/resourcegroups/${name}?api-version=2021-04-01`;

describe("resource groups", () => {
  test("PUT creates (201) then updates (200); GET reads the location; HEAD answers 204", async () => {
    const created = await send(emulator, "PUT", group("groupone"), {
      body: { location: "eastus", tags: { team: "a" } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: `/subscriptions/${subscriptionId}/resourceGroups/groupone`,
      name: "groupone",
      type: "Microsoft.Resources/resourceGroups",
      location: "eastus",
      properties: { provisioningState: "Succeeded" },
    });
    expect((await send(emulator, "PUT", group("groupone"), { body: { location: "eastus" } })).status).toBe(200);
    expect((await send(emulator, "GET", group("GROUPONE"))).body.location).toBe("eastus");
    expect((await send(emulator, "HEAD", group("groupone"))).status).toBe(204);
  });

  test("a group nobody created is 404 ResourceGroupNotFound (HEAD 404); PUT without a location is 400", async () => {
    const missing = await send(emulator, "GET", group("nogroup"));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("ResourceGroupNotFound");
    expect((await send(emulator, "HEAD", group("nogroup"))).status).toBe(404);
    expect((await send(emulator, "PUT", group("nogroup"), { body: {} })).body.error.code).toBe("LocationRequired");
  });

  test("a group that only holds resources exists implicitly, with its first resource's location", async () => {
    await createRegistry(emulator, "implicitreg", "implicitgroup");
    expect((await send(emulator, "GET", group("implicitgroup"))).body).toMatchObject({
      name: "implicitgroup",
      location: "westus",
    });
  });

  test("PATCH changes tags; the list has every group", async () => {
    expect((await send(emulator, "PATCH", group("groupone"), { body: { tags: { team: "b" } } })).body.tags).toEqual({
      team: "b",
    });
    const names = (
      await send(emulator, "GET", `/subscriptions/${subscriptionId}/resourcegroups?api-version=2021-04-01`)
    ).body.value.map((g: { name: string }) => g.name);
    expect(names).toEqual(expect.arrayContaining(["groupone", "implicitgroup"]));
  });

  test("DELETE is an LRO (202 + Location) that takes the group's registries with it", async () => {
    await send(emulator, "PUT", group("doomedgroup"), { body: { location: "westus" } });
    await createRegistry(emulator, "doomedgroupreg", "doomedgroup");
    const deleted = await send(emulator, "DELETE", group("doomedgroup"));
    expect(deleted.status).toBe(202);
    const location = String(deleted.headers["location"]);
    await waitFor(async () => (await send(emulator, "GET", location)).status !== 202);
    expect((await send(emulator, "GET", group("doomedgroup"))).status).toBe(404);
    expect(
      (await send(emulator, "GET", `${registryPath("doomedgroupreg", "doomedgroup")}?api-version=${arm}`)).status,
    ).toBe(404);
  });
});

describe("resources?$filter", () => {
  beforeAll(() => createRegistry(emulator, "findmereg", "findgroup"));

  test("resourceType eq 'Microsoft.ContainerRegistry/registries' finds the registry, its id naming the group", async () => {
    const url = `/subscriptions/${subscriptionId}/resources?$filter=${encodeURIComponent("resourceType eq 'Microsoft.ContainerRegistry/registries'")}&api-version=2021-04-01`;
    const response = await send(emulator, "GET", url);
    expect(response.status).toBe(200);
    const found = response.body.value.find((r: { name: string }) => r.name === "findmereg");
    expect(found).toMatchObject({
      id: registryPath("findmereg", "findgroup"),
      type: "Microsoft.ContainerRegistry/registries",
      location: "westus",
      sku: { name: "Premium" },
    });
    expect(
      response.body.value.every((r: { type: string }) => r.type === "Microsoft.ContainerRegistry/registries"),
    ).toBe(true);
  });

  test("child resources have generic names (registry/child); runs, which have no location, are not listed", async () => {
    await send(
      emulator,
      "PUT",
      `${registryPath("findmereg", "findgroup")}/webhooks/hook1?api-version=2021-08-01-preview`,
      {
        body: { location: "westus", properties: { serviceUri: "https://example.com", actions: ["push"] } },
      },
    );
    const response = await send(
      emulator,
      "GET",
      `/subscriptions/${subscriptionId}/resourceGroups/findgroup/resources?api-version=2021-04-01`,
    );
    const names = response.body.value.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(["findmereg", "findmereg/hook1"]));
    expect(response.body.value.some((r: { type: string }) => r.type.endsWith("/runs"))).toBe(false);
  });

  test("clauses joined by 'and' (resourceGroup, name); an unsupported filter is 400 naming what is supported", async () => {
    const filter =
      "resourceType eq 'Microsoft.ContainerRegistry/registries' and resourceGroup eq 'FINDGROUP' and name eq 'findmereg'";
    const response = await send(
      emulator,
      "GET",
      `/subscriptions/${subscriptionId}/resources?$filter=${encodeURIComponent(filter)}&api-version=2021-04-01`,
    );
    expect(response.body.value.map((r: { name: string }) => r.name)).toEqual(["findmereg"]);
    const bad = await send(
      emulator,
      "GET",
      `/subscriptions/${subscriptionId}/resources?$filter=${encodeURIComponent("tagName eq 'x'")}&api-version=2021-04-01`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("InvalidFilterInQueryString");
  });
});
