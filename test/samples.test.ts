// The samples are part of the contract: `npm start` must run every one against the emulator, with the
// tasks operations at either api-version (`npm start -- --tasks-api-version=...`). The two runs are two
// processes side by side, each with its own embedded emulator.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("samples", () => {
  it.concurrent.each(["2019-06-01-preview", "2025-03-01-preview"])(
    "every sample runs against the embedded emulator with the tasks operations at %s, and npm start's runner exits 0",
    async (tasksApiVersion) => {
      const env: NodeJS.ProcessEnv = { ...process.env, ACR_TASKS_TIME_SCALE: "0.01" };
      delete env.AZURE_SUBSCRIPTION_ID;
      delete env.ACR_TASKS_API_VERSION;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", "samples/run-all.ts", `--tasks-api-version=${tasksApiVersion}`],
        { env, timeout: 180_000 },
      );
      expect(stdout).toContain(`tasks operations at api-version ${tasksApiVersion}`);
      expect(stdout).toContain("All samples passed");
      expect(stdout).not.toContain("✘");
    },
    200_000,
  );
});
