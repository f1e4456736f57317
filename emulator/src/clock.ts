// Scales the realistic durations of the emulated service (builds, LROs, queueing) by timeScale and
// owns every timer, so close() can stop them all and nothing keeps the process alive afterwards.

export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(readonly timeScale: number) {
    if (!(timeScale > 0)) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  }

  /** A realistic duration in milliseconds, as it elapses in this emulator. */
  scaled(realisticMs: number): number {
    return realisticMs * this.timeScale;
  }

  /**
   * Runs `callback` at wall-clock time `atEpochMs` (or now, if that is past), never before: a timer can
   * fire a millisecond early by Date.now() (libuv measures from the start of the loop turn), and code
   * that checks `Date.now() >= atEpochMs` must then see it true.
   */
  at(atEpochMs: number, callback: () => void): void {
    this.after(Math.max(0, atEpochMs - Date.now()), () =>
      Date.now() < atEpochMs ? this.at(atEpochMs, callback) : callback(),
    );
  }

  after(delayMs: number, callback: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.closed) callback();
      },
      Math.max(0, Math.round(delayMs)),
    );
    this.timers.add(timer);
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
