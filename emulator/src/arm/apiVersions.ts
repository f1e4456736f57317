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
// - 2025-03-01-preview of the tasks file: the third feed in ../shared, which serves that version itself.

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
const previewsSince = (first: string) => registryFile.filter((v) => v.endsWith("-preview") && v >= first);
const since = (first: string) => registryFile.filter((v) => v >= first);
const gaWithPrivateLinks = ["2021-09-01", "2022-12-01", "2023-07-01"];
/** containerregistry_scopemap.json, the one file scope maps and tokens had before 2020-11-01-preview. */
const scopeMapFile = ["2019-05-01-preview"];
/** containerregistry_build.json (2018-09-01 and 2019-04-01 before task runs and agent pools existed), then the 2025 feed. */
const buildFile = ["2018-09-01", "2019-04-01", "2019-06-01-preview", "2025-03-01-preview"];
const buildSince = (first: string) => buildFile.filter((v) => v >= first);

const sorted = (versions: string[]) => [...new Set(versions)].sort();

/** The versions of each upstream input file, as the readme lists them (the test checks them against it). */
export const publishedVersionsByFile: Readonly<Record<string, readonly string[]>> = {
  "containerregistry.json": registryFile,
  "containerregistry_scopemap.json": scopeMapFile,
  "containerregistry_build.json": buildFile.filter((v) => v !== "2025-03-01-preview"),
};

/** By the path segment after `registries/{registryName}/` ("registries" for the registry itself). */
const versionsBySegment: Record<string, readonly string[]> = {
  registries: registryFile,
  listcredentials: registryFile,
  regeneratecredential: registryFile,
  replications: since("2017-10-01"),
  webhooks: since("2017-10-01"),
  importimage: since("2017-10-01"),
  listusages: since("2017-10-01"),
  privateendpointconnections: sorted([...previewsSince("2019-12-01-preview"), ...gaWithPrivateLinks]),
  privatelinkresources: sorted([...previewsSince("2019-12-01-preview"), ...gaWithPrivateLinks]),
  importpipelines: previewsSince("2019-12-01-preview"),
  exportpipelines: previewsSince("2019-12-01-preview"),
  pipelineruns: previewsSince("2019-12-01-preview"),
  connectedregistries: previewsSince("2020-11-01-preview"),
  scopemaps: sorted([...scopeMapFile, ...previewsSince("2020-11-01-preview"), "2022-12-01", "2023-07-01"]),
  tokens: sorted([...scopeMapFile, ...previewsSince("2020-11-01-preview"), "2022-12-01", "2023-07-01"]),
  generatecredentials: sorted([...scopeMapFile, ...previewsSince("2020-11-01-preview"), "2022-12-01", "2023-07-01"]),
  tasks: buildFile,
  runs: buildFile,
  schedulerun: buildFile,
  listbuildsourceuploadurl: buildFile,
  taskruns: buildSince("2019-06-01-preview"),
  agentpools: buildSince("2019-06-01-preview"),
};

/** Which resource type a catalog path belongs to, as versionsBySegment names it. */
function segmentOf(path: string): string {
  const child = /\/registries\/\{registryName\}\/([^/]+)/.exec(path);
  return child ? child[1]!.toLowerCase() : "registries";
}

/** A feed of the catalog: one of `feeds`, or an alternative (with `alternativeTo`) that serves only its own version. */
export interface ServingFeed {
  readonly apiVersion: string;
  readonly alternativeTo?: string;
}

/**
 * Every api-version at which the emulator serves `path` with the model of `feed`: its own, and for one
 * of the catalog's original feeds, every other published version of the resource type that no feed of
 * the catalog has for that path (`feedVersionsOfPath`: the versions of the feeds that have it).
 */
export function servedApiVersions(
  path: string,
  feed: ServingFeed,
  feedVersionsOfPath: readonly string[],
): readonly string[] {
  const versions = versionsBySegment[segmentOf(path)];
  if (!versions) throw new Error(`no published api-versions known for ${path}`);
  if (feed.alternativeTo !== undefined || !versions.includes(feed.apiVersion)) return [feed.apiVersion];
  return versions.filter((version) => version === feed.apiVersion || !feedVersionsOfPath.includes(version));
}
