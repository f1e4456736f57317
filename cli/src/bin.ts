#!/usr/bin/env node
// acr-tasks COMMAND [flags]: parses the command line with the specs alone, then loads the one command
// asked for. `--version`, `--help` and any refused flag never load the SDK or @azure/identity.
import { readFileSync } from "node:fs";
import { commandHelp, parseCommandArgs } from "./args.js";
import { describeFailure } from "./errors.js";
import { ExitCode } from "./exitCodes.js";
import { loadCommand } from "./commands/index.js";
import { findCommand, overview } from "./specs.js";

function version(): string {
  // ../package.json from both src/bin.ts and dist/bin.js.
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

async function main(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === "--version" || first === "-v") {
    process.stdout.write(`${version()}\n`);
    return ExitCode.Success;
  }
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const words = first === "help" ? argv.slice(1) : [];
    const found = words.length ? findCommand(words) : undefined;
    if (words.length && !found) {
      process.stderr.write(`acr-tasks: no command '${words.join(" ")}' (acr-tasks --help lists them)\n`);
      return ExitCode.BadInput;
    }
    (first === undefined ? process.stderr : process.stdout).write(
      found ? commandHelp(found.spec) : overview(version()),
    );
    return first === undefined ? ExitCode.BadInput : ExitCode.Success;
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`acr-tasks: no command '${first}' (acr-tasks --help lists them)\n`);
    return ExitCode.BadInput;
  }
  const parsed = parseCommandArgs(found.spec, found.rest);
  if (parsed.values["help"]) {
    process.stdout.write(commandHelp(found.spec));
    return ExitCode.Success;
  }
  const command = await loadCommand(found.spec.name);
  return await command(parsed, { version: version() });
}

// A reader that stops reading (`acr-tasks logs ... | head`) closes the pipe: end quietly, as a command
// killed by SIGPIPE ends (128 + 13), rather than with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(141);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const failure = describeFailure(error);
    process.stderr.write(`acr-tasks: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  },
);
