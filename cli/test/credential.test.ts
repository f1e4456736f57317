// The credential a command's pipelines share: one sign-in for the client and the resource group's lookup.
import { describe, expect, test } from "vitest";
import { sharingTokens, type Credential } from "../src/credential.js";

/** A credential that counts its calls and hands out tokens valid for `lifetimeMs`. */
function counting(lifetimeMs: number, refreshAfterMs?: number): Credential & { calls: number } {
  return {
    calls: 0,
    async getToken() {
      this.calls++;
      return {
        token: `token-${this.calls}`,
        expiresOnTimestamp: Date.now() + lifetimeMs,
        ...(refreshAfterMs !== undefined ? { refreshAfterTimestamp: Date.now() + refreshAfterMs } : {}),
      };
    },
  };
}

const scope = "https://management.azure.com/.default";

describe("sharingTokens", () => {
  test("a second pipeline asking for the same scope gets the same token, without signing in again", async () => {
    const inner = counting(3_600_000);
    const shared = sharingTokens(inner);
    expect((await shared.getToken(scope))!.token).toBe("token-1");
    expect((await shared.getToken([scope]))!.token).toBe("token-1");
    expect(inner.calls).toBe(1);
    expect((await shared.getToken("https://storage.azure.com/.default"))!.token).toBe("token-2");
  });

  test("a token close to its expiry or past its refresh time is asked for anew", async () => {
    const expiring = counting(4 * 60_000);
    const shared = sharingTokens(expiring);
    await shared.getToken(scope);
    await shared.getToken(scope);
    expect(expiring.calls).toBe(2);
    const refreshing = counting(3_600_000, -1);
    const sharedRefreshing = sharingTokens(refreshing);
    await sharedRefreshing.getToken(scope);
    await sharedRefreshing.getToken(scope);
    expect(refreshing.calls).toBe(2);
  });

  test("a challenge (claims, or another tenant) always reaches the credential", async () => {
    const inner = counting(3_600_000);
    const shared = sharingTokens(inner);
    await shared.getToken(scope);
    await shared.getToken(scope, { claims: "eyJhY2Nlc3NfdG9rZW4iOnt9fQ==" });
    await shared.getToken(scope, { tenantId: "other" });
    expect(inner.calls).toBe(3);
  });
});
