// Scales the realistic durations of the emulated service (builds, LROs, queueing) by timeScale and
// owns every timer, so close() can stop them all and nothing keeps the process alive afterwards. It also
// keeps the emulated time that timer triggers' schedules read: from the start, it runs 1/timeScale times
// as fast as the wall clock (at timeScale 1 it is the wall clock).

/** The longest delay setTimeout takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `timeScale` when the emulator can run at it, else the RangeError that refuses it. */
export function checkTimeScale(timeScale: number): number {
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  return timeScale;
}

export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private readonly wallStart = Date.now();

  /** `emulatedStart`: what the emulated clock reads now (default: the wall clock's time). */
  constructor(
    readonly timeScale: number,
    private readonly emulatedStart = Date.now(),
  ) {
    checkTimeScale(timeScale);
  }

  /** The emulated time now, in ms since the epoch. */
  emulatedNow(): number {
    return this.emulatedStart + (Date.now() - this.wallStart) / this.timeScale;
  }

  /** The wall-clock time at which the emulated clock reads `emulatedMs`. */
  wallTimeOf(emulatedMs: number): number {
    return this.wallStart + (emulatedMs - this.emulatedStart) * this.timeScale;
  }

  /** A realistic duration in milliseconds, as it elapses in this emulator. */
  scaled(realisticMs: number): number {
    return realisticMs * this.timeScale;
  }

  /**
   * Runs `callback` at wall-clock time `atEpochMs` (or now, if that is past), never before: a timer can
   * fire a millisecond early by Date.now() (libuv measures from the start of the loop turn), and code
   * that checks `Date.now() >= atEpochMs` must then see it true. Returns what cancels it.
   */
  at(atEpochMs: number, callback: () => void): () => void {
    let cancelTimer = () => {};
    const arm = () => {
      cancelTimer = this.after(Math.max(0, atEpochMs - Date.now()), () =>
        Date.now() < atEpochMs ? arm() : callback(),
      );
    };
    arm();
    return () => cancelTimer();
  }

  /** Runs `callback` after `delayMs`; returns what cancels it. */
  after(delayMs: number, callback: () => void): () => void {
    if (this.closed) return () => {};
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.closed) callback();
      },
      // A later moment is reached in steps: at() re-arms until it is due.
      Math.min(MAX_TIMER_MS, Math.max(0, Math.round(delayMs))),
    );
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /**
   * The wait to advise for a realistic polling interval at this scale. Retry-After is whole seconds and
   * never below 1: Python's azure-core reads 0 as "no Retry-After" and falls back to waiting 30 s per
   * poll. The exact scaled wait goes in retry-after-ms, which the JS Azure clients read first (so a test
   * at timeScale 0.001 does not wait a second per poll) and Python reads only without Retry-After.
   */
  retryAfterHeaders(realisticSeconds: number): Record<string, string> {
    const ms = Math.max(1, Math.round(realisticSeconds * 1000 * this.timeScale));
    return { "Retry-After": String(Math.max(1, Math.round(ms / 1000))), "retry-after-ms": String(ms) };
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
