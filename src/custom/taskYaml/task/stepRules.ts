// acb's Step.Validate, which it runs on each step (in file order) while building the step graph: retries
// and repeat not negative, exactly one of cmd/build/push, an id without whitespace, mounts only on cmd steps
// with distinct paths, `when` not mixing "-" with ids nor naming the step itself, and cache enabled/disabled.
import type { DecodedStep } from "./decodedTask.js";
import { locationOf, TaskRefusal, type TaskYamlRule } from "./refusal.js";

export const IMMEDIATE = "-";

/** The id acb runs a step under: the one written, or acb_step_<index> (0-based) when none is. */
export const acbStepId = (id: string, index: number): string => id || `acb_step_${index}`;

export const stepKinds = (step: DecodedStep) => ({
  cmd: step.cmd !== "",
  build: step.build !== "",
  push: step.push.length > 0,
});

export function validateStep(step: DecodedStep, stepIndex: number): void {
  const refuse = (message: string, rule: TaskYamlRule, key?: string): never => {
    throw new TaskRefusal(message, rule, { ...locationOf(step, key), stepIndex, stepId: step.id || undefined });
  };
  if (step.id === "") refuse("step is missing an ID", "step-id", "id");
  if (step.retries < 0) refuse("step must specify retries >= 0", "retries", "retries");
  if (step.repeat < 0) refuse("step must specify repeat >= 0", "repeat", "repeat");
  const kinds = stepKinds(step);
  if ((kinds.cmd && kinds.push) || (kinds.cmd && kinds.build) || (kinds.build && kinds.push))
    refuse("step must only contain a single build, cmd, or push property", "step-kind");
  if (/[\s\u0085\u00a0]/u.test(step.id)) refuse("step ID cannot contain spaces", "step-id", "id");
  if (!kinds.cmd && !kinds.build && !kinds.push) refuse("step is missing a cmd, build, or push property", "step-kind");
  if (step.volumeMounts.length > 0) {
    if (!kinds.cmd)
      refuse(
        "invalid use of Mounts. Mounts must have unique container paths and used for CMD steps",
        "volume-mount",
        "volumeMounts",
      );
    const paths = new Set<string>();
    for (const mount of step.volumeMounts) {
      if (!mount) continue;
      if (mount.name === "" || mount.mountPath === "")
        refuse("mount name or container file path is empty", "volume-mount", "volumeMounts");
      if (paths.has(mount.mountPath))
        refuse("mount with duplicate container file path found", "volume-mount", "volumeMounts");
      paths.add(mount.mountPath);
    }
  }
  for (const dependency of step.when) {
    if (dependency === IMMEDIATE && step.when.length > 1)
      refuse("step cannot contain other IDs in when if the immediate execution token is specified", "when", "when");
    if (dependency === step.id) refuse(`Step ID: ${step.id} is self-referenced`, "when", "when");
  }
  const cache = step.cache.toLowerCase();
  if (step.cache !== "" && cache !== "enabled" && cache !== "disabled")
    refuse("invalid value for cache property. Valid values are 'enabled', 'disabled'", "cache", "cache");
}
