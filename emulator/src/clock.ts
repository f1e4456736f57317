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

  /** Runs `callback` at wall-clock time `atEpochMs` (or now, if that is past). */
  at(atEpochMs: number, callback: () => void): void {
    this.after(Math.max(0, atEpochMs - Date.now()), callback);
  }

  after(delayMs: number, callback: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) callback();
    }, Math.max(0, Math.round(delayMs)));
    this.timers.add(timer);
  }

  /** The Retry-After (whole seconds) matching a realistic polling interval at this scale. */
  retryAfterSeconds(realisticSeconds: number): number {
    return Math.max(0, Math.round(realisticSeconds * this.timeScale));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
