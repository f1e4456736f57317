// The base images a Dockerfile builds on, as acb's dependency scan finds them (and ACR then records them on
// the task's step, `step.baseImageDependencies`): the last stage's image is the run-time one, the earlier
// stages' are build-time ones; a stage built FROM an earlier stage adds none. Build arguments and ARG
// defaults are expanded in FROM lines, as docker does. The digest here is the emulator's own (derived from
// the reference), for an image no emulated registry holds: a build asks its registry first (StepContext).
import { parseImageReference, withTag, type ImageDescriptor } from "./images.js";

export interface BaseImageDependency extends ImageDescriptor {
  /** "Runtime" as Azure answers it (the swagger's enum says RunTime); "BuildTime" for earlier stages. */
  type: "Runtime" | "BuildTime";
}

function expand(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)/g, (_, braced?: string, fallback?: string, bare?: string) => {
    const value = variables.get((braced ?? bare)!);
    return value !== undefined && value !== "" ? value : (fallback ?? "");
  });
}

/** A base image of a Dockerfile: as BaseImageDependency, with the reference as the FROM line names it. */
export interface DockerfileBaseImage extends BaseImageDependency {
  /** The FROM image with its build arguments expanded, `:latest` added when it names no tag or digest. */
  reference: string;
}

/**
 * The base images of `dockerfile` (build arguments as in `--build-arg NAME=value`), with the references as
 * written, for a build's dependency scan.
 */
export function dockerfileBaseImages(
  dockerfile: string,
  buildArguments: readonly { name: string; value: string }[] = [],
): DockerfileBaseImage[] {
  const given = new Map(buildArguments.map((argument) => [argument.name, argument.value]));
  const variables = new Map<string, string>();
  const stageNames = new Set<string>();
  const images: Omit<DockerfileBaseImage, "type">[] = [];
  const lines = dockerfile.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  for (const line of lines) {
    const instruction = /^\s*(ARG|FROM)\s+(.*)$/i.exec(line);
    if (!instruction) continue;
    const words = expand(instruction[2]!.trim(), variables).split(/\s+/);
    if (instruction[1]!.toUpperCase() === "ARG") {
      const [name, value] = words[0]!.split("=", 2) as [string, string | undefined];
      variables.set(name, given.get(name) ?? value ?? "");
      continue;
    }
    const [image, as, stage] = words.filter((word) => !word.startsWith("--"));
    if (image && !stageNames.has(image.toLowerCase()) && image.toLowerCase() !== "scratch")
      images.push({ ...parseImageReference(image), reference: withTag(image) });
    if (as?.toUpperCase() === "AS" && stage) stageNames.add(stage.toLowerCase());
  }
  return images.map((image, index) => ({ type: index === images.length - 1 ? "Runtime" : "BuildTime", ...image }));
}
