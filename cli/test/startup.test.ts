// Start-up: --version and --help answer without loading the SDK, @azure/identity or the HTTP pipeline
// (each command loads them when it runs). The process's module resolutions are recorded by a loader hook
// (_support/recordImports.mjs); a command that does run is the control that the hook sees them.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { cleanEnv, repositoryRoot } from "./_support/cliSession.js";

const work = mkdtempSync(join(tmpdir(), "acr-cli-startup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// In a checkout, tsx maps `acr-tasks` to the SDK's sources before this hook sees it: the SDK is then its
// src/index.ts.
const sdkSources = pathToFileURL(join(repositoryRoot, "src/index.ts")).href;
const isSdk = (line: string) => line.startsWith("acr-tasks ") || line.endsWith(` ${sdkSources}`);
const heavy = (line: string) =>
  isSdk(line) || /^(@azure\/identity|@azure\/core-rest-pipeline|@azure\/msal-node) /.test(line);
let runs = 0;

/** Runs the bin under the recording hook; resolves to its exit code, stdout, and what it resolved. */
function recorded(args: string[]): Promise<{ code: number; stdout: string; stderr: string; resolved: string[] }> {
  const log = join(work, `imports-${++runs}.txt`);
  const env = {
    ...cleanEnv(work),
    ACR_TASKS_IMPORT_LOG: log,
    AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000001",
  };
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [
        "--import",
        join(repositoryRoot, "cli/test/_support/recordImports.mjs"),
        join(repositoryRoot, "cli/bin/acr-tasks.mjs"),
        ...args,
      ],
      { env, cwd: repositoryRoot, timeout: 60_000 },
      (error, stdout, stderr) => {
        let resolved: string[] = [];
        try {
          resolved = readFileSync(log, "utf8").split("\n").filter(Boolean);
        } catch {
          // Nothing resolved at all.
        }
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr, resolved });
      },
    ),
  );
}

describe("start-up", () => {
  test.each(
    [["--version"], ["--help"], ["build", "--help"], ["task", "run", "--help"], ["build", "--no-such-flag"]].map(
      (args) => [args.join(" "), args] as const,
    ),
  )(
    "acr-tasks %s loads neither the SDK nor @azure/identity",
    async (_, args) => {
      const result = await recorded(args);
      expect(result.resolved.length).toBeGreaterThan(0);
      expect(result.resolved.filter(heavy)).toEqual([]);
      if (args[0] === "--version")
        expect(result.stdout).toBe(
          `${JSON.parse(readFileSync(join(repositoryRoot, "cli/package.json"), "utf8")).version}\n`,
        );
      if (args.includes("--help")) expect(result.stdout).toContain("usage: acr-tasks");
    },
    60_000,
  );

  test("a command that runs loads them (the control: the hook sees those imports)", async () => {
    // An unreachable endpoint: the command signs in and fails, after loading what it needs.
    const result = await recorded(["show", "-r", "myregistry", "-g", "rg", "cb1", "--endpoint", "https://127.0.0.1:9"]);
    expect(result.code).toBe(3);
    expect(result.resolved.some(isSdk)).toBe(true);
    expect(result.resolved.some((line) => line.startsWith("@azure/identity "))).toBe(true);
  }, 90_000);
});
