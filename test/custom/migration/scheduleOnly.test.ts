// The migration guide's first claim: code written for @azure/arm-containerregistry 11.x that only schedules
// runs needs one change, its import statement. fixtures/scheduleRuns.ts is such code: with its acr-tasks
// import put back to 11.x's, it compiles against @azure/arm-containerregistry 11.0.0 without an error; as it
// is, it compiles against acr-tasks (tsc -p checks it) and queues its runs on the emulator.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { startEmulator } from "acr-tasks-emulator";
import { scheduleNightlyRuns } from "./fixtures/scheduleRuns.js";
import { COMPILER_OPTIONS } from "./support/compiler.js";
import { createPremiumRegistry, emulatorClient } from "../lifecycle/support/emulatorClient.js";

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures/scheduleRuns.ts");
const OFFICIAL_IMPORT = `import { ContainerRegistryManagementClient, EncodedTaskRunRequest, RegistriesScheduleRunOptionalParams, RunRequestUnion, TaskRunRequest } from "@azure/arm-containerregistry";`;

/** The fixture with its import from acr-tasks replaced by `replacement`; throws unless there is exactly one. */
function withImport(text: string, replacement: string): string {
  const source = ts.createSourceFile(FIXTURE, text, ts.ScriptTarget.ES2022, true);
  const imports = source.statements.filter(
    (s): s is ts.ImportDeclaration =>
      ts.isImportDeclaration(s) && (s.moduleSpecifier as ts.StringLiteral).text === "acr-tasks",
  );
  expect(imports).toHaveLength(1);
  return text.slice(0, imports[0].getStart(source)) + replacement + text.slice(imports[0].getEnd());
}

/** tsc's diagnostics for one file given as text, resolving its imports from the repository's node_modules. */
function diagnosticsOf(fileName: string, text: string): string[] {
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName ? ts.createSourceFile(name, text, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], COMPILER_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("code that only schedules runs", () => {
  test("is code for @azure/arm-containerregistry 11.0.0 but for its import statement", () => {
    const official = withImport(readFileSync(FIXTURE, "utf8"), OFFICIAL_IMPORT);
    const virtual = join(dirname(FIXTURE), "scheduleRuns.official.ts");
    expect(diagnosticsOf(virtual, official)).toEqual([]);
  });

  test("queues its runs through acr-tasks, unchanged otherwise", async () => {
    const emulator = await startEmulator({ timeScale: 0.001 });
    try {
      const subscription = "00000000-0000-0000-0000-0000000000cc";
      const client = emulatorClient(emulator, { subscriptionId: subscription });
      await createPremiumRegistry(client, "migrate-rg", "migrate01");
      const task = await client.tasks.create("migrate-rg", "migrate01", "nightly", {
        location: "westus",
        properties: {
          platform: { os: "Linux" },
          step: {
            type: "EncodedTask",
            encodedTaskContent: Buffer.from("steps:\n  - cmd: bash echo t\n").toString("base64"),
          },
        },
      });

      const outcome = await scheduleNightlyRuns(
        emulator.credential,
        subscription,
        "migrate-rg",
        "migrate01",
        task.id!,
        // What the fixture's own client is built with, as code for 11.x builds it.
        { ...emulator.clientOptions, endpoint: emulator.endpoint },
      );

      const runs = [];
      for await (const run of client.runs.list("migrate-rg", "migrate01")) runs.push(run);
      expect(outcome.scheduled).toBe(3);
      expect(runs).toHaveLength(3);
      expect(runs.map((run) => run.name)).toContain(outcome.lastRunName);
      expect(runs.filter((run) => run.properties?.task === "nightly")).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });
});
