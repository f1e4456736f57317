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

/**
 * The systemData of a run as ACR reports it: only who last changed it and when (the recordings of live
 * Azure show no creation members on a run, until a Runs_Update stamps both).
 */
export function lastModifiedSystemData(): Record<string, string> {
  const { createdBy: _by, createdByType: _type, createdAt: _at, ...modified } = systemData();
  return modified;
}
