// The packed package, installed as an app installs it: the main entry loads its packing entry
// (acr-tasks/internal/packing) and the task YAML lint (acr-tasks/task-yaml) on first use, from ES modules and
// from CommonJS, and an app's bundler leaves both out of the bundle, which still loads them from the installed
// package. Errors keep their classes across the entries. Uses dist/ (built first when missing: `npm test` builds it).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));
let work: string;
let app: string;

/** The checks each script runs; `ok`/`bad`/`lint` are printed as JSON lines. */
const checks = `
const client = new ContainerRegistryTasksClient(
  { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3600000 }) },
  "00000000-0000-0000-0000-000000000001",
  // Nothing may be sent: a request to this endpoint would fail with a RestError.
  { endpoint: "https://127.0.0.1:1", retryOptions: { maxRetries: 0 } },
);
const listing = await listBuildContext("ctx");
const dry = await client.registries.quickBuild("rg", "registry01", { sourceDir: "ctx", platform: { os: "Linux" }, dryRun: true });
const bad = await listBuildContext("bad").catch((error) => error);
const lint = await client.registries
  .quickRun("rg", "registry01", { taskYaml: "steps:\\n  - cmd: c\\n    retries: -1\\n", platform: { os: "Linux" } })
  .catch((error) => error);
console.log(JSON.stringify({
  files: listing.entries.map((entry) => entry.path),
  dry: dry.fileCount,
  bad: { validation: bad instanceof ValidationError, parameter: bad.parameter },
  lint: { validation: lint instanceof ValidationError, message: lint.message },
}));
`;

function node(script: string, cwd: string): { stdout: string; stderr: string; code: number } {
  try {
    const stdout = execFileSync(process.execPath, [script], { cwd, encoding: "utf8", stdio: "pipe" });
    return { stdout, stderr: "", code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; status: number };
    return { stdout: failure.stdout, stderr: failure.stderr, code: failure.status };
  }
}

const expected = {
  files: [".dockerignore", "Dockerfile", "a.txt"],
  dry: 3,
  bad: { validation: true, parameter: expect.stringMatching(/\.dockerignore line 1$/) },
  lint: {
    validation: true,
    message: expect.stringMatching(
      /^taskYaml line 3, step 'acb_step_0': ACR's runner refuses this task: .*retries >= 0/,
    ),
  },
};

beforeAll(() => {
  if (!existsSync(join(repo, "dist/internal/packing.js"))) execFileSync("npx", ["tsup"], { cwd: repo, stdio: "pipe" });
  work = mkdtempSync(join(tmpdir(), "acr-tasks-package-"));
  app = join(work, "app");
  const installed = join(app, "node_modules/acr-tasks");
  mkdirSync(installed, { recursive: true });
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: repo, encoding: "utf8" })
    .trim()
    .split("\n")
    .pop()!;
  execFileSync("tar", ["-xzf", join(work, tarball), "-C", installed, "--strip-components=1"]);
  // The package's dependencies, as npm would have installed them beside it.
  for (const name of readdirSync(join(repo, "node_modules"))) {
    if (name.startsWith(".") || name.startsWith("acr-tasks")) continue;
    symlinkSync(join(repo, "node_modules", name), join(app, "node_modules", name));
  }
  mkdirSync(join(app, "ctx"));
  writeFileSync(join(app, "ctx/Dockerfile"), "FROM alpine\n");
  writeFileSync(join(app, "ctx/a.txt"), "a\n");
  writeFileSync(join(app, "ctx/.dockerignore"), "*.log\n");
  mkdirSync(join(app, "bad"));
  writeFileSync(join(app, "bad/Dockerfile"), "FROM alpine\n");
  writeFileSync(join(app, "bad/.dockerignore"), "[\n");
  writeFileSync(
    join(app, "esm.mjs"),
    `import { ContainerRegistryTasksClient, listBuildContext, ValidationError } from "acr-tasks";\n${checks}`,
  );
  writeFileSync(
    join(app, "cjs.cjs"),
    `const { ContainerRegistryTasksClient, listBuildContext, ValidationError } = require("acr-tasks");\n(async () => {\n${checks}\n})();`,
  );
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package's own entries", () => {
  it("load on first use from an ES module app", () => {
    const result = node("esm.mjs", app);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  it("load on first use from a CommonJS app", () => {
    const result = node("cjs.cjs", app);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual(expected);
  });

  it("stay out of an app's bundle, which loads them from the installed package (and says so when it cannot)", async () => {
    const esbuild = await import("esbuild");
    const built = await esbuild.build({
      entryPoints: [join(app, "esm.mjs")],
      outfile: join(app, "out/bundle.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      metafile: true,
      logLevel: "silent",
      // The CommonJS dependencies of core-rest-pipeline require Node's modules.
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
    });
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs.some((input) => input.includes("acr-tasks/dist/index.js"))).toBe(true);
    expect(inputs.filter((input) => /internal\/packing|task-yaml|node_modules\/(tar|yaml)\//.test(input))).toEqual([]);
    const inApp = node("out/bundle.mjs", app);
    expect(inApp.stderr).toBe("");
    expect(JSON.parse(inApp.stdout)).toEqual(expected);

    // Without the installed package beside it, packing cannot load: one error says what to do.
    const alone = join(work, "alone");
    mkdirSync(join(alone, "ctx"), { recursive: true });
    writeFileSync(join(alone, "ctx/Dockerfile"), "FROM alpine\n");
    execFileSync("cp", [join(app, "out/bundle.mjs"), alone]);
    const outside = node("bundle.mjs", alone);
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toContain(
      "listBuildContext needs acr-tasks/internal/packing, which could not be loaded (Cannot find package 'acr-tasks'",
    );
    expect(outside.stderr).toContain("must keep the acr-tasks package out of the bundle (external) and installed");
  }, 60_000);
});
