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

/**
 * The cold start's floor: core-rest-pipeline, which the SDK loads at import (its RestError is the one the SDK
 * re-exports and throws), costs most of the ratio alone.
 */
function floorLines(sdk: SdkStartResult): string[] {
  const pipeline = sdk.dependencies["@azure/core-rest-pipeline"];
  if (!pipeline) return [];
  const https = median(sdk.https);
  const room = 2.1 * https - median(pipeline);
  return [
    `\`@azure/core-rest-pipeline\` imported alone takes ${seconds(median(pipeline))}, ${(median(pipeline) / https).toFixed(2)}x \`node:https\`. The SDK`,
    "loads it at import: the RestError it re-exports and throws is core-rest-pipeline's, so the import cannot be",
    `deferred. ${room > 0 ? `The target leaves the SDK's own code and its other dependencies ${seconds(room)} above it` : "The target is below that import alone"};`,
    `they take ${seconds(median(sdk.sdk) - median(pipeline))} (dist/index.js, core-lro's modules).`,
    "",
  ];
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
  for (const build of builds) {
    lines.push(
      targetRow(
        `\`acr-tasks build\` of a small folder, log streamed to the end (emulator at timeScale ${build.timeScale})`,
        build.acrTasks,
        build.az,
        0.5,
        "`az acr build`",
      ),
    );
    const az = build.phases.az;
    if (az) {
      const ours = build.phases.acrTasks.exit - build.phases.acrTasks.run;
      const theirs = az.exit - az.run;
      lines.push(
        row([
          `... its client overhead: the time above the emulated run's own length (timeScale ${build.timeScale})`,
          seconds(ours),
          `\`az acr build\`: ${seconds(theirs)}`,
          `${(ours / theirs).toFixed(2)}x`,
          "(what the target is about)",
          ours / theirs <= 0.5 ? "yes" : "NO",
        ]),
      );
    }
  }
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
      'environment credential of the env file); az reuses the token its sign-in cached. "The run itself" is the',
      "run's createTime to its finishTime as the service reports them: the emulated build, which every client",
      "waits for whatever its own cost; the overhead is the exit time above it.",
      "",
      ...builds.flatMap((build) => {
        const az = build.phases.az;
        if (!az) return [];
        const floor = build.phases.acrTasks.run / az.exit;
        return [
          `At timeScale ${build.timeScale} the emulated run itself lasts ${seconds(build.phases.acrTasks.run)}: a client that cost`,
          `nothing would still take ${floor.toFixed(2)}x of \`az acr build\`'s ${seconds(az.exit)}, so the whole-build ratio cannot reach`,
          `0.5x there however small the client's cost${floor <= 0.5 ? " (here it could)" : ""}; the overhead ratio is the client's own.`,
          "",
        ];
      }),
      row([
        "tool (timeScale)",
        "first request answered",
        "run queued (scheduleRun)",
        "the run itself",
        "exit (log streamed to the end)",
        "overhead (exit - the run)",
        "runs (ms)",
      ]),
      row(["---", "---", "---", "---", "---", "---", "---"]),
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
            seconds(phases.run),
            seconds(phases.exit),
            seconds(phases.exit - phases.run),
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
      ...floorLines(sdk),
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
      `The whole-client app (bench/bundle.ts's sdkApp) bundled: ${fmtKB(sdk.bundle.rawBytes)} minified, ${fmtKB(sdk.bundle.gzipBytes)} gzip. Packing`,
      "(node-tar, the walk, the .dockerignore rules) and the task YAML lint (its YAML parser) are entries of their",
      "own (acr-tasks/internal/packing, acr-tasks/task-yaml), imported on first use through a specifier a bundler does",
      "not follow: they are not in the bundle, and load from the installed package. By package (minified bytes):",
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
