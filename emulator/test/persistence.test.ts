// With dataDir, state survives close() and a new start: registries, tasks, runs, logs, uploads,
// pipelines and counters; tokens issued before still work; an in-flight run resumes.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { startEmulator } from "../src/index.js";
import {
  arm,
  build,
  createRegistry,
  encoded,
  getRun,
  logLinkOf,
  registryPath,
  scheduleRun,
  send,
  untilCanceled,
  untilCanceledYaml,
  uploadContext,
  waitFor,
  waitForRunEnd,
} from "./helpers.js";

const dataDir = mkdtempSync(join(tmpdir(), "acr-emulator-data-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test("state, blobs and counters survive a restart; in-flight runs resume", async () => {
  const first = await startEmulator({ timeScale: 0.001, dataDir });
  await createRegistry(first, "persistreg");
  const context = await uploadContext(first, "persistreg", { Dockerfile: "FROM alpine\n" });
  await send(first, "PUT", `${registryPath("persistreg")}/tasks/keeptask?api-version=${build}`, {
    body: {
      location: "westus",
      properties: {
        platform: { os: "Linux" },
        step: { type: "Docker", dockerFilePath: "Dockerfile", imageNames: ["keep:1"], contextPath: context },
      },
    },
  });
  await send(first, "PUT", `${registryPath("persistreg")}/exportPipelines/export1?api-version=${arm}`, {
    body: {
      location: "westus",
      properties: {
        target: {
          type: "AzureStorageBlobContainer",
          uri: "https://a.blob.core.windows.net/c",
          keyVaultUri: "https://v.vault.azure.net/secrets/s",
        },
      },
    },
  });
  const done = await waitForRunEnd(
    first,
    "persistreg",
    (
      await scheduleRun(first, "persistreg", {
        type: "DockerBuildRequest",
        dockerFilePath: "Dockerfile",
        imageNames: ["app:v1"],
        platform: { os: "Linux" },
        sourceLocation: context,
      })
    ).name,
  );
  expect(done.properties.status).toBe("Succeeded");
  const inFlight = await scheduleRun(
    first,
    "persistreg",
    untilCanceled({ encodedTaskContent: encoded(untilCanceledYaml("before")) }),
  );
  const inFlightLink = await logLinkOf(first, "persistreg", inFlight.name);
  await waitFor(async () => (await send(first, "GET", inFlightLink, { token: null })).text.includes("before"));
  const oldToken = (await first.credential.getToken("x"))!.token;
  const logLink = await logLinkOf(first, "persistreg", done.name);
  await first.close();
  expect(readdirSync(dataDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

  const second = await startEmulator({ timeScale: 0.001, dataDir });
  try {
    const registry = await send(second, "GET", `${registryPath("persistreg")}?api-version=${arm}`, { token: oldToken });
    expect(registry.status).toBe(200);
    expect(registry.body.properties.provisioningState).toBe("Succeeded");
    expect(
      (await send(second, "GET", `${registryPath("persistreg")}/tasks/keeptask?api-version=${build}`)).body.properties
        .step.imageNames,
    ).toEqual(["keep:1"]);
    expect(
      (await send(second, "GET", `${registryPath("persistreg")}/exportPipelines/export1?api-version=${arm}`)).status,
    ).toBe(200);
    const kept = await getRun(second, "persistreg", done.name);
    expect(kept.properties).toMatchObject({ status: "Succeeded", outputImages: done.properties.outputImages });

    // The old SAS still verifies (same key), against the new port.
    const oldUrl = new URL(logLink);
    const log = await send(second, "GET", `${second.blobEndpoint}${oldUrl.pathname}${oldUrl.search}`, { token: null });
    expect(log.status).toBe(200);
    expect(log.text).toContain("was successful");
    expect(log.headers["x-ms-meta-complete"]).toBe("successful");

    // The uploaded context is still there: a new run can build from it, and run ids continue.
    const again = await scheduleRun(second, "persistreg", {
      type: "DockerBuildRequest",
      dockerFilePath: "Dockerfile",
      platform: { os: "Linux" },
      sourceLocation: context,
    });
    expect(again.name).toBe("cb3");
    expect((await waitForRunEnd(second, "persistreg", again.name)).properties.status).toBe("Succeeded");

    // The in-flight run resumed: still running, its log kept and noted, and it can be canceled.
    expect((await getRun(second, "persistreg", inFlight.name)).properties.status).toBe("Running");
    const inFlightLog = await logLinkOf(second, "persistreg", inFlight.name);
    expect((await send(second, "GET", inFlightLog, { token: null })).text).toMatch(/before[\s\S]*resuming the run/);
    await send(second, "POST", `${registryPath("persistreg")}/runs/${inFlight.name}/cancel?api-version=${build}`);
    expect((await waitForRunEnd(second, "persistreg", inFlight.name)).properties.status).toBe("Canceled");
  } finally {
    await second.close();
  }
});

test("without dataDir nothing is kept", async () => {
  const first = await startEmulator({ timeScale: 0.001 });
  await createRegistry(first, "volatilereg");
  await first.close();
  const second = await startEmulator({ timeScale: 0.001 });
  try {
    expect((await send(second, "GET", `${registryPath("volatilereg")}?api-version=${arm}`)).status).toBe(404);
  } finally {
    await second.close();
  }
});
