// The commands, each loaded only when it runs: its module brings in the SDK (and, once it signs in,
// @azure/identity), which --help and --version never load.
import type { ParsedCommand } from "../args.js";
import type { CommandInfo } from "../command.js";

export type Command = (parsed: ParsedCommand, info: CommandInfo) => Promise<number>;

export async function loadCommand(name: string): Promise<Command> {
  switch (name) {
    case "build":
      return (await import("./build.js")).build;
    case "run":
      return (await import("./run.js")).run;
    case "task run":
      return (await import("./taskRun.js")).taskRun;
    case "logs":
      return (await import("./logs.js")).logs;
    case "wait":
      return (await import("./wait.js")).wait;
    case "show":
      return (await import("./show.js")).show;
    case "cancel":
      return (await import("./cancel.js")).cancel;
    case "runs":
      return (await import("./runs.js")).runs;
    case "lint":
      return (await import("./lint.js")).lint;
    default:
      throw new Error(`no implementation for the command '${name}'`);
  }
}
