// When a waiter that follows a run's log also asks ARM about the run itself. The log's Complete
// metadata says when a run ends, and reading it costs no ARM request; but a run canceled before it
// started may never get a log, let alone a complete one, so now and then the waiter checks the run
// (Runs_Get). Those checks are the only ARM reads of a wait besides the log link and the final run,
// so they are rare and grow rarer:
// - the first comes `intervalMs` (30 s by default) after the wait began, and each one doubles the next
//   delay, up to an hour;
// - once the log has content the run has started, and its end will be marked in the log: the delay is
//   then at least STARTED_FACTOR times `intervalMs` (5 min by default);
// - new log output puts the next check off by the current delay (a log that grows is a run that runs).
export const DEFAULT_SAFETY_NET_INTERVAL_MS = 30_000;
const STARTED_FACTOR = 10;
const MAX_SAFETY_NET_INTERVAL_MS = 60 * 60 * 1000;

export class SafetyNet {
  private delayMs: number;
  private since: number;
  private started = false;

  constructor(
    private readonly intervalMs: number = DEFAULT_SAFETY_NET_INTERVAL_MS,
    now: number = Date.now(),
  ) {
    this.delayMs = intervalMs;
    this.since = now;
  }

  /** The log was seen growing (to `length` bytes). */
  logGrew(length: number, now: number = Date.now()): void {
    if (length > 0 && !this.started) {
      this.started = true;
      this.delayMs = Math.max(this.delayMs, this.intervalMs * STARTED_FACTOR);
    }
    this.since = now;
  }

  isDue(now: number = Date.now()): boolean {
    return now - this.since >= this.delayMs;
  }

  /** A check was made: the next one waits twice as long. */
  checked(now: number = Date.now()): void {
    this.since = now;
    this.delayMs = Math.min(this.delayMs * 2, Math.max(MAX_SAFETY_NET_INTERVAL_MS, this.intervalMs));
  }
}
