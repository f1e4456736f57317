// What a real tool needs to sign in before it calls ARM: the cloud's metadata (where to log in, which
// audience to ask a token for) and an ADFS-style authority with a token endpoint for the client
// credentials grant. ADFS because MSAL skips its instance discovery (a call to login.microsoftonline.com)
// for an authority whose path is /adfs, and takes the token endpoint from the openid-configuration.
import { timingSafeEqual } from "node:crypto";
import { clientSecret, issueToken, tokenLifetimeMs } from "../arm/auth.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { EmulatorServices } from "../services.js";
import { emulatorIdentity } from "../identity.js";

/** The audiences the token endpoint issues tokens for: the emulator's own endpoint first, then Azure's. */
export function audiences(services: EmulatorServices): string[] {
  return [`${services.armEndpoint}/`, "https://management.core.windows.net/", "https://management.azure.com/"];
}

/**
 * GET /metadata/endpoints. api-version 2015-01-01 (what `az cloud register` asks for) is one object;
 * later versions (2019-05-01 and on) are the list of clouds with their suffixes.
 */
export function metadataEndpoints(
  services: EmulatorServices,
  apiVersion: string | null,
  blobSuffix: string | undefined,
): ArmReply {
  const arm = `${services.armEndpoint}/`;
  const authentication = {
    loginEndpoint: `${services.armEndpoint}/adfs`,
    audiences: audiences(services).slice(0, 1),
    tenant: "adfs",
    identityProvider: "ADFS",
  };
  const legacy = { galleryEndpoint: arm, graphEndpoint: arm, portalEndpoint: arm, authentication };
  if (apiVersion === null || apiVersion === "2015-01-01") return { status: 200, body: legacy };
  const cloud = {
    name: "AcrTasksEmulator",
    portal: arm,
    resourceManager: arm,
    gallery: arm,
    graph: arm,
    graphAudience: arm,
    microsoftGraphResourceId: arm,
    authentication,
    suffixes: { acrLoginServer: "azurecr.io", ...(blobSuffix ? { storage: blobSuffix } : {}) },
  };
  return { status: 200, body: [cloud] };
}

export function openidConfiguration(services: EmulatorServices): ArmReply {
  const authority = `${services.armEndpoint}/adfs`;
  return {
    status: 200,
    body: {
      issuer: authority,
      authorization_endpoint: `${authority}/oauth2/authorize/`,
      token_endpoint: `${authority}/oauth2/token/`,
      // MSAL (so @azure/identity) refuses a configuration without jwks_uri, though client credentials never fetch it.
      jwks_uri: `${authority}/discovery/keys`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      grant_types_supported: ["client_credentials"],
      response_types_supported: ["token"],
      scopes_supported: ["openid"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      access_token_issuer: `https://sts.windows.net/${emulatorIdentity.tenantId}/`,
    },
  };
}

/**
 * GET /adfs/discovery/keys: no public keys to publish, since the emulator signs its tokens with a symmetric
 * key (HS256) that only it holds; the set is empty rather than missing.
 */
export function signingKeys(): ArmReply {
  return { status: 200, body: { keys: [] } };
}

/** An OAuth error, as the authority answers it (AAD's error codes, so messages look familiar). */
function oauthError(status: number, error: string, code: number, description: string): ArmReply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** The client id and secret, from the form (client_secret_post) or the Authorization header (client_secret_basic). */
function clientCredentials(form: URLSearchParams, authorization: string | undefined): { id?: string; secret?: string } {
  const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization);
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
    return { id: id && decodeURIComponent(id), secret: secret && decodeURIComponent(secret) };
  }
  return { id: form.get("client_id") ?? undefined, secret: form.get("client_secret") ?? undefined };
}

/** POST /adfs/oauth2/token: the client credentials grant for the emulator's service principal. */
export function tokenEndpoint(services: EmulatorServices, body: Buffer, authorization: string | undefined): ArmReply {
  const form = new URLSearchParams(body.toString("utf8"));
  const grant = form.get("grant_type");
  if (grant !== "client_credentials") {
    return oauthError(
      400,
      "unsupported_grant_type",
      70003,
      `The app requested an unsupported grant type '${grant ?? ""}': the emulator issues tokens for client_credentials only.`,
    );
  }
  const client = clientCredentials(form, authorization);
  if (client.id?.toLowerCase() !== emulatorIdentity.clientId.toLowerCase()) {
    return oauthError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${client.id ?? ""}' was not found in the directory '${emulatorIdentity.tenantId}'.`,
    );
  }
  if (!client.secret || !sameSecret(client.secret, clientSecret(services.store.state.keys.token))) {
    return oauthError(
      401,
      "invalid_client",
      7000215,
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.",
    );
  }
  const known = audiences(services).map((audience) => audience.replace(/\/+$/, "").toLowerCase());
  const scopes = (form.get("scope") ?? "").split(/\s+/).filter(Boolean);
  const resource = scopes.find((scope) => scope.toLowerCase().endsWith("/.default"));
  const audience = resource?.slice(0, -"/.default".length).replace(/\/+$/, "");
  if (
    !audience ||
    !known.includes(audience.toLowerCase()) ||
    scopes.some((scope) => scope !== resource && !["openid", "profile", "offline_access"].includes(scope))
  ) {
    return oauthError(
      400,
      "invalid_scope",
      70011,
      `The provided value for the input parameter 'scope' is not valid: '${form.get("scope") ?? ""}'. Ask for '<audience>/.default' with one of ${known.join(", ")}.`,
    );
  }
  const token = issueToken(services.store.state.keys.token, Date.now(), `${audience}/`, emulatorIdentity.clientId);
  const seconds = Math.floor(tokenLifetimeMs / 1000);
  return {
    status: 200,
    body: { token_type: "Bearer", expires_in: seconds, ext_expires_in: seconds, access_token: token.token },
  };
}
