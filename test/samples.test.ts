// The samples are part of the contract: `npm start` must run every one against the emulator.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("samples", () => {
  it("every sample runs against the embedded emulator and npm start's runner exits 0", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ACR_TASKS_TIME_SCALE: "0.01" };
    delete env.AZURE_SUBSCRIPTION_ID;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "samples/run-all.ts"], { env, timeout: 180_000 });
    expect(stdout).toContain("All samples passed");
    expect(stdout).not.toContain("✘");
  }, 200_000);
});
