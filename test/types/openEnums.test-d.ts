// Type-level tests (checked by `tsc -p .`, which `npm test` runs; vitest does not execute this file):
// an open enum (x-ms-enum modelAsString) is typed `string`, so a value the service sends outside the
// known ones (`platform.os: "linux"`, `baseImageDependencies[].type: "Runtime"`) is representable, and
// reading one gives `string`, so code that switches on it needs a default. Its Known* constant lists the
// documented values. A closed enum stays a union of its values.
import {
  KnownBaseImageDependencyType,
  KnownOS,
  type BaseImageDependency,
  type PlatformProperties,
  type ResourceIdentityType,
  type Task,
} from "../../src/index.js";

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Values outside the known ones type-check where they are written... */
export const lowerCaseLinux: PlatformProperties = { os: "linux" };
export const runtimeDependency: BaseImageDependency = { type: "Runtime", registry: "mcr.microsoft.com" };

/** ...and read back as plain strings, not as a union of the known values. */
export function openEnumsReadAsStrings(task: Task): [string, string | undefined] {
  const os = task.properties!.platform!.os;
  const dependency = task.properties!.step!.baseImageDependencies![0]!.type;
  const osIsString: Equals<typeof os, string> = true;
  const dependencyIsString: Equals<typeof dependency, string | undefined> = true;
  void osIsString;
  void dependencyIsString;
  return [os, dependency];
}

/** The documented values stay available, each as its literal type. */
export const knownLinux: "Linux" = KnownOS.Linux;
export const knownRunTime: "RunTime" = KnownBaseImageDependencyType.RunTime;

/** A closed enum is a union of its values: other values are compile-time errors. */
export const systemAssigned: ResourceIdentityType = "SystemAssigned, UserAssigned";
// @ts-expect-error "Sometimes" is not a ResourceIdentityType
export const sometimes: ResourceIdentityType = "Sometimes";
