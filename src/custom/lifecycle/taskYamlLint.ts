// quickRun's check of the task before anything is uploaded: acr-tasks/task-yaml's lint, loaded on first use
// (it carries the YAML parser). A task ACR's runner would refuse is a ValidationError naming the line and the
// rule; warnings go to the SDK's logger. Secret values are never rendered in: a placeholder stands for them.
import type { PlatformProperties, SetValue } from "../../generated/v2019_06_01_preview/models.js";
import { ValidationError } from "../errors.js";
import { logger } from "../logger.js";
import { importOwnEntry } from "../ownEntry.js";

export type TaskYamlLintMode = "error" | "off";

export function requireLintMode(value: unknown): asserts value is TaskYamlLintMode | undefined {
  if (value !== undefined && value !== "error" && value !== "off")
    throw new ValidationError("lint", 'must be "error" (refuse what ACR\'s runner refuses) or "off"');
}

type TaskYamlEntry = typeof import("acr-tasks/task-yaml");

/**
 * The run's values as the lint renders them: the values file's text when one is given (`valuesYaml`),
 * the values given one by one over it; secret ones as a placeholder.
 */
export interface RunValues {
  valuesYaml?: string;
  values: readonly SetValue[];
}

export async function lintBeforeRun(
  parameter: "taskYaml" | "cmd",
  taskYaml: string,
  runValues: RunValues,
  registryName: string,
  platform: PlatformProperties,
): Promise<void> {
  let result: ReturnType<TaskYamlEntry["lintTaskYaml"]>;
  try {
    const { lintTaskYaml } = await importOwnEntry<TaskYamlEntry>("task-yaml", "quickRun's task YAML lint");
    const given = Object.fromEntries(
      runValues.values.map((value) => [value.name, value.isSecret ? "secret" : value.value]),
    );
    result = lintTaskYaml(taskYaml, {
      ...(runValues.valuesYaml !== undefined ? { values: runValues.valuesYaml, setValues: given } : { values: given }),
      run: {
        registry: `${registryName.toLowerCase()}.azurecr.io`,
        os: platform.os.toLowerCase(),
        architecture: platform.architecture?.toLowerCase() ?? "amd64",
      },
    });
  } catch (error) {
    // A fault of the lint itself must not stop a run ACR would accept: the task goes unchecked.
    logger.warning(`${parameter} was not checked: the task YAML lint failed (${(error as Error).message})`);
    return;
  }
  const where = (issue: { line?: number; stepId?: string }) =>
    [issue.line !== undefined ? `line ${issue.line}` : "", issue.stepId ? `step '${issue.stepId}'` : ""]
      .filter(Boolean)
      .join(", ");
  for (const warning of result.warnings) logger.warning(`${parameter} ${where(warning)}: ${warning.message}`);
  const [error] = result.errors;
  if (error) {
    const at = where(error);
    // A values file acb cannot read or serialise (a nested map) is the values' fault, not the task's.
    const ofValues = runValues.valuesYaml !== undefined && error.rule === "values";
    throw new ValidationError(
      ofValues ? "valuesYaml" : parameter,
      `${at ? `${at}: ` : ""}ACR's runner refuses this task: ${error.message} (lint: "off" skips this check)`,
    );
  }
}
