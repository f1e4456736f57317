// Shared access signatures for the emulated blob account: the only way to reach it. The signature
// covers permissions, expiry and the blob path, so a URL cannot be widened or moved to another blob.
import { createHmac, timingSafeEqual } from "node:crypto";

export const blobAccountName = "acremulatorsa";
const sasVersion = "2021-08-06";

export type SasPermission = "r" | "c" | "w";

function signature(key: string, permissions: string, expiry: string, blobPath: string): string {
  const stringToSign = [permissions, "", expiry, `/blob/${blobAccountName}/${blobPath}`, sasVersion, "b"].join("\n");
  return createHmac("sha256", Buffer.from(key, "hex")).update(stringToSign, "utf8").digest("base64");
}

/** The query string (without "?") granting `permissions` on `blobPath` until `expiresAt`. */
export function signBlobSas(key: string, blobPath: string, permissions: string, expiresAt: Date): string {
  const expiry = expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z");
  const query = new URLSearchParams({
    sv: sasVersion,
    se: expiry,
    sr: "b",
    sp: permissions,
    sig: signature(key, permissions, expiry, blobPath),
  });
  return query.toString();
}

export type SasCheck = { ok: true } | { ok: false; status: 403; code: string; message: string };

export function verifyBlobSas(
  key: string,
  blobPath: string,
  query: URLSearchParams,
  needed: SasPermission,
  now = Date.now(),
): SasCheck {
  const sig = query.get("sig");
  const expiry = query.get("se");
  const permissions = query.get("sp");
  if (!sig || !expiry || !permissions) {
    return {
      ok: false,
      status: 403,
      code: "AuthenticationFailed",
      message: "Server failed to authenticate the request. A SAS token (sv, se, sp, sig) is required.",
    };
  }
  const expected = Buffer.from(signature(key, permissions, expiry, blobPath));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return {
      ok: false,
      status: 403,
      code: "AuthenticationFailed",
      message: "Server failed to authenticate the request. Signature did not match.",
    };
  }
  if (!(Date.parse(expiry) > now)) {
    return {
      ok: false,
      status: 403,
      code: "AuthenticationFailed",
      message: `Server failed to authenticate the request. Signed expiry time [${expiry}] must be after current time.`,
    };
  }
  if (!permissions.includes(needed) && !(needed === "c" && permissions.includes("w"))) {
    return {
      ok: false,
      status: 403,
      code: "AuthorizationPermissionMismatch",
      message: "This request is not authorized to perform this operation using this permission.",
    };
  }
  return { ok: true };
}
