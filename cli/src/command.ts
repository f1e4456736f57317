// What every command that talks to the service shares: its user agent, and a session opened under a
// Ctrl-C handler (interrupt.ts), so that an interrupted command ends with 130 whatever it was doing.
import { Interrupt } from "./interrupt.js";
import type { TargetInputs } from "./inputs.js";
import { openSession, type Session } from "./session.js";

export interface CommandInfo {
  version: string;
}

export function userAgent(info: CommandInfo): string {
  return `acr-tasks-cli/${info.version}`;
}

/** Opens a session and runs `body` in it; an interrupt ends it with the signal's exit code. */
export async function inSession(
  target: TargetInputs,
  info: CommandInfo,
  body: (session: Session, interrupt: Interrupt) => Promise<number>,
  options: { onInterrupted?: () => void } = {},
): Promise<number> {
  const interrupt = new Interrupt();
  try {
    const session = await openSession(target, {
      userAgent: userAgent(info),
      abortSignal: interrupt.signal,
    });
    return await body(session, interrupt);
  } catch (error) {
    if (interrupt.exitCode === undefined) throw error;
    options.onInterrupted?.();
    return interrupt.exitCode;
  } finally {
    interrupt.dispose();
  }
}
