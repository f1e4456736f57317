// acr-tasks show RUN_ID: `az acr task show-run`.
import { stringValue, type ParsedCommand } from "../args.js";
import { inSession, type CommandInfo } from "../command.js";
import { ExitCode } from "../exitCodes.js";
import { runDetails } from "../format.js";
import { argumentOrFlag, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";

export async function show({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  const runId = argumentOrFlag(values, positionals, "run-id", "RUN_ID");
  return await inSession(target, info, async (session, interrupt) => {
    const run = await session.client.runs.get(session.resourceGroup, session.registry, runId, {
      abortSignal: interrupt.signal,
    });
    output.result(runDetails(run), run);
    return ExitCode.Success;
  });
}
