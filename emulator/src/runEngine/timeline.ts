// A run as the emulator plays it back: what acb and ACR write, and what the run pushes, at which moment of
// emulated time (milliseconds after the run starts running, at timeScale 1). Planning records the moments
// in any order; playback reads them in time order (ties in the order recorded).
import type { BaseImageDependency } from "./baseImages.js";
import type { ImageDescriptor } from "./images.js";
import type { LogLine } from "./runLog.js";

export type RunEndStatus = "Succeeded" | "Failed" | "Error";

export interface RunEnd {
  status: RunEndStatus;
  errorMessage?: string;
  /** What a run that succeeded learnt of its build steps' base images (acb's dependencies, as ACR records them). */
  baseImages?: BaseImageDependency[];
}

export interface TimelineEvent {
  /** Emulated ms after the run started running. */
  at: number;
  lines: LogLine[];
  /** Images pushed at this moment (they join the run's outputImages). */
  pushed?: ImageDescriptor[];
  /** The run ends here. A timeline without an end waits for the run's timeout, as acb does for a step that never starts. */
  end?: RunEnd;
}

type Entry = { at: number; seq: number } & ({ line: LogLine } | { pushed: ImageDescriptor } | { end: RunEnd });

/** Collects a run's timeline while its steps are simulated. */
export class TimelineRecorder {
  private entries: Entry[] = [];
  private seq = 0;

  /** acb's line (stamped) at `at`. */
  line(at: number, text: string): void {
    this.entries.push({ at, seq: this.seq++, line: text });
  }

  /** A line written as it is (a container's output, acb's error on exit). */
  raw(at: number, text: string): void {
    this.entries.push({ at, seq: this.seq++, line: { raw: text } });
  }

  pushed(at: number, image: ImageDescriptor): void {
    this.entries.push({ at, seq: this.seq++, pushed: image });
  }

  end(at: number, end: RunEnd): void {
    this.entries.push({ at, seq: this.seq++, end });
  }

  /** A mark for `cutAfter`: what is recorded from now on comes after it. */
  mark(): number {
    return this.seq;
  }

  /** acb exits at `at`: drops what was recorded for later moments, and for `at` itself after `mark`. */
  cutAfter(at: number, mark: number): void {
    this.entries = this.entries.filter((entry) => entry.at < at || (entry.at === at && entry.seq < mark));
  }

  /** The timeline in time order, one event per moment; nothing after the end. */
  events(mask: (text: string) => string = (text) => text): TimelineEvent[] {
    const sorted = [...this.entries].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const events: TimelineEvent[] = [];
    for (const entry of sorted) {
      let event = events.at(-1);
      if (event?.end) break;
      if (!event || event.at !== entry.at) events.push((event = { at: entry.at, lines: [] }));
      if ("line" in entry)
        event.lines.push(typeof entry.line === "string" ? mask(entry.line) : { raw: mask(entry.line.raw) });
      else if ("pushed" in entry) (event.pushed ??= []).push(entry.pushed);
      else event.end = entry.end;
    }
    return events;
  }
}
