// The api-versions ARM serves each ACR resource type at. Real tools send many (az 2.45: 2022-02-01-preview
// for registries, 2020-11-01-preview for scope maps and tokens, 2019-06-01-preview for tasks; newer tools
// newer ones); the emulator answers every published version of a resource type with the model of its own
// feed, and refuses any other version with ARM's InvalidApiVersionParameter.
//
// Where the data comes from (the emulator never reads ../shared at run time, hence this copy):
// - the versions of each input file: the upstream autorest configuration,
//   azure-rest-api-specs specification/containerregistry/resource-manager/readme.md (the `input-file` of
//   every tag), as found in ../shared/swagger at the time of writing;
// - which resource types each version of containerregistry.json holds: the operation groups generated for
//   that version (azure-mgmt-containerregistry, as Debian's azure-cli 2.45 ships it, has one folder per
//   version up to 2022-02-01-preview; the later ones follow the same pattern: previews hold every preview
//   type, the stable versions 2022-12-01 and 2023-07-01 add scope maps and tokens to the GA types);
// - 2025-03-01-preview of the tasks file: the third feed in ../shared, which serves that version itself;
// - the versions after the readme in ../shared (read upstream, azure-rest-api-specs at commit 28e6b59a,
//   specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/ContainerRegistry/readme.md):
//   containerregistry.json at 2024-11-01-preview, 2025-03-01-preview, 2025-04-01 and 2025-05-01-preview.
//   The previews hold every preview type (their examples folders: pipelines, connected registries, scope
//   maps, tokens...); 2025-04-01, the stable one, adds connected registries to the types of 2023-07-01
//   (stable/2025-04-01/examples has ConnectedRegistryGet/Delete and no pipeline example);
// - the TypeSpec conversion's Combine/ folder (Combine/main.tsp, stable/2025-11-01/combine.json and
//   preview/2025-06-01-preview/combine.json at commit 206035ce): one swagger per version holding registries
//   and tasks alike. 2025-06-01-preview holds every type (its `tags` list pipelines and pipeline runs too);
//   2025-11-01 every one but the pipelines (its `tags`: Registries, ConnectedRegistries, PrivateLinkResources,
//   PrivateEndpointConnections, Replications, ScopeMaps, Tokens, Webhooks, AgentPools, Runs, TaskRuns, Tasks).
//   Not verified path by path: that scheduleRun and listBuildSourceUploadUrl sit in both (their routes come
//   from RegistryTasks/routes.tsp, which Combine/main.tsp imports).

/** containerregistry.json: every version the readme lists, oldest first. */
const registryFile = [
  "2017-03-01",
  "2017-10-01",
  "2019-05-01",
  "2019-12-01-preview",
  "2020-11-01-preview",
  "2021-06-01-preview",
  "2021-08-01-preview",
  "2021-09-01",
  "2021-12-01-preview",
  "2022-02-01-preview",
  "2022-12-01",
  "2023-01-01-preview",
  "2023-06-01-preview",
  "2023-07-01",
  "2023-08-01-preview",
  "2023-11-01-preview",
];
/** containerregistry.json after the readme in ../shared (upstream's ContainerRegistry/readme.md). */
const laterRegistryFile = ["2024-11-01-preview", "2025-03-01-preview", "2025-04-01", "2025-05-01-preview"];
/** Combine/: registries and tasks in one swagger per version. */
const combinedPreview = "2025-06-01-preview";
const combinedStable = "2025-11-01";
const allRegistryVersions = [...registryFile, ...laterRegistryFile, combinedPreview, combinedStable];
const previewsSince = (first: string) => allRegistryVersions.filter((v) => v.endsWith("-preview") && v >= first);
const since = (first: string) => allRegistryVersions.filter((v) => v >= first);
const gaWithPrivateLinks = ["2021-09-01", "2022-12-01", "2023-07-01", "2025-04-01", combinedStable];
const gaWithTokens = ["2022-12-01", "2023-07-01", "2025-04-01", combinedStable];
/** containerregistry_scopemap.json, the one file scope maps and tokens had before 2020-11-01-preview. */
const scopeMapFile = ["2019-05-01-preview"];
/** containerregistry_build.json (2018-09-01 and 2019-04-01 before task runs and agent pools existed), then the 2025 feed. */
const buildFile = ["2018-09-01", "2019-04-01", "2019-06-01-preview", "2025-03-01-preview"];
const buildVersions = [...buildFile, combinedPreview, combinedStable];
const buildSince = (first: string) => buildVersions.filter((v) => v >= first);

const sorted = (versions: string[]) => [...new Set(versions)].sort();

/** The versions of each upstream input file, as the readme lists them (the test checks them against it). */
export const publishedVersionsByFile: Readonly<Record<string, readonly string[]>> = {
  "containerregistry.json": registryFile,
  "containerregistry_scopemap.json": scopeMapFile,
  "containerregistry_build.json": buildFile.filter((v) => v !== "2025-03-01-preview"),
};

/** By the path segment after `registries/{registryName}/` ("registries" for the registry itself). */
const versionsBySegment: Record<string, readonly string[]> = {
  registries: allRegistryVersions,
  listcredentials: allRegistryVersions,
  regeneratecredential: allRegistryVersions,
  replications: since("2017-10-01"),
  webhooks: since("2017-10-01"),
  importimage: since("2017-10-01"),
  listusages: since("2017-10-01"),
  privateendpointconnections: sorted([...previewsSince("2019-12-01-preview"), ...gaWithPrivateLinks]),
  privatelinkresources: sorted([...previewsSince("2019-12-01-preview"), ...gaWithPrivateLinks]),
  importpipelines: previewsSince("2019-12-01-preview"),
  exportpipelines: previewsSince("2019-12-01-preview"),
  pipelineruns: previewsSince("2019-12-01-preview"),
  connectedregistries: sorted([...previewsSince("2020-11-01-preview"), "2025-04-01", combinedStable]),
  scopemaps: sorted([...scopeMapFile, ...previewsSince("2020-11-01-preview"), ...gaWithTokens]),
  tokens: sorted([...scopeMapFile, ...previewsSince("2020-11-01-preview"), ...gaWithTokens]),
  generatecredentials: sorted([...scopeMapFile, ...previewsSince("2020-11-01-preview"), ...gaWithTokens]),
  tasks: buildVersions,
  runs: buildVersions,
  schedulerun: buildVersions,
  listbuildsourceuploadurl: buildVersions,
  taskruns: buildSince("2019-06-01-preview"),
  agentpools: buildSince("2019-06-01-preview"),
};

/** Which resource type a catalog path belongs to, as versionsBySegment names it. */
function segmentOf(path: string): string {
  const child = /\/registries\/\{registryName\}\/([^/]+)/.exec(path);
  return child ? child[1]!.toLowerCase() : "registries";
}

/** A feed of the catalog: one of `feeds`, or an alternative (with `alternativeTo`) to one of them. */
export interface ServingFeed {
  readonly apiVersion: string;
  readonly alternativeTo?: string;
}

/** The feed that serves `version`: the newest feed at or before it, or the oldest one for earlier versions. */
function servingFeedVersion(version: string, feedVersions: readonly string[]): string {
  const ordered = [...feedVersions].sort();
  return [...ordered].reverse().find((feedVersion) => feedVersion <= version) ?? ordered[0]!;
}

/**
 * Every api-version at which the emulator serves `path` with the model of `feed`: its own, and every
 * other published version of the resource type for which it is the nearest feed (`feedVersionsOfPath`:
 * the versions of the feeds that have the path). So the 2019-06-01-preview tasks feed answers 2018-09-01
 * to 2019-06-01-preview, and the 2025-03-01-preview one answers that version and the later Combine ones.
 */
export function servedApiVersions(
  path: string,
  feed: ServingFeed,
  feedVersionsOfPath: readonly string[],
): readonly string[] {
  const versions = versionsBySegment[segmentOf(path)];
  if (!versions) throw new Error(`no published api-versions known for ${path}`);
  if (!versions.includes(feed.apiVersion)) return [feed.apiVersion];
  return versions.filter(
    (version) => version === feed.apiVersion || servingFeedVersion(version, feedVersionsOfPath) === feed.apiVersion,
  );
}
