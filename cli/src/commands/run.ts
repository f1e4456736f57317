// acr-tasks run: `az acr run` on the SDK's quickRun: a task file (-f) or one command (--cmd), its values,
// and a folder uploaded as the run's context (or /dev/null for none); then the log followed to the end.
import { flag, stringValue, type ParsedCommand } from "../args.js";
import { badInput } from "../errors.js";
import { localFile, localFolder, readText } from "../files.js";
import { checkUniqueNames, namedValues, runPlacement, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";
import type { CommandInfo } from "../command.js";
import { followFlags, submitAndFollow } from "../submit.js";
import { mergeValues, readValuesFile } from "../valuesFile.js";

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
  const taskYaml = cmd === undefined ? readLocal(file ?? defaultTaskFile, "-f/--file") : undefined;
  if (taskYaml !== undefined && taskYaml.trim() === "")
    throw badInput(`-f/--file: '${file ?? defaultTaskFile}' is empty`);
  const valuesPath = stringValue(values, "values");
  const given = [...namedValues(values, "set"), ...namedValues(values, "set-secret", { isSecret: true })];
  checkUniqueNames(given, "--set and --set-secret");
  const fromFile = valuesPath ? await readValuesFile(readLocal(valuesPath, "--values"), valuesPath) : [];
  const taskValues = mergeValues(fromFile, given);
  const options = {
    ...(cmd !== undefined ? { cmd } : { taskYaml }),
    ...(taskValues.length ? { values: taskValues } : {}),
    ...(sourceDir ? { sourceDir } : {}),
    ...runPlacement(values),
  };
  return await submitAndFollow(target, output, info, {
    sourceDir,
    ...followFlags(values),
    queue: (session, abortSignal) =>
      session.client.registries.quickRun(session.resourceGroup, session.registry, { ...options, abortSignal }),
  });
}
