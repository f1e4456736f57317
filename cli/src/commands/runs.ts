// acr-tasks runs: `az acr task list-runs`: the newest runs first, filtered by status and task as az
// filters them (`Status eq '…'`, `TaskName eq '…'`), at most --top of them (15 by default, as az).
import { KnownRunStatus, type Run } from "acr-tasks";
import { stringValue, type ParsedCommand, type ParsedValues } from "../args.js";
import { inSession, type CommandInfo } from "../command.js";
import { badInput } from "../errors.js";
import { ExitCode } from "../exitCodes.js";
import { runsTable } from "../format.js";
import { count, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";

/** One of two flags that mean the same (ours, and az's name for it). */
function eitherFlag(values: ParsedValues, ours: string, az: string): string | undefined {
  const [mine, theirs] = [stringValue(values, ours), stringValue(values, az)];
  if (mine !== undefined && theirs !== undefined && mine !== theirs)
    throw badInput(`--${ours} and --${az} mean the same: give one`);
  return mine ?? theirs;
}

/** OData string literal: quotes doubled. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export async function runs({ values }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  const top = count(stringValue(values, "top"), "top", 15);
  const statusGiven = eitherFlag(values, "status", "run-status");
  const status =
    statusGiven && Object.values(KnownRunStatus).find((s) => s.toLowerCase() === statusGiven.toLowerCase());
  if (statusGiven && !status)
    throw badInput(`--status must be one of ${Object.values(KnownRunStatus).join(", ")}, got '${statusGiven}'`);
  const task = eitherFlag(values, "task", "name");
  const filter = [task && `TaskName eq ${literal(task)}`, status && `Status eq ${literal(status)}`]
    .filter(Boolean)
    .join(" and ");
  return await inSession(target, info, async (session, interrupt) => {
    const found: Run[] = [];
    const listed = session.client.runs.list(session.resourceGroup, session.registry, {
      ...(filter ? { filter } : {}),
      top,
      abortSignal: interrupt.signal,
    });
    for await (const run of listed) {
      found.push(run);
      if (found.length >= top) break;
    }
    output.result(runsTable(found), found);
    return ExitCode.Success;
  });
}
