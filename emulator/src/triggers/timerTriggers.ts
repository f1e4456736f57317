// Timer triggers fire on their schedule (cron.ts) in emulated time (Clock.emulatedNow: with timeScale s,
// two occurrences are s times as far apart on the wall clock). Each task keeps, per enabled timer trigger,
// the schedule it is armed with and the last occurrence it fired (`since`: those after it are due); one
// clock timer waits for the earliest next occurrence of them all. Any change to the tasks re-reads them:
// a new or re-enabled trigger, or a new schedule, counts from that moment; a trigger or task disabled or
// deleted is forgotten, so it stops. After a restart on the same dataDir, the emulated clock goes on from
// the last occurrence fired (or the wall clock, if later: see resumeAt) and occurrences that fell due while
// the emulator was down are skipped, as a cron daemon skips them; nothing fires twice.
import type { EmulatorServices } from "../services.js";
import type { Store } from "../state/store.js";
import { nextOccurrence, parseCronSchedule, type CronSchedule } from "./cron.js";
import { allTasks, isEnabled, isTask, runForTrigger } from "./triggeredRun.js";

interface ArmedTimer {
  schedule: string;
  /** Emulated ms: the last occurrence fired, or when the trigger was armed. */
  since: number;
}

type ArmedTimers = Record<string, ArmedTimer>;

/** More occurrences due at once than this (the process stalled) fire only the last ones. */
const MAX_DUE_AT_ONCE = 50;

const armedTimersOf = (internal: Record<string, any> | undefined) => (internal?.["timerTriggers"] ?? {}) as ArmedTimers;

/** ACR's scheduleOccurrence: the occurrence's time in UTC, to the second. */
const occurrenceText = (at: number) => new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Where the emulated clock resumes after a restart: the last occurrence any timer trigger fired, or now. */
export function resumeAt(store: Store): number {
  const fired = store
    .all(isTask)
    .flatMap((task) => Object.values(armedTimersOf(task.internal)).map((timer) => timer.since));
  return Math.max(Date.now(), ...fired);
}

export class TimerTriggers {
  /** Cancels the clock timer waiting for the earliest next occurrence, armed by the last pass. */
  private disarm = () => {};
  private syncing = false;
  private again = false;
  private readonly schedules = new Map<string, CronSchedule | undefined>();

  constructor(private readonly services: EmulatorServices) {
    // A run's creation changes no timer; anything else may (a task, its registry, its resource group).
    services.store.watch((id) => {
      if (!/\/runs\/[^/]+$/i.test(id)) this.sync();
    });
  }

  /** After a restart: occurrences due while the emulator was down are skipped, then the timers are armed. */
  resume(): void {
    const now = this.services.clock.emulatedNow();
    for (const task of allTasks(this.services))
      for (const timer of Object.values(armedTimersOf(task.internal))) timer.since = Math.max(timer.since, now);
    this.services.store.changed();
    this.sync();
  }

  /** Fires what is due, re-reads every task's timer triggers and arms the clock for the earliest next one. */
  sync(): void {
    // A run started here, or a task changed by a listener, asks again: one more pass, never a nested one.
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.again = false;
        this.pass();
      } while (this.again);
    } finally {
      this.syncing = false;
    }
  }

  private pass(): void {
    const { clock, store } = this.services;
    const now = clock.emulatedNow();
    let earliest = Infinity;
    for (const task of allTasks(this.services)) {
      const properties = (task.body["properties"] ?? {}) as Record<string, any>;
      const before = armedTimersOf(task.internal);
      const armed: ArmedTimers = {};
      for (const trigger of (properties["trigger"]?.["timerTriggers"] ?? []) as Record<string, any>[]) {
        const schedule = this.parsed(String(trigger["schedule"]));
        if (!schedule || !isEnabled(properties) || !isEnabled(trigger)) continue;
        const name = String(trigger["name"]);
        const known = before[name];
        const timer: ArmedTimer =
          known?.schedule === trigger["schedule"] ? { ...known } : { schedule: trigger["schedule"], since: now };
        armed[name] = timer;
        const due: number[] = [];
        // 1 ms of slack: the timer fires at the wall time of the occurrence, which rounding may put a hair early.
        for (let next = nextOccurrence(schedule, timer.since); next !== undefined && next <= now + 1;) {
          due.push(next);
          next = nextOccurrence(schedule, next);
        }
        if (due.length > MAX_DUE_AT_ONCE)
          this.services.log(
            `task ${task.body["name"]}: timer trigger '${name}' skipped ${due.length - MAX_DUE_AT_ONCE} occurrences (the emulator was too busy to fire them in time)`,
          );
        for (const occurrence of due.slice(-MAX_DUE_AT_ONCE)) {
          timer.since = occurrence;
          runForTrigger(this.services, task, `timer trigger '${name}'`, {
            timerTrigger: { timerTriggerName: name, scheduleOccurrence: occurrenceText(occurrence) },
          });
        }
        if (due.length > 0) timer.since = due.at(-1)!;
        earliest = Math.min(earliest, nextOccurrence(schedule, timer.since) ?? Infinity);
      }
      if (JSON.stringify(before) !== JSON.stringify(armed)) {
        (task.internal ??= {})["timerTriggers"] = armed;
        store.changed();
      }
    }
    this.disarm();
    this.disarm = earliest === Infinity ? () => {} : clock.at(clock.wallTimeOf(earliest), () => this.sync());
  }

  /**
   * The schedule, read once per text; undefined for one that never occurs (the calendar repeats, so one
   * without an occurrence after 1970 has none at all), or one stored before schedules were checked.
   */
  private parsed(text: string): CronSchedule | undefined {
    if (!this.schedules.has(text)) {
      let schedule: CronSchedule | undefined;
      try {
        schedule = parseCronSchedule(text);
      } catch {
        schedule = undefined;
      }
      this.schedules.set(text, schedule && nextOccurrence(schedule, 0) !== undefined ? schedule : undefined);
    }
    return this.schedules.get(text);
  }
}
