// acr-tasks/internal/packing: the packing side of quickBuild and quickRun (the walk, the .dockerignore rules,
// node-tar, the temporary archive), an entry of its own that the main one loads the first time a call packs
// or lists a folder (custom/ownEntry.ts), so that neither an app's start-up nor its bundle carries it.
// Internal: not a public API, and its exports may change in any release.
export { listBuildContext } from "./custom/lifecycle/contextListing.js";
export { packToTempFile } from "./custom/lifecycle/contextSpool.js";
