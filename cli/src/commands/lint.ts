// acr-tasks lint TASK.yaml: the task checked as ACR's runner (acb) reads it, with the values a run would
// give it, without signing in or sending anything. Exit code 0 when acb would run it, 2 when it refuses it.
import { stringValue, type ParsedCommand } from "../args.js";
import type { CommandInfo } from "../command.js";
import { ExitCode } from "../exitCodes.js";
import { localFile, readText } from "../files.js";
import { checkUniqueNames, namedValues, platform, registryName } from "../inputs.js";
import { processOutput } from "../output.js";
import { lintTask } from "../taskLint.js";

export async function lint({ values, positionals }: ParsedCommand, _info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const taskFile = positionals[0]!;
  const taskYaml = readText(taskFile === "-" ? "-" : localFile(process.cwd(), taskFile, "TASK.yaml"));
  const valuesFile = stringValue(values, "values");
  const setValues = [...namedValues(values, "set"), ...namedValues(values, "set-secret", { isSecret: true })];
  checkUniqueNames(setValues, "--set and --set-secret");
  const registry = stringValue(values, "registry");
  const findings = lintTask({
    taskYaml,
    taskFile,
    values: valuesFile
      ? { text: readText(localFile(process.cwd(), valuesFile, "--values")), file: valuesFile }
      : undefined,
    setValues,
    registry: registry === undefined ? undefined : registryName(registry),
    platform: stringValue(values, "platform") === undefined ? undefined : platform(stringValue(values, "platform")),
  });
  const lines = [...findings.errors, ...findings.warnings];
  output.result(lines.length ? lines.join("\n") : undefined, { file: taskFile, ...findings.result });
  const shown = taskFile === "-" ? "<stdin>" : taskFile;
  if (findings.errors.length) {
    output.note(`${shown}: ACR's runner refuses this task`);
    return ExitCode.BadInput;
  }
  output.note(
    `${shown}: ACR's runner runs this task${findings.warnings.length ? ` (${findings.warnings.length} warning${findings.warnings.length === 1 ? "" : "s"})` : ""}`,
  );
  return ExitCode.Success;
}
