// `az acr run`, from code: a multi-step YAML task with values, run with a local folder as context.
import { fileURLToPath } from "node:url";
import { RunFailedError } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

const sourceDir = fileURLToPath(new URL("./assets/hello-node", import.meta.url));

const taskYaml = `version: v1.1.0
steps:
  - id: build
    build: -t {{.Run.Registry}}/hello-node:{{.Run.ID}} .
  - id: smoke-test
    cmd: {{.Run.Registry}}/hello-node:{{.Run.ID}} node -e "console.log('{{.Values.greeting}}')"
    when: ["build"]
  - id: push
    push: ["{{.Run.Registry}}/hello-node:{{.Run.ID}}"]
    when: ["smoke-test"]
`;

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const queued = await client.registries.quickRun(resourceGroup, registry, {
    taskYaml,
    values: { greeting: "hello" },
    sourceDir,
    platform: linux,
  });
  const runId = queued.properties!.runId!;
  log(`run ${runId} queued: build, smoke-test, push`);
  const run = await client.runs.waitForCompletion(resourceGroup, registry, runId, {
    pollIntervalMs: 250,
    onProgress: (r) => log(`  ${r.properties?.status}`),
  });
  log(
    `run ${runId} ${run.properties?.status}; pushed ${run.properties?.outputImages?.map((i) => `${i.repository}:${i.tag}`).join(", ")}`,
  );

  const failing = await client.registries.quickRun(resourceGroup, registry, { cmd: "bash exit 3", platform: linux });
  try {
    await client.runs.waitForCompletion(resourceGroup, registry, failing.properties!.runId!, { pollIntervalMs: 250 });
    throw new Error("a failing command should have failed its run");
  } catch (error) {
    if (!(error instanceof RunFailedError)) throw error;
    log(`a failing command surfaces as RunFailedError: ${error.message}`);
  }
}

runIfMain(import.meta, main);
