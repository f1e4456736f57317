// `az acr build` and `acr-tasks build` of one folder, on one emulator (started with both --env-file and
// --az-setup), queue runs of the same request: the same image names, push, platform, and the same files in
// the uploaded archive, but for the second copy of the Dockerfile az packs at the archive's root under a
// generated name (build.py's `{uuid}_Dockerfile`) and points its build at; acr-tasks points the build at
// the Dockerfile where it is. What each sent is read back from the emulator's data dir. Skipped, saying so,
// when `az` is not on PATH.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Persistence } from "../../emulator/src/state/persistence.js";
import { normalisePath, readTarArchive } from "../../emulator/src/runEngine/sourceArchive.js";
import { findAz } from "../../emulator/test/az/azSession.js";
import { runCli, startCliEmulator, type CliEmulator } from "./_support/cliSession.js";
import { sourced } from "./_support/sourced.js";

const az = findAz();
if (!az) console.warn("az parity test SKIPPED: `az` (the Azure CLI) is not on PATH.");

const group = "parity-rg";
const registry = "cliparity01";

describe.skipIf(!az)("az acr build and acr-tasks build of one folder", () => {
  let emulator: CliEmulator;
  let dataDir: string;
  let context: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "acr-cli-parity-data-"));
    emulator = await startCliEmulator({ timeScale: 0.05, azSetup: true, dataDir });
    await emulator.createRegistry(registry, group);
    context = join(emulator.work, "app");
    mkdirSync(join(context, "src"), { recursive: true });
    mkdirSync(join(context, ".git"));
    writeFileSync(join(context, "Dockerfile"), "FROM node:20\nCOPY src /app\n");
    writeFileSync(join(context, "src/app.js"), "console.log('hello');\n");
    writeFileSync(join(context, "README.md"), "# app\n");
    writeFileSync(join(context, ".dockerignore"), "*.log\n");
    writeFileSync(join(context, "debug.log"), "left out\n");
    writeFileSync(join(context, ".git/HEAD"), "ref: refs/heads/main\n");
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test("queue runs of the same request: same image names, same archive entries (az's Dockerfile copy aside)", async () => {
    // az, signed in by the --az-setup script in its own config folder.
    const azEnv = await sourced(join(emulator.work, "az-setup.sh"), {
      ...emulator.env,
      AZURE_CONFIG_DIR: join(emulator.work, "az-config"),
    });
    await new Promise<void>((resolve, reject) =>
      execFile(
        az!,
        ["acr", "build", "-r", registry, "-t", "app:v1", context, "--only-show-errors"],
        { env: azEnv, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) => (error ? reject(new Error(`az acr build failed: ${stderr}`)) : resolve()),
      ),
    );
    const ours = await runCli(["build", "-r", registry, "-t", "app:v1", context], { env: emulator.env });
    expect(ours.code, ours.stderr).toBe(0);
    await emulator.close(); // writes the state out

    const stored = Persistence.load(dataDir)!;
    const runs = Object.values(stored.state.resources)
      .filter((resource) => resource.body["type"] === "Microsoft.ContainerRegistry/registries/runs")
      .sort((a, b) => a.seq - b.seq);
    expect(runs.map((run) => run.body["name"])).toEqual(["cb1", "cb2"]);
    const [azRun, ourRun] = runs.map((run) => ({
      spec: run.internal!["job"]["spec"] as {
        imageNames?: string[];
        isPushEnabled?: boolean;
        dockerFilePath: string;
        sourceLocation: string;
      },
      platform: run.body["properties"]["platform"],
    }));
    expect(ourRun!.spec.imageNames).toEqual(azRun!.spec.imageNames);
    expect(ourRun!.spec.imageNames).toEqual(["app:v1"]);
    expect(ourRun!.spec.isPushEnabled).toBe(azRun!.spec.isPushEnabled);
    expect(ourRun!.platform).toEqual(azRun!.platform);

    const files = async (spec: { sourceLocation: string }) =>
      readTarArchive(stored.blobs.get(normalisePath(spec.sourceLocation))!);
    const [azFiles, ourFiles] = [await files(azRun!.spec), await files(ourRun!.spec)];
    expect(ourRun!.spec.dockerFilePath).toBe("Dockerfile");
    expect(azRun!.spec.dockerFilePath).toMatch(/^[0-9a-f]{32}_Dockerfile$/);
    const azCopy = azFiles.get(azRun!.spec.dockerFilePath);
    expect(azCopy?.toString()).toBe(ourFiles.get("Dockerfile")!.toString());
    const azEntries = [...azFiles.keys()].filter((path) => path !== azRun!.spec.dockerFilePath).sort();
    expect([...ourFiles.keys()].sort()).toEqual(azEntries);
    expect(azEntries).toEqual([".dockerignore", "Dockerfile", "README.md", "src/app.js"]);
    for (const path of azEntries) expect(ourFiles.get(path)!.equals(azFiles.get(path)!)).toBe(true);
  }, 300_000);
});
