// Source triggers: a commit or a pull request in a repository (sendSourceEvent, or POST /emulator/sourceEvents)
// runs each enabled task whose enabled source trigger names that repository, branch and event type, once per
// task, with `sourceTrigger: { id, eventType, commitId, pullRequestId?, repositoryUrl, branchName,
// providerType }` on the run. A trigger without a branch takes the one its repository URL names after `#`
// (`https://github.com/org/repo#main:src`, as az writes it), and one naming none matches every branch.
import { randomUUID } from "node:crypto";
import type { SourceEvent, TriggeredRun } from "../runningEmulator.js";
import type { EmulatorServices } from "../services.js";
import { allTasks, isEnabled, runForTrigger } from "./triggeredRun.js";

/** What is wrong with a source event, naming the field; undefined when nothing is. */
export function sourceEventProblem(event: unknown): { field: string; message: string } | undefined {
  if (typeof event !== "object" || event === null)
    return { field: "event", message: "a source event is an object { repositoryUrl, branch, commitId, eventType }" };
  const fields = event as Record<string, unknown>;
  for (const field of ["repositoryUrl", "branch", "commitId"])
    if (typeof fields[field] !== "string" || fields[field] === "")
      return { field, message: `${field} must be a non-empty string` };
  if (fields["eventType"] !== "commit" && fields["eventType"] !== "pullrequest")
    return { field: "eventType", message: `eventType must be "commit" or "pullrequest"` };
  if (fields["pullRequestId"] !== undefined && typeof fields["pullRequestId"] !== "string")
    return { field: "pullRequestId", message: "pullRequestId must be a string when given" };
  return undefined;
}

/** A repository URL without what does not tell repositories apart: `#branch:folder`, `.git`, slashes, case. */
const repositoryOf = (url: string) =>
  url
    .replace(/#.*$/, "")
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .toLowerCase();

const branchInUrl = (url: string) => /#([^:\s]+)/.exec(url)?.[1];

function matches(trigger: Record<string, any>, event: SourceEvent): boolean {
  const repository = (trigger["sourceRepository"] ?? {}) as Record<string, any>;
  const url = String(repository["repositoryUrl"] ?? "");
  const branch = (repository["branch"] as string | undefined) || branchInUrl(url);
  return (
    isEnabled(trigger) &&
    ((trigger["sourceTriggerEvents"] ?? []) as string[]).includes(event.eventType) &&
    repositoryOf(url) === repositoryOf(event.repositoryUrl) &&
    (!branch || branch === event.branch)
  );
}

/** Runs every task a source event triggers (the event already checked by sourceEventProblem). */
export function sendSourceEvent(services: EmulatorServices, event: SourceEvent): TriggeredRun[] {
  const started: TriggeredRun[] = [];
  for (const task of allTasks(services)) {
    const properties = (task.body["properties"] ?? {}) as Record<string, any>;
    const trigger = ((properties["trigger"]?.["sourceTriggers"] ?? []) as Record<string, any>[]).find((t) =>
      matches(t, event),
    );
    if (!trigger || !isEnabled(properties)) continue;
    const run = runForTrigger(services, task, `source trigger '${trigger["name"]}' (${event.eventType})`, {
      sourceTrigger: {
        id: randomUUID(),
        eventType: event.eventType,
        commitId: event.commitId,
        ...(event.pullRequestId !== undefined ? { pullRequestId: event.pullRequestId } : {}),
        repositoryUrl: event.repositoryUrl,
        branchName: event.branch,
        providerType: trigger["sourceRepository"]?.["sourceControlType"] ?? "Github",
      },
    });
    if (run) started.push({ id: run.id, runId: String(run.body["name"]), taskId: task.id });
  }
  return started;
}
