// acr-tasks cancel RUN_ID: `az acr task cancel-run`, waiting for the cancel to be done, then showing the run.
import { stringValue, type ParsedCommand } from "../args.js";
import { inSession, type CommandInfo } from "../command.js";
import { ExitCode } from "../exitCodes.js";
import { runDetails } from "../format.js";
import { argumentOrFlag, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";

export async function cancel({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  const runId = argumentOrFlag(values, positionals, "run-id", "RUN_ID");
  return await inSession(target, info, async (session, interrupt) => {
    const { client, resourceGroup, registry } = session;
    await client.runs.cancel(resourceGroup, registry, runId, { abortSignal: interrupt.signal });
    const run = await client.runs.get(resourceGroup, registry, runId, { abortSignal: interrupt.signal });
    output.result(runDetails(run), run);
    return ExitCode.Success;
  });
}
