// Loads one of this package's own entries the first time a call needs it: acr-tasks/task-yaml (quickRun's
// lint, with its YAML parser) and acr-tasks/internal/packing (the walk, the .dockerignore rules and node-tar
// behind quickBuild and quickRun). They are imported by the package's name, as an app would import them,
// through a specifier that is not a literal: an app's bundler does not follow it, so neither the app's
// start-up nor its bundle carries them, and they load from the installed package at run time. The CommonJS
// build requires their CommonJS files, so that their dependencies load as CommonJS too (the copy of
// @azure/abort-controller this build already uses, rather than its ES module one beside it). Each entry
// still bundles its own ValidationError: sourceContext.ts gives the packing entry's errors back as this
// entry's classes.

/** Set by tsup.config.ts: `require` in the CommonJS build, undefined in the ES module one (and from the sources). */
declare const ACR_TASKS_REQUIRE: ((specifier: string) => unknown) | undefined;

export type OwnEntry = "task-yaml" | "internal/packing";

/** The entry's exports; `neededFor` names the call that needs it, for the error when it cannot be loaded. */
export async function importOwnEntry<T>(entry: OwnEntry, neededFor: string): Promise<T> {
  const specifier = `acr-tasks/${entry}`;
  try {
    if (typeof ACR_TASKS_REQUIRE === "function") return ACR_TASKS_REQUIRE(specifier) as T;
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED")
      throw error;
    throw new Error(
      `${neededFor} needs ${specifier}, which could not be loaded (${(error as Error).message.split("\n")[0]}): ` +
        "an app bundled without its node_modules must keep the acr-tasks package out of the bundle (external) and installed",
      { cause: error },
    );
  }
}
