// Every failure ends as one line on stderr and an exit code. Errors are told apart by name, so that this
// module (loaded by every command, --help included) needs neither the SDK nor @azure/identity.
import { ExitCode, type ExitCodeValue } from "./exitCodes.js";

/** A failure the CLI itself detected, with the exit code it ends with. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
  }
}

/** Bad input, found before anything was sent: exit code 2. */
export function badInput(message: string): CliError {
  return new CliError(message, ExitCode.BadInput);
}

/** The service or the sign-in refused: exit code 3. */
export function refused(message: string): CliError {
  return new CliError(message, ExitCode.Refused);
}

/** The errors @azure/identity throws when no credential could sign in. */
const signInErrors = new Set([
  "AggregateAuthenticationError",
  "AuthenticationError",
  "AuthenticationRequiredError",
  "CredentialUnavailableError",
]);

export interface Failure {
  exitCode: ExitCodeValue;
  /** One line, without the program's name. */
  message: string;
}

/** The exit code and the one line an error ends a command with. */
export function describeFailure(error: unknown): Failure {
  const named = error as { name?: string; message?: string; code?: string };
  const message = oneLine(named?.message ?? String(error));
  if (error instanceof CliError) return { exitCode: error.exitCode, message };
  switch (named?.name) {
    case "ValidationError":
      return { exitCode: ExitCode.BadInput, message };
    case "AbortError":
      return { exitCode: ExitCode.Interrupted, message: "interrupted" };
    case "RestError":
    case "BlobRequestError":
      return { exitCode: ExitCode.Refused, message };
  }
  if (signInErrors.has(named?.name ?? "")) return { exitCode: ExitCode.Refused, message: signInFailure(error) };
  // Anything else is a fault of this program (or of Node), not of the input or the service; the message
  // still goes out as one line, under the exit code of a failed call.
  return { exitCode: ExitCode.Refused, message: `unexpected error: ${message}` };
}

/**
 * The credentials of DefaultAzureCredential's chain, known by their messages (not all of which name
 * the credential), in the chain's order.
 */
const credentialMessages: [RegExp, string][] = [
  [/EnvironmentCredential/, "EnvironmentCredential"],
  [/WorkloadIdentityCredential|workload identity/i, "WorkloadIdentityCredential"],
  [/ManagedIdentityCredential|managed identity/i, "ManagedIdentityCredential"],
  [/Visual Studio Code/i, "VisualStudioCodeCredential"],
  [/az login|Azure CLI/i, "AzureCliCredential"],
  [/PowerShell/i, "AzurePowerShellCredential"],
  [/Azure Developer CLI|azd /i, "AzureDeveloperCliCredential"],
  [/broker/i, "BrokerCredential"],
];

/** What DefaultAzureCredential tried, in order, each with its reason, on one line. */
export function signInFailure(error: unknown): string {
  const aggregate = error as { errors?: { message?: string }[]; message?: string };
  const messages = aggregate.errors?.length
    ? aggregate.errors.map((item) => item.message ?? "")
    : [aggregate.message ?? String(error)];
  const tried = messages.map(credentialReason).filter((reason) => reason !== "");
  if (!aggregate.errors?.length) return `sign-in failed: ${tried[0] ?? "no credential worked"}`;
  return `sign-in failed, no credential worked; tried ${tried.join("; ")}`;
}

/**
 * "EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, ..."
 * becomes "EnvironmentCredential (No underlying credential could be used)": the credential, and the first
 * sentence of its reason without the troubleshooting links every message repeats.
 */
function credentialReason(message: string): string {
  const text = oneLine(message)
    .replace(/^(?:\w*Error: )+/, "")
    .replace(
      /\s*(?:To troubleshoot, visit|To mitigate this issue, see|See|Message: [\w_]+: See) [^.]*https?:\/\/\S+/gi,
      "",
    )
    .trim();
  const name = credentialMessages.find(([pattern]) => pattern.test(text))?.[1];
  const reason = firstSentence(
    text.replace(/^\w+Credential(?: is unavailable\.|:| authentication failed\.)?\s*/, "").replace(/^Error: /, ""),
  );
  if (!name) return reason;
  return reason ? `${name} (${reason})` : name;
}

function firstSentence(text: string): string {
  const end = text.search(/\.(?:\s|$)/);
  return (end < 0 ? text : text.slice(0, end)).trim();
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}
