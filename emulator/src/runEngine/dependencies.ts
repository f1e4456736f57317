// A build step's image dependencies as acb scans them (before the build) and prints them once every step
// succeeded (builder.go RunTask: "Populating digests for step ID", "The following dependencies were found:"
// and the JSON of image.Dependencies): per tag, the image, its runtime base image and its build-time ones.
import { dockerfileBaseImages, type BaseImageDependency, type DockerfileBaseImage } from "./baseImages.js";
import { fullName, imageOf, normalizeImageTag } from "./images.js";

/** image.Reference as acb serialises it. */
interface ReferenceJson {
  registry: string;
  repository: string;
  tag?: string;
  digest: string;
  reference: string;
}

/** What acb's scan finds for one tag of a build (digests of the built image filled in at the end). */
export interface ScannedDependencies {
  /** The tag as the build step names it; none for a build without tags. */
  tag?: string;
  runtime: ReferenceJson;
  buildtime: ReferenceJson[];
}

const scratch: ReferenceJson = {
  registry: "registry.hub.docker.com",
  repository: "library/scratch",
  tag: "latest",
  digest: "",
  reference: "scratch:latest",
};

/**
 * The scan (ResolveDockerfileDependencies): the last stage's base image is the runtime one, the others are
 * build-time; undefined when the Dockerfile has no FROM (acb: "Unexpected dockerfile format"). `digestOf`
 * gives the digest docker finds for a base image (its reference as the FROM line names it).
 */
export function scanDependencies(
  dockerfile: string,
  tags: readonly string[],
  buildArgs: readonly string[],
  digestOf: (reference: string) => string,
): ScannedDependencies[] | undefined {
  if (!/^\s*FROM\s/im.test(dockerfile)) return undefined;
  const referenceJson = (image: DockerfileBaseImage): ReferenceJson => ({
    registry: image.registry,
    repository: image.repository,
    ...(image.tag ? { tag: image.tag } : {}),
    digest: digestOf(image.reference),
    reference: image.reference,
  });
  const args = buildArgs.map((arg) => ({ name: arg.split("=")[0]!, value: arg.slice(arg.indexOf("=") + 1) }));
  const images = dockerfileBaseImages(dockerfile, args);
  const lastFrom = [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].at(-1)?.[1] ?? "";
  const runtimeImage = images.find((image) => image.type === "Runtime");
  const runtime = lastFrom.toLowerCase() === "scratch" || !runtimeImage ? scratch : referenceJson(runtimeImage);
  const buildtime = images.filter((image) => image.type === "BuildTime").map(referenceJson);
  return (tags.length > 0 ? tags : [undefined]).map((tag) => ({ tag, runtime, buildtime }));
}

/**
 * The base images ACR records on a task's step from acb's dependencies (`baseImageDependencies`): the
 * runtime one and the build-time ones (every tag of a build has the same), scratch left out.
 */
export function baseImageDependenciesOf(scanned: readonly ScannedDependencies[]): BaseImageDependency[] {
  const first = scanned[0];
  if (!first) return [];
  const as = (type: BaseImageDependency["type"]) => (image: ReferenceJson) => ({
    type,
    registry: image.registry,
    repository: image.repository,
    tag: image.tag ?? "",
    digest: image.digest,
  });
  return [
    ...first.buildtime.map(as("BuildTime")),
    ...[first.runtime].filter((image) => image.digest).map(as("Runtime")),
  ];
}

/**
 * The JSON acb prints (encoding/json, HTML characters escaped), the image's digest being the one the run
 * pushed it with (`docker inspect` finds no repository digest for an image that was not pushed).
 */
export function dependenciesJson(scanned: readonly ScannedDependencies[], pushed: ReadonlyMap<string, string>): string {
  const list = scanned.map(({ tag, runtime, buildtime }) => {
    let image: ReferenceJson | null = null;
    if (tag !== undefined) {
      const parsed = imageOf(tag);
      const reference = normalizeImageTag(tag);
      image = {
        registry: parsed.registry,
        repository: parsed.repository,
        ...(parsed.tag ? { tag: parsed.tag } : {}),
        digest: pushed.get(fullName(parsed)) ?? "",
        reference,
      };
    }
    return {
      image,
      "runtime-dependency": runtime,
      "buildtime-dependency": buildtime.length > 0 ? buildtime : null,
    };
  });
  return JSON.stringify(list).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
