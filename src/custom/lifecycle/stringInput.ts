// The check every string option gets, alone in its module so that the packing entry (acr-tasks/internal/packing)
// can use it without the generated operations that validateInputs.ts reads its other rules from.
import { ValidationError } from "../errors.js";

export function requireString(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.trim() === "")
    throw new ValidationError(name, "is required and must be a non-empty string");
}
