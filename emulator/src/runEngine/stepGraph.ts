// acb's builder runs the step graph with one goroutine per step whose dependencies are done (builder.go
// processVertex): steps whose last dependency finishes start at that moment, in parallel; a step that fails
// without ignoreErrors sends its error to RunTask, which returns at once (and acb exits, its containers
// removed), so nothing else starts and what still runs is cut short, on every branch; with ignoreErrors the
// error is logged and the step counts as successful. A step whose `when` names a step twice never starts,
// and acb waits for it until the run times out.
import type { ResolvedTask, StepGraph } from "acr-tasks/task-yaml";
import type { StepContext, StepOutcome } from "./stepContext.js";
import { runStep } from "./stepRun.js";

export type GraphResult =
  | { kind: "succeeded"; end: number; outcomes: Map<string, StepOutcome> }
  /** acb's error (`failed to run step ID: X: ...`) at `at`; what was recorded after `mark` at `at` never happened. */
  | { kind: "failed"; at: number; mark: number; message: string }
  /** Some step never starts: acb waits until the run's timeout. */
  | { kind: "stalled" };

interface Event {
  at: number;
  seq: number;
  kind: "start" | "end";
  id: string;
}

export function runGraph(task: ResolvedTask, graph: StepGraph, start: number, ctx: StepContext): GraphResult {
  const steps = new Map(task.steps.map((step) => [step.id, step]));
  const waitingFor = new Map(graph.order.map((id) => [id, graph.dependsOn[id]?.length ?? 0]));
  const outcomes = new Map<string, StepOutcome>();
  const queue: Event[] = [];
  let seq = 0;
  const enqueue = (at: number, kind: Event["kind"], id: string) => {
    queue.push({ at, seq: seq++, kind, id });
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };
  for (const id of graph.roots) enqueue(start, "start", id);
  let end = start;
  while (queue.length > 0) {
    const event = queue.shift()!;
    const step = steps.get(event.id)!;
    if (event.kind === "start") {
      const outcome = runStep(step, event.at, ctx);
      outcomes.set(step.id, outcome);
      enqueue(outcome.endTime, "end", step.id);
      continue;
    }
    end = event.at;
    const { error } = outcomes.get(step.id)!;
    if (error !== undefined && !step.ignoreErrors)
      return {
        kind: "failed",
        at: event.at,
        mark: ctx.recorder.mark(),
        message: `failed to run step ID: ${step.id}: ${error}`,
      };
    if (error !== undefined)
      ctx.recorder.line(
        event.at,
        `Step ID: ${step.id} encountered an error: ${error}, but is set to ignore errors. Continuing...`,
      );
    // Each dependent loses one edge (acb removes the edge parent -> child once, however often `when` names it).
    for (const child of graph.dependents[step.id] ?? []) {
      const left = waitingFor.get(child)! - 1;
      waitingFor.set(child, left);
      if (left === 0) enqueue(event.at, "start", child);
    }
  }
  return outcomes.size === graph.order.length ? { kind: "succeeded", end, outcomes } : { kind: "stalled" };
}
