// A Registries group for quickBuild/quickRun tests: hands out an upload URL on the test storage host
// and records the run requests it is asked to schedule.
import { vi } from "vitest";
import type { RegistriesOperations } from "../../../../src/generated/groups/registries.js";
import type { Run, RunRequest } from "../../../../src/generated/v2019_06_01_preview/models.js";
import type { TestBlobServer } from "./blobServer.js";

export const RELATIVE_PATH = "source/20240101/0123abcd.tar.gz";
export const UPLOAD_PATH = "/uploads/0123abcd.tar.gz";

export function fakeRegistries(server: TestBlobServer) {
  const scheduled: RunRequest[] = [];
  const getBuildSourceUploadUrl = vi.fn<RegistriesOperations["getBuildSourceUploadUrl"]>(async () => ({
    uploadUrl: server.sasUrl(UPLOAD_PATH),
    relativePath: RELATIVE_PATH,
  }));
  const scheduleRun = vi.fn(async (_rg: string, _registry: string, request: RunRequest): Promise<Run> => {
    scheduled.push(request);
    return { name: "cb1", properties: { runId: "cb1", status: "Queued" } };
  });
  const registries = {
    getBuildSourceUploadUrl,
    scheduleRun: scheduleRun as unknown as RegistriesOperations["scheduleRun"],
  };
  return { registries, getBuildSourceUploadUrl, scheduleRun, scheduled };
}
