// What the emulated registries hold: each repository and tag a run pushed, with its digest, kept with the
// registry whose login server the image names (so a registry's deletion takes its content with it). Builds
// resolve their base images here, and base image triggers fire when a push changes a tag's digest.
import type { StoredResource } from "../state/state.js";
import type { Store } from "../state/store.js";
import type { ImageDescriptor } from "./images.js";

const registryType = "microsoft.containerregistry/registries";

/** An image a registry holds. */
export interface StoredImage {
  digest: string;
  /** When the push that put this digest there ended (ISO). */
  pushedAt: string;
}

type Content = Record<string, StoredImage>;

function registryOf(store: Store, loginServer: string): StoredResource | undefined {
  const server = loginServer.toLowerCase();
  return store
    .all((resource) => String(resource.body["type"]).toLowerCase() === registryType)
    .find((registry) => String(registry.body["properties"]?.["loginServer"] ?? "").toLowerCase() === server);
}

/** Repositories are lower case in a registry; tags keep their case. */
const keyOf = (image: Omit<ImageDescriptor, "digest">) => `${image.repository.toLowerCase()}:${image.tag}`;

/** The image an emulated registry holds under `registry/repository:tag`, if any. */
export function storedImage(store: Store, image: Omit<ImageDescriptor, "digest">): StoredImage | undefined {
  const content = registryOf(store, image.registry)?.internal?.["images"] as Content | undefined;
  return content?.[keyOf(image)];
}

/**
 * Records a pushed image in the registry it names (nothing, for a registry the emulator does not hold).
 * True when the push changed what the tag points at: a new tag, or a new digest.
 */
export function recordPushedImage(store: Store, image: ImageDescriptor, at: Date): boolean {
  const registry = registryOf(store, image.registry);
  if (!registry) return false;
  const content = ((registry.internal ??= {})["images"] ??= {}) as Content;
  const key = keyOf(image);
  const changed = content[key]?.digest !== image.digest;
  if (changed) content[key] = { digest: image.digest, pushedAt: at.toISOString() };
  store.changed();
  return changed;
}
