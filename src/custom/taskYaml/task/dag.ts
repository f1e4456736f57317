// acb's NewDagFromTask: steps are added in file order, each validated, then linked to what it waits for:
// `when: ["-"]` to the start of the run, no `when` to the step before it (the first step to the start), or
// each id in `when`, which must already be a step (so only earlier steps, and never a cycle).
import type { StepGraph } from "../model.js";
import type { DecodedStep } from "./decodedTask.js";
import { locationOf, TaskRefusal } from "./refusal.js";
import { IMMEDIATE, validateStep } from "./stepRules.js";

/** The node acb puts before every step; its id is reserved. */
export const ROOT_ID = "acb_root";

export function buildStepGraph(steps: DecodedStep[]): StepGraph {
  const ids = new Set<string>();
  const order: string[] = [];
  const dependsOn: Record<string, string[]> = {};
  const dependents: Record<string, string[]> = {};
  const roots: string[] = [];
  steps.forEach((step, stepIndex) => {
    validateStep(step, stepIndex);
    const at = (key: string) => ({ ...locationOf(step, key), stepIndex, stepId: step.id });
    if (step.id === ROOT_ID)
      throw new TaskRefusal(`${ROOT_ID} is a reserved ID, it can't be used`, "step-id", at("id"));
    if (ids.has(step.id)) throw new TaskRefusal(`${step.id} already exists as a vertex`, "step-id", at("id"));
    ids.add(step.id);
    order.push(step.id);
    dependsOn[step.id] = [];
    dependents[step.id] = [];
    const previous = order.length > 1 ? order[order.length - 2] : undefined;
    const from =
      step.when.length === 1 && step.when[0] === IMMEDIATE
        ? [ROOT_ID]
        : step.when.length === 0
          ? [previous ?? ROOT_ID]
          : step.when;
    for (const dependency of from) {
      if (dependency === "") throw new TaskRefusal("from cannot be empty", "when", at("when"));
      if (dependency === step.id) throw new TaskRefusal("from and to cannot be the same", "when", at("when"));
      if (dependency !== ROOT_ID && !ids.has(dependency))
        throw new TaskRefusal(
          `${dependency} does not exist as a vertex [from: ${dependency}, to: ${step.id}]`,
          "when",
          at("when"),
        );
      if (dependency === ROOT_ID) {
        if (!roots.includes(step.id)) roots.push(step.id);
        continue;
      }
      dependsOn[step.id]!.push(dependency);
      if (!dependents[dependency]!.includes(step.id)) dependents[dependency]!.push(step.id);
    }
  });
  return { order, dependsOn, dependents, roots, ...schedule(order, dependsOn, dependents, roots) };
}

/** Replays acb's scheduling: a step starts when each parent has removed its (single) edge to it. */
function schedule(
  order: string[],
  dependsOn: Record<string, string[]>,
  dependents: Record<string, string[]>,
  roots: string[],
): Pick<StepGraph, "waves" | "neverStarts"> {
  const remaining = new Map(order.map((id) => [id, dependsOn[id]!.length]));
  const waves: string[][] = [];
  let wave = [...roots];
  const started = new Set(roots);
  while (wave.length > 0) {
    waves.push(wave);
    const next: string[] = [];
    for (const id of wave) {
      for (const child of dependents[id]!) {
        remaining.set(child, remaining.get(child)! - 1);
        if (remaining.get(child) === 0 && !started.has(child)) {
          started.add(child);
          next.push(child);
        }
      }
    }
    wave = order.filter((id) => next.includes(id));
  }
  return { waves, neverStarts: order.filter((id) => !started.has(id)) };
}

export type { StepGraph };
