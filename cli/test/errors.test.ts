// One line and an exit code for every failure; the sign-in failure names what DefaultAzureCredential tried.
import { describe, expect, test } from "vitest";
import { CliError, describeFailure, signInFailure } from "../src/errors.js";

/** The errors @azure/identity 4.13 gathers when nothing on this machine can sign in (as printed by it). */
const noCredential = Object.assign(
  new Error("ChainedTokenCredential authentication failed.\nCredentialUnavailableError: ..."),
  {
    name: "AggregateAuthenticationError",
    errors: [
      "EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
      "ManagedIdentityCredential: Network unreachable. Message: network_error: See https://aka.ms/msal.js.errors#network_error for details",
      "Visual Studio Code Authentication is not available. Ensure you have have Azure Resources Extension installed in VS Code.",
      "Please run 'az login' from a command prompt to authenticate before using this credential.",
      "Error: Unable to execute PowerShell. Ensure that it is installed in your system. To troubleshoot, visit https://aka.ms/azsdk/js/identity/powershellcredential/troubleshoot.",
      "Azure Developer CLI couldn't be found. To mitigate this issue, see the troubleshooting guidelines at https://aka.ms/azsdk/js/identity/azdevclicredential/troubleshoot.",
    ].map((message) => Object.assign(new Error(message), { name: "CredentialUnavailableError" })),
  },
);

describe("describeFailure", () => {
  test("no credential works: exit 3 and one line naming each credential tried, in order, with its reason", () => {
    const failure = describeFailure(noCredential);
    expect(failure.exitCode).toBe(3);
    expect(failure.message).not.toMatch(/[\r\n]|https?:/);
    expect(failure.message).toBe(
      "sign-in failed, no credential worked; tried EnvironmentCredential (No underlying credential could be used); " +
        "ManagedIdentityCredential (Network unreachable); VisualStudioCodeCredential (Visual Studio Code Authentication is not available); " +
        "AzureCliCredential (Please run 'az login' from a command prompt to authenticate before using this credential); " +
        "AzurePowerShellCredential (Unable to execute PowerShell); AzureDeveloperCliCredential (Azure Developer CLI couldn't be found)",
    );
  });

  test("a refused sign-in (a wrong secret) is exit 3 with the service's reason on one line", () => {
    const error = Object.assign(
      new Error(
        "EnvironmentCredential authentication failed. To troubleshoot, visit https://aka.ms/x.\nAADSTS7000215: Invalid client secret provided.",
      ),
      { name: "AuthenticationError" },
    );
    expect(describeFailure(error)).toEqual({
      exitCode: 3,
      message: "sign-in failed: EnvironmentCredential (AADSTS7000215: Invalid client secret provided)",
    });
  });

  test("the SDK's ValidationError is bad input (2); RestError and BlobRequestError are refusals (3); AbortError is 130", () => {
    const named = (name: string, message: string) => Object.assign(new Error(message), { name });
    expect(describeFailure(named("ValidationError", "timeout must be ...")).exitCode).toBe(2);
    expect(describeFailure(named("RestError", "Runs_Get failed with HTTP 404 NotFound:\nno run"))).toEqual({
      exitCode: 3,
      message: "Runs_Get failed with HTTP 404 NotFound: no run",
    });
    expect(describeFailure(named("BlobRequestError", "PUT ... failed")).exitCode).toBe(3);
    expect(describeFailure(named("AbortError", "The operation was aborted.")).exitCode).toBe(130);
    expect(describeFailure(new CliError("bad", 2))).toEqual({ exitCode: 2, message: "bad" });
  });

  test("anything else is reported as unexpected, on one line", () => {
    expect(describeFailure(new TypeError("x is undefined\n  at y"))).toEqual({
      exitCode: 3,
      message: "unexpected error: x is undefined at y",
    });
    expect(signInFailure(new Error("plain"))).toBe("sign-in failed: plain");
  });
});
