// `npx tsx bench/cli.ts` (npm run bench:cli): the acr-tasks command against the Azure CLI (start-up,
// and a build of a small folder on one emulator), and the SDK's start-up and bundle with where their
// cost is. Prints the report; a full run also writes bench/CLI.md and bench/cli-results.json.
//
//   tsx bench/cli.ts                          full run, rewrites bench/CLI.md
//   tsx bench/cli.ts --quick                  fewer runs, one time scale, CLI.md untouched
//   tsx bench/cli.ts --only=startup,build,sdk a subset
//   tsx bench/cli.ts --runs=N                 timed runs per contender (default 7, quick 3)
//   tsx bench/cli.ts --write / --no-write
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureBuildRace } from "./cli/buildRace.js";
import { cliReport, type CliBenchResults } from "./cli/report.js";
import { measureSdkStart } from "./cli/sdkStart.js";
import { measureStartup } from "./cli/startup.js";
import { benchDir, locateSdk, repoDir } from "./lib/sdk.js";
import { benchArgs } from "./lib/args.js";
import { findAz } from "../emulator/test/az/azSession.js";

const { flag, value, quick, only, enabled } = benchArgs();
const runs = Number(value("runs") ?? (quick ? 3 : 7));
const write = flag("write") || (!quick && !only && !flag("no-write"));
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The CLI's build; `npm run build --workspace=acr-tasks-cli` when missing. */
function locateCli(): string {
  const entry = join(repoDir, "cli/dist/bin.js");
  if (!existsSync(entry)) {
    log("cli/dist/bin.js is missing: building it ...");
    execFileSync("npm", ["run", "build", "--workspace=acr-tasks-cli"], { cwd: repoDir, stdio: "ignore" });
  }
  return entry;
}

async function main(): Promise<void> {
  const sdk = await locateSdk({ log });
  if (!sdk.entry.endsWith(join("dist", "index.js")))
    log(`WARNING: the CLI's build imports the package's dist/; the SDK figures use ${sdk.source}`);
  const cliEntry = locateCli();
  const az = findAz();
  if (!az) log("az is not on PATH: the rows against it are left out");
  const results: CliBenchResults = { runs, builds: [] };
  if (az) {
    try {
      results.azVersion = JSON.parse(execFileSync(az, ["version", "-o", "json"], { encoding: "utf8" }))["azure-cli"];
    } catch {
      // Only labels the row.
    }
  }
  if (enabled("startup")) {
    log(`start-up: ${runs} runs each ...`);
    results.startup = await measureStartup(cliEntry, az, runs);
  }
  if (enabled("build")) {
    for (const timeScale of value("time-scales")?.split(",").map(Number) ?? (quick ? [1] : [1, 0.05])) {
      log(`builds of a small folder at timeScale ${timeScale}: ${runs} runs each ...`);
      results.builds.push(await measureBuildRace({ cliEntry, sdkEntry: sdk.entry, az, timeScale, runs, log }));
    }
  }
  if (enabled("sdk")) {
    log(`the SDK's cold start and bundle: ${runs * 2} runs each ...`);
    results.sdk = await measureSdkStart(sdk.entry, runs * 2);
  }
  const report = cliReport(results);
  process.stdout.write(report);
  if (write) {
    writeFileSync(join(benchDir, "CLI.md"), report);
    writeFileSync(join(benchDir, "cli-results.json"), `${JSON.stringify(results, null, 2)}\n`);
    log("bench/CLI.md and bench/cli-results.json written");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
