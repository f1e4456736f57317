// bench/CLI.md: the CLI's targets against az, and the SDK's start-up figures with where their cost is.
import os from "node:os";
import { fmtKB, fmtMs, median } from "../lib/stats.js";
import type { BuildRaceResult } from "./buildRace.js";
import type { SdkStartResult } from "./sdkStart.js";
import type { StartupResult } from "./startup.js";

export interface CliBenchResults {
  runs: number;
  startup?: StartupResult;
  builds: BuildRaceResult[];
  sdk?: SdkStartResult;
  azVersion?: string;
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : fmtMs(ms));

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function targetRow(name: string, ours: number[], theirs: number[] | undefined, limit: number, reference: string) {
  if (!theirs)
    return row([name, seconds(median(ours)), `${reference}: not measured (az not on PATH)`, "-", `<= ${limit}`, "-"]);
  const ratio = median(ours) / median(theirs);
  return row([
    name,
    seconds(median(ours)),
    `${reference}: ${seconds(median(theirs))}`,
    `${ratio.toFixed(2)}x`,
    `<= ${limit}x`,
    ratio <= limit ? "yes" : "NO",
  ]);
}

export function cliReport(results: CliBenchResults): string {
  const { startup, builds, sdk } = results;
  const lines = [
    "# acr-tasks CLI benchmarks",
    "",
    "`npx tsx bench/cli.ts` (`npm run bench:cli`) measures the command-line tool against the Azure CLI and the SDK's",
    "own start-up, and rewrites this file; `--quick` is a shorter run that leaves it alone; `--only=startup,build,sdk`",
    "and `--runs=N` select. The CLI and the SDK are measured as published: their builds (`cli/dist/bin.js`,",
    "`dist/index.js`, built first when missing). Medians of the timed runs, the contenders taking turns after one",
    "untimed run each. Measurements, not tests: no test asserts a timing.",
    "",
    "## Targets",
    "",
    row(["measure", "acr-tasks", "reference", "ratio", "target", "met?"]),
    row(["---", "---", "---", "---", "---", "---"]),
  ];
  if (startup) {
    lines.push(targetRow("`acr-tasks --version`", startup.version, startup.azVersion, 0.25, "`az version`"));
    lines.push(targetRow("`acr-tasks --help`", startup.help, startup.azVersion, 0.25, "`az version`"));
  }
  for (const build of builds)
    lines.push(
      targetRow(
        `\`acr-tasks build\` of a small folder, log streamed to the end (emulator at timeScale ${build.timeScale})`,
        build.acrTasks,
        build.az,
        0.5,
        "`az acr build`",
      ),
    );
  if (sdk) {
    const ratio = median(sdk.sdk) / median(sdk.https);
    lines.push(
      row([
        "SDK: cold import + client construction",
        seconds(median(sdk.sdk)),
        `\`import "node:https"\`: ${seconds(median(sdk.https))}`,
        `${ratio.toFixed(2)}x`,
        "<= 2.1x",
        ratio <= 2.1 ? "yes" : "NO",
      ]),
      row([
        "SDK: an app bundling the whole client (esbuild, minified, gzip -9)",
        fmtKB(sdk.bundle.gzipBytes),
        "the official 11.0.0: 47 KB",
        `${(sdk.bundle.gzipBytes / 1024 / 47).toFixed(2)}x`,
        "<= 47 KB",
        sdk.bundle.gzipBytes <= 47 * 1024 ? "yes" : "NO",
      ]),
    );
  }
  if (startup) {
    lines.push(
      "",
      "## Start-up",
      "",
      row(["process", "median", "runs (ms)"]),
      row(["---", "---", "---"]),
      ...(
        [
          ["`node -e 0` (the floor)", startup.bare],
          ["`acr-tasks --version` (cli/dist/bin.js)", startup.version],
          ["`acr-tasks --help` (cli/dist/bin.js)", startup.help],
          [
            "`acr-tasks --version` from a checkout (node_modules/.bin: the sources through tsx)",
            startup.checkoutVersion,
          ],
          [`\`az version\`${results.azVersion ? ` (Azure CLI ${results.azVersion})` : ""}`, startup.azVersion],
        ] as [string, number[] | undefined][]
      )
        .filter(([, values]) => values)
        .map(([name, values]) => row([name, seconds(median(values!)), values!.map((v) => v.toFixed(0)).join(" ")])),
      "",
      "`--version` and `--help` read only the command's specs: no command, no SDK, no `@azure/identity` is loaded",
      "(cli/test/startup.test.ts checks it with a loader hook).",
    );
  }
  if (builds.length) {
    lines.push(
      "",
      "## Builds: where the time goes",
      "",
      "One emulator process per time scale, started with `--env-file` and `--az-setup`; a registry made beforehand;",
      `a folder of ${builds[0]!.contextBytes} bytes in 6 files. Times from the tool's spawn, read from the emulator's`,
      "log (it logs a request as it answers it). acr-tasks signs in on every run (one token request, the",
      "environment credential of the env file); az reuses the token its sign-in cached.",
      "",
      row([
        "tool (timeScale)",
        "first request answered",
        "run queued (scheduleRun)",
        "exit (log streamed to the end)",
        "runs (ms)",
      ]),
      row(["---", "---", "---", "---", "---"]),
    );
    for (const build of builds) {
      for (const [name, phases, runs] of [
        ["acr-tasks build", build.phases.acrTasks, build.acrTasks],
        ["az acr build", build.phases.az, build.az],
      ] as const) {
        if (!phases || !runs) continue;
        lines.push(
          row([
            `${name} (${build.timeScale})`,
            seconds(phases.firstRequest),
            seconds(phases.queued),
            seconds(phases.exit),
            runs.map((v) => v.toFixed(0)).join(" "),
          ]),
        );
      }
    }
  }
  if (sdk) {
    const total = sdk.modules.reduce((sum, item) => sum + item.count, 0);
    lines.push(
      "",
      "## The SDK's start-up: where the cost is",
      "",
      `\`node -e 0\`: ${seconds(median(sdk.bare))}; \`import "node:https"\`: ${seconds(median(sdk.https))}; the SDK's import plus`,
      `\`new ContainerRegistryTasksClient(...)\`: ${seconds(median(sdk.sdk))} (bench/coldstart.ts's script, on dist/index.js).`,
      "Each of its statically imported dependencies, imported alone in a fresh process:",
      "",
      row(["import alone", "median", "above `node:https`"]),
      row(["---", "---", "---"]),
      ...Object.entries(sdk.dependencies).map(([name, values]) =>
        row([`\`${name}\``, seconds(median(values)), seconds(median(values) - median(sdk.https))]),
      ),
      "",
      `The modules the SDK's import and construction load (${total}), by package:`,
      "",
      row(["package", "modules"]),
      row(["---", "---"]),
      ...sdk.modules.map((item) => row([item.name, String(item.count)])),
      "",
      `The whole-client app (bench/bundle.ts's sdkApp) bundled: ${fmtKB(sdk.bundle.rawBytes)} minified, ${fmtKB(sdk.bundle.gzipBytes)} gzip; by package (minified bytes):`,
      "",
      row(["package", "minified", "share"]),
      row(["---", "---", "---"]),
      ...sdk.bundle.byPackage
        .slice(0, 12)
        .map((item) =>
          row([item.name, fmtKB(item.bytes), `${((item.bytes / sdk.bundle.rawBytes) * 100).toFixed(0)} %`]),
        ),
      "",
      "Largest single inputs:",
      "",
      row(["input", "minified"]),
      row(["---", "---"]),
      ...sdk.bundle.top.slice(0, 8).map((item) => row([`\`${item.path}\``, fmtKB(item.bytes)])),
    );
  }
  lines.push(
    "",
    "## Machine",
    "",
    `- ${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}; Node ${process.version}; ${os.type()} ${os.release()}`,
    `- load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} (other work on the 2 cores makes every figure noisier)`,
    `- date: ${new Date().toISOString()}; ${results.runs} timed runs per contender`,
    "",
  );
  return lines.join("\n");
}
