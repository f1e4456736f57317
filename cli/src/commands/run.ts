// acr-tasks run: `az acr run` on the SDK's quickRun: a task file (-f) or one command (--cmd), its values
// (a values file, --set and --set-secret over it), and a folder uploaded as the run's context (or /dev/null
// for none); then the log followed to the end. The task is linted first, before anything is signed in or
// sent: a task ACR's runner would refuse is bad input (exit code 2).
import { stringValue, type ParsedCommand } from "../args.js";
import { badInput, oneLine } from "../errors.js";
import { localFile, localFolder, readText } from "../files.js";
import { checkUniqueNames, namedValues, runPlacement, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";
import type { CommandInfo } from "../command.js";
import { followFlags, submitAndFollow } from "../submit.js";
import { commandTaskYaml, lintTask, type TaskLintFindings } from "../taskLint.js";

/** The task file az runs when neither -f nor --cmd is given. */
const defaultTaskFile = "acb.yaml";

export async function run({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  const location = positionals[0]!;
  const sourceDir = location.toLowerCase() === "/dev/null" ? undefined : localFolder(location, "DIR (or /dev/null)");
  const cmd = stringValue(values, "cmd");
  const file = stringValue(values, "file");
  if (cmd !== undefined && file !== undefined)
    throw badInput("give -f FILE or --cmd COMMAND, not both (as az: --cmd COMMAND /dev/null, or -f FILE DIR)");
  // Paths in the source context when there is one (az sends them as such), else in the current folder.
  const base = sourceDir ?? process.cwd();
  const readLocal = (path: string, flagName: string) =>
    path === "-" ? readText("-") : readText(localFile(base, path, flagName, sourceDir));
  const taskFile = file ?? defaultTaskFile;
  const taskYaml = cmd === undefined ? readLocal(taskFile, "-f/--file") : commandTaskYaml(cmd);
  if (cmd === undefined && taskYaml.trim() === "") throw badInput(`-f/--file: '${taskFile}' is empty`);
  const valuesFile = stringValue(values, "values");
  const valuesYaml = valuesFile === undefined ? undefined : readLocal(valuesFile, "--values");
  const given = [...namedValues(values, "set"), ...namedValues(values, "set-secret", { isSecret: true })];
  checkUniqueNames(given, "--set and --set-secret");
  const placement = runPlacement(values);

  let findings: TaskLintFindings | undefined;
  try {
    findings = lintTask({
      taskYaml,
      taskFile: cmd === undefined ? taskFile : "--cmd",
      values: valuesYaml === undefined ? undefined : { text: valuesYaml, file: valuesFile! },
      setValues: given,
      registry: target.registry,
      platform: placement.platform,
    });
  } catch (error) {
    // A fault of the lint itself never stops a run ACR would accept (as in the SDK's quickRun).
    output.note(`acr-tasks: the task was not checked: the lint failed (${oneLine((error as Error).message)})`);
  }
  const [refusal] = findings?.errors ?? [];
  if (refusal) throw badInput(refusal);
  for (const warning of findings?.warnings ?? []) output.note(`acr-tasks: ${warning}`);

  return await submitAndFollow(target, output, info, {
    sourceDir,
    ...followFlags(values),
    queue: (session, abortSignal, onProgress) =>
      session.client.registries.quickRun(session.resourceGroup, session.registry, {
        taskYaml,
        ...(valuesYaml !== undefined ? { valuesYaml } : {}),
        ...(given.length ? { values: given } : {}),
        ...(sourceDir ? { sourceDir } : {}),
        ...placement,
        // Linted above, with the same values and run data.
        lint: "off",
        onProgress,
        abortSignal,
      }),
  });
}
