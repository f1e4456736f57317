// `cache: enabled` on a build step (Linux): acb builds with buildx and adds registry cache flags, the cache
// image named after the first tag's repository (the registry's when no tag names one) and tagged
// cache_<task name>_<step id>. docker/distribution's reference grammar decides what a tag's domain is.
const alphaNumeric = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]*)";
const nameComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const name = `(?:(${domain})/)?(${nameComponent}(?:/${nameComponent})*)`;
const reference = new RegExp(
  `^(${name})(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);
const anchoredName = new RegExp(`^${name}$`);

/** reference.Parse: the domain and path of an image reference, or the error docker/distribution gives. */
export function splitReference(text: string): { domain: string; path: string } | { error: string } {
  const match = reference.exec(text);
  if (!match) {
    if (text === "") return { error: "repository name must have at least one component" };
    if (reference.test(text.toLowerCase())) return { error: "repository name must be lowercase" };
    return { error: "invalid reference format" };
  }
  const fullName = match[1]!;
  if (fullName.length > 255) return { error: "repository name must not be more than 255 characters" };
  const named = anchoredName.exec(fullName)!;
  return { domain: named[1] ?? "", path: named[2]! };
}

/**
 * GetCmdWithCacheFlags: the build arguments with buildx's registry cache flags, or why acb could not make
 * them (acb logs `error creating build cache command ...` and builds without the flags).
 */
export function buildWithCacheFlags(
  build: string,
  tags: string[],
  cacheTag: string,
  registry: string,
): { build: string } | { error: string } {
  if (tags.length === 0) return { build };
  let domainName = "";
  let firstPath = "";
  let path = "";
  for (const [index, tag] of tags.entries()) {
    const parsed = splitReference(tag);
    if ("error" in parsed) {
      return {
        error: `failed to parse the tag into a domain and path: failed to parse the image name: ${parsed.error}`,
      };
    }
    ({ domain: domainName, path } = parsed);
    if (index === 0) firstPath = path;
    if (domainName !== "") break;
  }
  if (domainName === "") {
    domainName = registry;
    path = firstPath;
  }
  const repository = `${domainName}/${path}`;
  if (!anchoredName.test(repository) || repository.length > 255) {
    return { error: "failed to parse reference to be used for cache image: invalid reference format" };
  }
  if (!/^[\w][\w.-]{0,127}$/.test(cacheTag)) {
    return { error: "failed to attach cache ID tag to the repo for build cache: invalid tag format" };
  }
  const image = `${repository}:${cacheTag}`;
  return {
    build: `--load --cache-to=type=registry,ref=${image},mode=max --cache-from=type=registry,ref=${image} ${build}`,
  };
}

/** util.ParseTags / ParseBuildArgs: the words after each `-t`/`--tag` (or `--build-arg`) in a build command. */
export function wordsAfter(command: string, flags: string[]): string[] {
  const fields = command.split(/[\s\u0085\u00a0]+/u).filter((field) => field !== "");
  return fields.filter((_field, index) => index > 0 && flags.includes(fields[index - 1]!));
}
