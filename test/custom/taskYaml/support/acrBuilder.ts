// acr-builder's own test YAML (../shared/acr-builder, read at test time) and helpers to read tasks with it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { readTaskYaml, type ReadTaskYamlOptions, type TaskYamlReading } from "acr-tasks/task-yaml";

export const acrBuilderDir = fileURLToPath(new URL("../../../../../shared/acr-builder/", import.meta.url));

/** A file of acr-builder's test data, by its path in the repository (e.g. graph/testdata/acb.yaml). */
export const acrBuilderFile = (path: string): string => readFileSync(acrBuilderDir + path, "utf8");

/** Every YAML file of the test data, as repository paths. */
export function acrBuilderFiles(dir = ""): string[] {
  return readdirSync(acrBuilderDir + dir).flatMap((entry) => {
    const path = dir ? `${dir}/${entry}` : entry;
    if (statSync(acrBuilderDir + path).isDirectory()) return acrBuilderFiles(path);
    return path.endsWith(".yaml") ? [path] : [];
  });
}

type Outcome<K extends TaskYamlReading["outcome"]> = Extract<TaskYamlReading, { outcome: K }>;

/** Reads a task that acb runs, failing the test with acb's refusal otherwise. */
export function runs(content: string, options?: ReadTaskYamlOptions): Outcome<"run"> {
  const reading = readTaskYaml(content, options);
  if (reading.outcome !== "run") expect.fail(`expected acb to run the task, got ${JSON.stringify(reading)}`);
  return reading;
}

/** Reads a task that acb refuses: its refusal. */
export function refused(content: string, options?: ReadTaskYamlOptions): Outcome<"refused">["refusal"] {
  const reading = readTaskYaml(content, options);
  if (reading.outcome !== "refused") expect.fail(`expected acb to refuse the task, got ${JSON.stringify(reading)}`);
  return reading.refusal;
}
