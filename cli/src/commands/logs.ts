// acr-tasks logs RUN_ID: the run's log from its start, followed until the run ends (unlike
// `az acr task logs`, the exit code says how it ended).
import { flag, stringValue, type ParsedCommand } from "../args.js";
import { inSession, type CommandInfo } from "../command.js";
import { followRun } from "../follow.js";
import { argumentOrFlag, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";

export async function logs({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  const runId = argumentOrFlag(values, positionals, "run-id", "RUN_ID");
  return await inSession(target, info, (session, interrupt) =>
    followRun(session, runId, output, interrupt, {
      logs: true,
      cancelOnInterrupt: flag(values, "cancel-on-interrupt"),
    }),
  );
}
