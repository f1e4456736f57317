// Who the emulator says everyone is: one tenant, one default subscription, and one service principal
// that real tools sign in as (`az login --service-principal`). Fixed GUIDs, so scripts can name them.
import { createHash } from "node:crypto";

export const emulatorIdentity = {
  tenantId: "00000000-0000-0000-0000-00000000ac7e",
  /** Listed by GET /subscriptions; any other subscription id works in ARM paths too. */
  subscriptionId: "00000000-0000-0000-0000-000000000001",
  subscriptionName: "ACR Tasks Emulator",
  /** The application (client) id of the service principal, and the object id of its principal. */
  clientId: "00000000-0000-0000-0000-00000000c11e",
  principalId: "00000000-0000-0000-0000-00000000f00d",
  tenantDomain: "acremulator.onmicrosoft.com",
} as const;

/** A stable GUID derived from a name (managed identities get the same ids for the same resource). */
export function guidFor(name: string): string {
  const hex = createHash("sha256").update(name.toLowerCase()).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
