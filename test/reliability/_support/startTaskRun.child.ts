// Child process of restart.test.ts: starts taskRuns.create against the emulator named in the
// environment, prints the serialized poller as one JSON line, then idles until it is SIGKILLed.
import { ContainerRegistryTasksClient } from "../../../src/index.js";

const env = process.env;
const token = env.ACR_TEST_TOKEN!;
const client = new ContainerRegistryTasksClient(
  { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) },
  env.ACR_TEST_SUBSCRIPTION!,
  {
    endpoint: env.ACR_TEST_ENDPOINT!,
    tlsOptions: { ca: env.ACR_TEST_CA! },
    retryOptions: { retryDelayInMs: 10, maxRetryDelayInMs: 100, maxRetries: 6 },
  },
);
const runRequest = {
  type: "EncodedTaskRunRequest" as const,
  encodedTaskContent: Buffer.from(`steps:\n  - cmd: bash echo ${env.ACR_TEST_MARKER} && sleep 30\n`).toString("base64"),
  platform: { os: "Linux" as const },
};
// A long interval: this process must not finish the operation before it is killed.
const poller = client.taskRuns.create(
  env.ACR_TEST_RG!,
  env.ACR_TEST_REGISTRY!,
  env.ACR_TEST_TASKRUN!,
  { location: "westus", properties: { runRequest } },
  { updateIntervalInMs: 3_600_000 },
);
await poller.submitted();
process.stdout.write(`${JSON.stringify({ state: await poller.serialize(), done: poller.isDone })}\n`);
setInterval(() => undefined, 1 << 30);
