// A multi-step task written as YAML, run once with registries.scheduleRun (like `az acr run -f`),
// then waited on by polling the run.
import { createEncodedTaskRunRequest, decodeEncodedTask, type Run } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

// Steps that need no source context; samples/quick-run.ts builds and pushes from a folder.
const taskYaml = `version: v1.1.0
steps:
  - id: greet
    cmd: mcr.microsoft.com/hello-world
  - id: lint
    cmd: bash echo "linting for {{.Values.greeting}} in run {{.Run.ID}}"
    env: ["STAGE=lint"]
    when: ["greet"]
  - id: test
    cmd: bash echo "tests pass for {{.Values.greeting}}"
    when: ["greet"]
    timeout: 300
`;

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const request = createEncodedTaskRunRequest({
    taskYaml,
    values: { greeting: "acr-tasks" },
    platform: linux,
    timeout: 600,
  });
  log(`scheduling an encoded task of ${decodeEncodedTask(request).taskYaml!.split("\n").length - 1} lines`);
  const queued = await client.registries.scheduleRun(resourceGroup, registry, request, { updateIntervalInMs: 200 });
  const runId = queued.properties!.runId!;
  log(`run ${runId} is ${queued.properties?.status}`);
  let run: Run = queued;
  while (!isFinished(run)) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    run = await client.runs.get(resourceGroup, registry, runId);
  }
  log(`run ${runId} ended ${run.properties?.status} after ${seconds(run)} s`);
  if (run.properties?.status !== "Succeeded")
    throw new Error(`run ${runId} ended ${run.properties?.status}: ${run.properties?.runErrorMessage}`);
}

function isFinished(run: Run): boolean {
  return ["Succeeded", "Failed", "Canceled", "Error", "Timeout"].includes(run.properties?.status ?? "");
}

function seconds(run: Run): string {
  const { startTime, finishTime } = run.properties ?? {};
  return startTime && finishTime ? ((finishTime.getTime() - startTime.getTime()) / 1000).toFixed(1) : "?";
}

runIfMain(import.meta, main);
