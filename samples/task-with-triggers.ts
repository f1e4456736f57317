// A task with a source trigger, a base-image trigger and a timer trigger, then run on demand.
import { createEncodedTaskStep, type Task } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const taskName = "nightlybuild";
  const task: Task = {
    location: "westus",
    properties: {
      status: "Enabled",
      platform: linux,
      agentConfiguration: { cpu: 2 },
      timeout: 3600,
      step: createEncodedTaskStep({
        taskYaml: "version: v1.1.0\nsteps:\n  - cmd: mcr.microsoft.com/hello-world\n",
      }),
      trigger: {
        sourceTriggers: [
          {
            name: "onCommit",
            sourceRepository: {
              sourceControlType: "Github",
              repositoryUrl: "https://github.com/Azure-Samples/acr-build-helloworld-node",
              branch: "main",
            },
            sourceTriggerEvents: ["commit", "pullrequest"],
            status: "Enabled",
          },
        ],
        baseImageTrigger: { name: "onBaseImageUpdate", baseImageTriggerType: "Runtime", status: "Enabled" },
        timerTriggers: [{ name: "nightly", schedule: "0 2 * * *", status: "Enabled" }],
      },
    },
  };
  const created = await client.tasks.create(resourceGroup, registry, taskName, task, { updateIntervalInMs: 200 });
  const trigger = created.properties?.trigger;
  log(
    `task ${created.name} is ${created.properties?.provisioningState}, created ${created.properties?.creationDate?.toISOString()}`,
  );
  log(
    `  triggers: source ${trigger?.sourceTriggers?.map((t) => t.name)}, base image ${trigger?.baseImageTrigger?.name}, timer ${trigger?.timerTriggers?.map((t) => `${t.name} (${t.schedule})`)}`,
  );

  const run = await client.registries.scheduleRun(
    resourceGroup,
    registry,
    { type: "TaskRunRequest", taskId: created.id! },
    { updateIntervalInMs: 200 },
  );
  log(`ran it on demand: run ${run.properties?.runId}, task ${run.properties?.task}, ${run.properties?.runType}`);

  const details = await client.tasks.getDetails(resourceGroup, registry, taskName);
  log(`getDetails returns the full step: ${details.properties?.step?.type}`);
  await client.tasks.delete(resourceGroup, registry, taskName, { updateIntervalInMs: 200 });
  log(`task ${taskName} deleted`);
}

runIfMain(import.meta, main);
