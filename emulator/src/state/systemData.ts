// Who created and last changed a stored resource, and when: the systemData ARM adds to every resource.
// It lives beside the state because everything that writes a resource stamps it: the handlers and the
// run engine alike.

/** The systemData of a resource written now; `existing` (the previous systemData) keeps its creation. */
export function systemData(existing?: Record<string, any>): Record<string, string> {
  const now = new Date().toISOString();
  return {
    createdBy: existing?.["createdBy"] ?? "emulator-user@example.com",
    createdByType: existing?.["createdByType"] ?? "User",
    createdAt: existing?.["createdAt"] ?? now,
    lastModifiedBy: "emulator-user@example.com",
    lastModifiedByType: "User",
    lastModifiedAt: now,
  };
}
