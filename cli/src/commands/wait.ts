// acr-tasks wait RUN_ID...: waits for every run at once (runs.waitForAll: one list request a round for
// all of them, long ones followed through their log blobs), then shows how each ended.
import { stringValue, type ParsedCommand } from "../args.js";
import { inSession, type CommandInfo } from "../command.js";
import { ExitCode } from "../exitCodes.js";
import { duration, runEnding } from "../format.js";
import { targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";

export async function wait({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  return await inSession(
    target,
    info,
    async (session, interrupt) => {
      const runs = await session.client.runs.waitForAll(session.resourceGroup, session.registry, positionals, {
        abortSignal: interrupt.signal,
      });
      const lines = runs.map((run, index) => {
        const properties = run.properties ?? {};
        const took = duration(properties.startTime, properties.finishTime);
        return `${properties.runId ?? positionals[index]}  ${properties.status ?? "(no status)"}${took ? `  ${took}` : ""}`;
      });
      output.result(lines.join("\n"), runs);
      const failed = runs.filter((run) => run.properties?.status !== "Succeeded");
      for (const run of failed)
        output.problem(`acr-tasks: ${runEnding(String(run.properties?.runId ?? run.name), run)}`);
      return failed.length ? ExitCode.RunFailed : ExitCode.Success;
    },
    { onInterrupted: () => output.problem("acr-tasks: interrupted; the runs go on") },
  );
}
