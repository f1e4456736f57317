// Bearer tokens for the ARM listener. A token is `<payload>.<hmac>` signed with a key kept in the
// state, so a credential handed out before a restart on the same dataDir keeps working after it.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { ArmError } from "./armError.js";

const tokenLifetimeMs = 60 * 60 * 1000;

function sign(key: string, payload: string): string {
  return createHmac("sha256", Buffer.from(key, "hex")).update(payload).digest("base64url");
}

export function issueToken(key: string, now = Date.now()): AccessToken {
  const expiresOnTimestamp = now + tokenLifetimeMs;
  const payload = Buffer.from(JSON.stringify({ iss: "acr-tasks-emulator", exp: expiresOnTimestamp })).toString("base64url");
  return { token: `${payload}.${sign(key, payload)}`, expiresOnTimestamp, tokenType: "Bearer" };
}

/** A TokenCredential whose tokens this emulator accepts, whatever scope is asked for. */
export function emulatorCredential(key: () => string): TokenCredential {
  return { getToken: async () => issueToken(key()) };
}

// ARM's 401 carries a challenge; no `claims` parameter, so clients do not start a CAE flow.
const challenge = { "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"' };

/** Throws the 401 ARM answers when the Authorization header is missing, malformed, forged or expired. */
export function checkBearer(authorization: string | undefined, key: string, now = Date.now()): void {
  if (!authorization) {
    throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", undefined, challenge);
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) {
    throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.", undefined, challenge);
  }
  const [payload, signature] = match[1]!.split(".");
  const expected = payload ? sign(key, payload) : "";
  if (!payload || !signature || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", undefined, challenge);
  }
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: number };
  if (typeof claims.exp !== "number" || claims.exp <= now) {
    throw new ArmError(401, "ExpiredAuthenticationToken", "The access token expiry UTC time is earlier than current UTC time.", undefined, challenge);
  }
}
