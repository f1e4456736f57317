// Transfer artifacts between registries: an export pipeline run, then an import pipeline run.
import { runIfMain, type SampleContext } from "./common.js";

export async function main({ client, resourceGroup, registry, log }: SampleContext): Promise<void> {
  const keyVaultUri = "https://myvault.vault.azure.net/secrets/acrexportsas";
  const storage = "https://accountname.blob.core.windows.net/transfer";
  const exportPipeline = await client.exportPipelines.create(
    resourceGroup,
    registry,
    "myExportPipeline",
    {
      location: "westus",
      identity: { type: "SystemAssigned" },
      properties: {
        target: { type: "AzureStorageBlobContainer", uri: storage, keyVaultUri },
        options: ["OverwriteBlobs"],
      },
    },
    { updateIntervalInMs: 200 },
  );
  log(`export pipeline ${exportPipeline.name}: ${exportPipeline.properties?.provisioningState}`);
  const exported = await client.pipelineRuns.create(
    resourceGroup,
    registry,
    "myExportRun",
    {
      properties: {
        request: {
          pipelineResourceId: exportPipeline.id,
          artifacts: [
            "hello-world:latest",
            "hello-world@sha256:92c7f9c92844bbbb5d0a101b22f7c2a7949e40f8ea90c8b3bc396879d95e888a",
          ],
          target: { type: "AzureStorageBlob", name: "myblob.tar.gz" },
        },
      },
    },
    { updateIntervalInMs: 200 },
  );
  log(
    `export run ${exported.name}: ${exported.properties?.response?.status}, exported ${exported.properties?.request?.artifacts?.length} artifact(s) to ${exported.properties?.response?.target?.uri ?? exported.properties?.request?.target?.name}`,
  );

  const importPipeline = await client.importPipelines.create(
    resourceGroup,
    registry,
    "myImportPipeline",
    {
      location: "westus",
      identity: { type: "SystemAssigned" },
      properties: {
        source: { type: "AzureStorageBlobContainer", uri: storage, keyVaultUri },
        options: ["OverwriteTags"],
      },
    },
    { updateIntervalInMs: 200 },
  );
  const imported = await client.pipelineRuns.create(
    resourceGroup,
    registry,
    "myImportRun",
    {
      properties: {
        request: {
          pipelineResourceId: importPipeline.id,
          source: { type: "AzureStorageBlob", name: "myblob.tar.gz" },
          catalogDigest: "sha256@",
        },
      },
    },
    { updateIntervalInMs: 200 },
  );
  const response = imported.properties?.response;
  log(
    `import run ${imported.name}: ${response?.status}, imported ${response?.importedArtifacts?.length ?? 0} artifact(s), finished ${response?.finishTime?.toISOString()}`,
  );
  const runs = [];
  for await (const run of client.pipelineRuns.list(resourceGroup, registry)) runs.push(run.name);
  log(`pipeline runs: ${runs.join(", ")}`);
}

runIfMain(import.meta, main);
