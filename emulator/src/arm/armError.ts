// ARM answers every failure with `{ "error": { "code", "message", "target"? } }`: handlers throw an
// ArmError and the server turns it into that body, so no handler writes error responses itself.

export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ArmError";
  }

  toBody(): { error: ArmErrorBody } {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } };
  }
}

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, target);
}

/** The api-version of a request's query, or the 400 ARM answers a request without one. */
export function requiredApiVersion(query: URLSearchParams): string {
  const apiVersion = query.get("api-version");
  if (!apiVersion)
    throw badRequest(
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
      "api-version",
    );
  return apiVersion;
}

export function conflict(code: string, message: string): ArmError {
  return new ArmError(409, code, message);
}

/** The message ARM gives for a resource that does not exist under the resource group of the path. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}
