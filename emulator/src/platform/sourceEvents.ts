// POST /emulator/sourceEvents: what GitHub or Azure DevOps would tell ACR about a commit or a pull request,
// told by another process (the same as RunningEmulator.sendSourceEvent). The body is a SourceEvent; the
// answer lists the runs it started. It takes the emulator's bearer token, as every ARM endpoint does.
import { badRequest } from "../arm/armError.js";
import type { ArmReply } from "../arm/armMessages.js";
import type { SourceEvent } from "../runningEmulator.js";
import { sendSourceEvent, sourceEventProblem } from "../triggers/sourceTriggers.js";
import { readJson, type PlatformCall } from "./platformCall.js";

export function sourceEventEndpoint(call: PlatformCall): ArmReply {
  const event = readJson(call);
  const problem = sourceEventProblem(event);
  if (problem) throw badRequest("InvalidParameter", problem.message, problem.field);
  return { status: 200, body: { runs: sendSourceEvent(call.services, event as SourceEvent) } };
}
