// Bearer tokens for the ARM listener: HS256 JWTs signed with a key kept in the state, so a credential
// handed out before a restart on the same dataDir keeps working after it. They are real JWTs because
// real clients (MSAL, azure-identity, the Azure CLI) may decode the claims of what they receive.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { ArmError } from "./armError.js";
import { emulatorIdentity } from "../identity.js";

export const tokenLifetimeMs = 60 * 60 * 1000;

function sign(key: string, content: string): string {
  return createHmac("sha256", Buffer.from(key, "hex")).update(content).digest("base64url");
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token for `audience`, issued to `appId` (the emulator's own client when none is named). */
export function issueToken(
  key: string,
  now = Date.now(),
  audience = "https://management.azure.com/",
  appId: string = emulatorIdentity.clientId,
): AccessToken {
  const expiresOnTimestamp = now + tokenLifetimeMs;
  const claims = {
    iss: `https://sts.windows.net/${emulatorIdentity.tenantId}/`,
    aud: audience,
    iat: Math.floor(now / 1000),
    nbf: Math.floor(now / 1000),
    exp: Math.floor(expiresOnTimestamp / 1000),
    tid: emulatorIdentity.tenantId,
    appid: appId,
    oid: emulatorIdentity.principalId,
    sub: emulatorIdentity.principalId,
    idtyp: "app",
    ver: "1.0",
  };
  const unsigned = `${base64url({ typ: "JWT", alg: "HS256" })}.${base64url(claims)}`;
  return { token: `${unsigned}.${sign(key, unsigned)}`, expiresOnTimestamp, tokenType: "Bearer" };
}

/**
 * The secret of the emulator's service principal (what `az login --service-principal` is given): derived
 * from the token key, so it stays valid across restarts on the same dataDir and differs between emulators.
 */
export function clientSecret(key: string): string {
  // The prefix keeps a base64url "-" out of the first place, where a command line would read an option.
  return `E${sign(key, `client-secret:${emulatorIdentity.clientId}`)}`;
}

/** A TokenCredential whose tokens this emulator accepts, whatever scope is asked for. */
export function emulatorCredential(key: () => string): TokenCredential {
  return { getToken: async () => issueToken(key()) };
}

// ARM's 401 carries a challenge; no `claims` parameter, so clients do not start a CAE flow.
const challenge = {
  "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
};

/** Throws the 401 ARM answers when the Authorization header is missing, malformed, forged or expired. */
export function checkBearer(authorization: string | undefined, key: string, now = Date.now()): void {
  if (!authorization) {
    throw new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is missing.",
      undefined,
      challenge,
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) {
    throw new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      undefined,
      challenge,
    );
  }
  const parts = match[1]!.split(".");
  const unsigned = parts.slice(0, 2).join(".");
  const signature = parts[2] ?? "";
  const expected = parts.length === 3 ? sign(key, unsigned) : "";
  if (
    !expected ||
    signature.length !== expected.length ||
    !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  ) {
    throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", undefined, challenge);
  }
  const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { exp?: number };
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= now) {
    throw new ArmError(
      401,
      "ExpiredAuthenticationToken",
      "The access token expiry UTC time is earlier than current UTC time.",
      undefined,
      challenge,
    );
  }
}
