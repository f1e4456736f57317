// Runs listed with $filter and $top, page by page, and resumed from a continuation token
// (as a second process would, from a token it was handed).
import { createEncodedTaskRunRequest } from "acr-tasks";
import { linux, runIfMain, type SampleContext } from "./common.js";

export async function main({
  client,
  createClient,
  resourceGroup,
  registry,
  log,
  emulated,
}: SampleContext): Promise<void> {
  if (emulated) {
    const request = createEncodedTaskRunRequest({
      taskYaml: "version: v1.1.0\nsteps:\n  - cmd: bash echo hi\n",
      platform: linux,
    });
    for (let i = 0; i < 5; i++)
      await client.registries.scheduleRun(resourceGroup, registry, request, { updateIntervalInMs: 100 });
    log("scheduled 5 runs to list");
  }
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const filter = `CreateTime ge ${since}`;
  const firstPages = client.runs.list(resourceGroup, registry, { filter, top: 50 }).byPage({ maxPageSize: 2 });
  const first = await firstPages.next();
  if (first.done) throw new Error("no runs listed");
  log(`first page (${filter}): ${first.value.map((r) => r.properties?.runId).join(", ")}`);
  const token = first.value.continuationToken;
  if (!token) {
    log("everything fit on one page");
    return;
  }
  // A new client, as in another process: the token is all it needs.
  const resumed = createClient();
  let pages = 1;
  for await (const page of resumed.runs
    .list(resourceGroup, registry, { filter, top: 50 })
    .byPage({ continuationToken: token, maxPageSize: 2 })) {
    pages++;
    log(`resumed page ${pages}: ${page.map((r) => `${r.properties?.runId} ${r.properties?.status}`).join(", ")}`);
  }
  let succeeded = 0;
  for await (const run of client.runs.list(resourceGroup, registry, { filter: "Status eq 'Succeeded'" })) {
    if (run.properties?.status !== "Succeeded")
      throw new Error(`the filter let ${run.properties?.runId} (${run.properties?.status}) through`);
    succeeded++;
  }
  log(`${succeeded} runs with Status eq 'Succeeded'`);
}

runIfMain(import.meta, main);
