// acr-tasks task run NAME: `az acr task run`: a run of a task defined in the registry (scheduleRun with a
// TaskRunRequest), its values and build arguments overridden, then the log followed to the end.
import type { TaskRunRequest } from "acr-tasks";
import { flag, stringValue, type ParsedCommand } from "../args.js";
import { badInput } from "../errors.js";
import { argumentOrFlag, checkUniqueNames, namedValues, targetInputs } from "../inputs.js";
import { processOutput } from "../output.js";
import type { CommandInfo } from "../command.js";
import { followFlags, submitAndFollow } from "../submit.js";

export async function taskRun({ values, positionals }: ParsedCommand, info: CommandInfo): Promise<number> {
  const output = processOutput(stringValue(values, "output"));
  const target = targetInputs(values, process.env);
  const name = argumentOrFlag(values, positionals, "name", "the task's NAME");
  // ACR's rule for a task's name.
  if (!/^[A-Za-z0-9_-]{5,50}$/.test(name))
    throw badInput(`NAME must be 5 to 50 letters, digits, '-' or '_' (a task's name), got '${name}'`);
  const taskValues = [...namedValues(values, "set"), ...namedValues(values, "set-secret", { isSecret: true })];
  checkUniqueNames(taskValues, "--set and --set-secret");
  const buildArguments = [
    ...namedValues(values, "arg", { valueFromEnvironment: process.env }),
    ...namedValues(values, "secret-arg", { isSecret: true, valueFromEnvironment: process.env }),
  ];
  checkUniqueNames(buildArguments, "--arg and --secret-arg");
  const agentPoolName = stringValue(values, "agent-pool");
  return await submitAndFollow(target, output, info, {
    ...followFlags(values),
    queue: async (session, abortSignal) => {
      const request: TaskRunRequest = {
        type: "TaskRunRequest",
        taskId: `/subscriptions/${session.subscriptionId}/resourceGroups/${session.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${session.registry}/tasks/${name}`,
        ...(taskValues.length || buildArguments.length
          ? {
              overrideTaskStepProperties: {
                ...(taskValues.length ? { values: taskValues } : {}),
                ...(buildArguments.length ? { arguments: buildArguments } : {}),
              },
            }
          : {}),
        ...(agentPoolName ? { agentPoolName } : {}),
      };
      return await session.client.registries.scheduleRun(session.resourceGroup, session.registry, request, {
        abortSignal,
      });
    },
  });
}
