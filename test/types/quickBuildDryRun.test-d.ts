// Type-level tests (checked by `tsc -p .`, which `npm test` runs; vitest does not execute this file):
// registries.quickBuild resolves to the listing with `dryRun: true`, to the queued Run without it, and to
// either when dryRun is only known at run time.
import type { BuildContextListing, ContainerRegistryTasksClient, Run } from "../../src/index.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export function quickBuildResults(client: ContainerRegistryTasksClient, dryRun: boolean) {
  const options = { sourceDir: "./app", platform: { os: "Linux" } };
  const listed = client.registries.quickBuild("rg", "registry", { ...options, dryRun: true });
  const queued = client.registries.quickBuild("rg", "registry", options);
  const queuedExplicitly = client.registries.quickBuild("rg", "registry", { ...options, dryRun: false });
  const either = client.registries.quickBuild("rg", "registry", { ...options, dryRun });
  const listedIsListing: Equals<typeof listed, Promise<BuildContextListing>> = true;
  const queuedIsRun: Equals<typeof queued, Promise<Run>> = true;
  const queuedExplicitlyIsRun: Equals<typeof queuedExplicitly, Promise<Run>> = true;
  const eitherIsEither: Equals<typeof either, Promise<Run | BuildContextListing>> = true;
  return [listedIsListing, queuedIsRun, queuedExplicitlyIsRun, eitherIsEither];
}
