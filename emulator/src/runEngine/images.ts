// Image references as docker reads them, and the images a run builds (in the agent's local image store) and
// pushes (the run's outputImages).
import { createHash } from "node:crypto";
import { sha256, type SourceContext } from "./sourceArchive.js";

export interface ImageDescriptor {
  registry: string;
  repository: string;
  tag: string;
  digest: string;
}

const dockerHub = "registry.hub.docker.com";

/** The registry a name starts with, if it names one: a first component with a dot, a colon, or `localhost`. */
function registryIn(name: string): string | undefined {
  const slash = name.indexOf("/");
  const first = slash < 0 ? "" : name.slice(0, slash);
  return /[.:]/.test(first) || first === "localhost" ? first : undefined;
}

/**
 * `node:9` is registry.hub.docker.com/library/node:9; `mcr.microsoft.com/dotnet/sdk` is tag latest. The
 * digest is the pinned one, else the emulator's own (derived from the reference), for an image no emulated
 * registry holds.
 */
export function parseImageReference(reference: string): ImageDescriptor {
  const [withoutDigest, pinned] = reference.split("@") as [string, string | undefined];
  const named = registryIn(withoutDigest);
  const registry = named ?? dockerHub;
  let path = named === undefined ? withoutDigest : withoutDigest.slice(named.length + 1);
  const colon = path.lastIndexOf(":");
  const tag = colon > path.lastIndexOf("/") ? path.slice(colon + 1) : "latest";
  if (colon > path.lastIndexOf("/")) path = path.slice(0, colon);
  const repository = registry === dockerHub && !path.includes("/") ? `library/${path}` : path;
  const digest = pinned ?? `sha256:${createHash("sha256").update(`${registry}/${repository}:${tag}`).digest("hex")}`;
  return { registry, repository, tag, digest };
}

/** docker's reading of a reference without a tag: `:latest` (a digest-pinned reference keeps its digest). */
export function withTag(reference: string): string {
  return reference.includes("@") || reference.slice(reference.lastIndexOf("/") + 1).includes(":")
    ? reference
    : `${reference}:latest`;
}

/** acb's NormalizeImageTag: `:latest` unless the name holds a `:` or an `@` anywhere. */
export function normalizeImageTag(name: string): string {
  return /[:@]/.test(name) ? name : `${name}:latest`;
}

/**
 * An image as docker names it: a first component with a dot, a colon or `localhost` is a registry, any other
 * name is Docker Hub's (`app` is registry.hub.docker.com/library/app:latest), as acb and docker read it.
 */
export function imageOf(reference: string, digest = ""): ImageDescriptor {
  const { registry, repository, tag } = parseImageReference(withTag(reference));
  return { registry, repository, tag, digest };
}

/** The digest the emulator gives an image it does not build (a base image, a pulled one). */
export function baseImageDigest(reference: string): string {
  return parseImageReference(withTag(reference)).digest;
}

/** `registry/repository:tag`: one name per image, whichever way it was written. */
export function fullName(image: Omit<ImageDescriptor, "digest">): string {
  return `${image.registry}/${image.repository}:${image.tag}`;
}

/** The repository a push names (`[docker.io/library/app]` for Docker Hub), as docker push prints it. */
export function pushRepository(image: ImageDescriptor): string {
  return image.registry === dockerHub ? `docker.io/${image.repository}` : `${image.registry}/${image.repository}`;
}

/** acb build's tags: a name without a registry is the run's registry's (util.PrefixTags). */
export function prefixRegistry(tag: string, registry: string): string {
  return registryIn(tag) === undefined ? `${registry}/${tag}` : tag;
}

/** The images built in this run, by full name: the agent's local image store, which push steps push from. */
export class LocalImages {
  private readonly images = new Map<string, { digest: string; builtAt: number }>();

  add(tag: string, digest: string, builtAt: number): void {
    const name = fullName(imageOf(tag));
    const known = this.images.get(name);
    if (!known || known.builtAt > builtAt) this.images.set(name, { digest, builtAt });
  }

  /** The digest of `tag` if an image was built with that tag by `at` (emulated ms). */
  digestAt(tag: string, at: number): string | undefined {
    const image = this.images.get(fullName(imageOf(tag)));
    return image && image.builtAt <= at ? image.digest : undefined;
  }
}

/** An image's digest: the same context, Dockerfile, arguments, platform and base images build the same image. */
export function buildDigest(
  source: SourceContext,
  dockerfilePath: string,
  dockerfile: Buffer,
  target: string,
  buildArgs: readonly string[],
  platform: string,
  baseImageDigests: readonly string[],
): string {
  return sha256(
    [
      source.digest,
      dockerfilePath,
      dockerfile.toString("base64"),
      target,
      ...buildArgs,
      platform,
      ...baseImageDigests,
    ].join("\n"),
  );
}
