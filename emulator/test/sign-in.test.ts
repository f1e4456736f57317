// Sign-in as real tools do it: the cloud metadata (also at `//metadata/endpoints`, as the Azure CLI asks
// for it), an ADFS-style authority with its openid-configuration, the client credentials grant, and the
// subscriptions and tenants a client lists right after.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type RunningEmulator } from "../src/index.js";
import { send } from "./helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ timeScale: 0.001 });
});
afterAll(() => emulator.close());

const form = (fields: Record<string, string>) => ({
  raw: Buffer.from(new URLSearchParams(fields).toString()),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
  token: null,
});
const credentials = () => ({
  grant_type: "client_credentials",
  client_id: emulator.servicePrincipal.clientId,
  client_secret: emulator.servicePrincipal.clientSecret,
  scope: `${emulator.endpoint}//.default`,
});

describe("cloud metadata", () => {
  test("GET //metadata/endpoints?api-version=2015-01-01 (a path starting with //) answers without a token", async () => {
    const response = await send(emulator, "GET", "//metadata/endpoints?api-version=2015-01-01", { token: null });
    expect(response.status).toBe(200);
    expect(response.body.authentication).toMatchObject({
      loginEndpoint: `${emulator.endpoint}/adfs`,
      audiences: [`${emulator.endpoint}/`],
    });
    expect(response.body.graphEndpoint).toBe(`${emulator.endpoint}/`);
    expect(response.body.galleryEndpoint).toBe(`${emulator.endpoint}/`);
  });

  test("a later api-version lists the cloud with its resource manager and suffixes", async () => {
    const response = await send(emulator, "GET", "/metadata/endpoints?api-version=2022-09-01", { token: null });
    expect(response.body).toEqual([
      expect.objectContaining({
        name: "AcrTasksEmulator",
        resourceManager: `${emulator.endpoint}/`,
        suffixes: expect.objectContaining({ acrLoginServer: "azurecr.io" }),
      }),
    ]);
  });

  test("runs of slashes anywhere in an ARM path are one slash", async () => {
    const response = await send(emulator, "GET", `//subscriptions//${emulator.subscriptionId}?api-version=2022-12-01`);
    expect(response.status).toBe(200);
  });
});

describe("the ADFS-style authority", () => {
  test("openid-configuration names the token endpoint under /adfs", async () => {
    const response = await send(emulator, "GET", "/adfs/.well-known/openid-configuration", { token: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      token_endpoint: `${emulator.endpoint}/adfs/oauth2/token/`,
      authorization_endpoint: expect.stringContaining("/adfs/"),
    });
  });

  test("openid-configuration carries the four fields MSAL requires; its jwks_uri answers an empty key set", async () => {
    const response = await send(emulator, "GET", "/adfs/.well-known/openid-configuration", { token: null });
    for (const field of ["authorization_endpoint", "token_endpoint", "issuer", "jwks_uri"])
      expect(response.body).toHaveProperty(field);
    const keys = await send(emulator, "GET", new URL(response.body.jwks_uri).pathname, { token: null });
    expect(keys.status).toBe(200);
    expect(keys.body).toEqual({ keys: [] });
  });

  test("client_credentials with the service principal's secret issues a JWT that ARM accepts", async () => {
    const issued = await send(emulator, "POST", "/adfs/oauth2/token/", form(credentials()));
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const [, claims] = String(issued.body.access_token).split(".");
    expect(JSON.parse(Buffer.from(claims!, "base64url").toString())).toMatchObject({
      aud: `${emulator.endpoint}/`,
      tid: emulator.servicePrincipal.tenantId,
      appid: emulator.servicePrincipal.clientId,
    });
    expect(
      (await send(emulator, "GET", "/subscriptions?api-version=2019-11-01", { token: issued.body.access_token }))
        .status,
    ).toBe(200);
  });

  test("the secret may come as HTTP Basic (client_secret_basic)", async () => {
    const { client_secret: secret, client_id: id, ...rest } = credentials();
    const basic = Buffer.from(`${id}:${secret}`).toString("base64");
    const issued = await send(emulator, "POST", "/adfs/oauth2/token", {
      ...form(rest),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${basic}` },
    });
    expect(issued.status).toBe(200);
  });

  test("a wrong secret is 401 invalid_client, another client 400 unauthorized_client", async () => {
    const wrong = await send(emulator, "POST", "/adfs/oauth2/token", form({ ...credentials(), client_secret: "nope" }));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
    expect(JSON.stringify(wrong.body)).not.toContain(emulator.servicePrincipal.clientSecret);
    const other = await send(
      emulator,
      "POST",
      "/adfs/oauth2/token",
      form({ ...credentials(), client_id: "11111111-1111-1111-1111-111111111111" }),
    );
    expect(other.body.error).toBe("unauthorized_client");
  });

  test("another grant is 400 unsupported_grant_type; a scope for another audience 400 invalid_scope", async () => {
    expect(
      (await send(emulator, "POST", "/adfs/oauth2/token", form({ ...credentials(), grant_type: "password" }))).body
        .error,
    ).toBe("unsupported_grant_type");
    const scope = await send(
      emulator,
      "POST",
      "/adfs/oauth2/token",
      form({ ...credentials(), scope: "https://vault.azure.net/.default" }),
    );
    expect(scope.status).toBe(400);
    expect(scope.body.error).toBe("invalid_scope");
  });
});

describe("subscriptions and tenants", () => {
  test("GET /subscriptions lists the default subscription, in the emulator's tenant", async () => {
    const response = await send(emulator, "GET", "/subscriptions?api-version=2019-11-01");
    expect(response.body.value).toContainEqual(
      expect.objectContaining({
        subscriptionId: emulator.subscriptionId,
        tenantId: emulator.servicePrincipal.tenantId,
        state: "Enabled",
      }),
    );
  });

  test("a subscription holding resources is listed too; an unknown one is 404", async () => {
    const other = "22222222-2222-2222-2222-222222222222";
    await send(emulator, "PUT", `/subscriptions/${other}/resourcegroups/grp1?api-version=2021-04-01`, {
      body: { location: "westus" },
    });
    expect(
      (await send(emulator, "GET", "/subscriptions?api-version=2022-12-01")).body.value.map(
        (s: { subscriptionId: string }) => s.subscriptionId,
      ),
    ).toContain(other);
    expect((await send(emulator, "GET", `/subscriptions/${other}?api-version=2022-12-01`)).status).toBe(200);
    const unknown = await send(
      emulator,
      "GET",
      "/subscriptions/33333333-3333-3333-3333-333333333333?api-version=2022-12-01",
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("SubscriptionNotFound");
  });

  test("GET /tenants lists the emulator's tenant; these endpoints need a token and an api-version", async () => {
    expect((await send(emulator, "GET", "/tenants?api-version=2022-12-01")).body.value[0].tenantId).toBe(
      emulator.servicePrincipal.tenantId,
    );
    expect((await send(emulator, "GET", "/tenants?api-version=2022-12-01", { token: null })).status).toBe(401);
    expect((await send(emulator, "GET", "/tenants")).body.error.code).toBe("MissingApiVersionParameter");
  });
});
