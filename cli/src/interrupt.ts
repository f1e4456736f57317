// Ctrl-C while a command works: the first SIGINT (or SIGTERM) aborts what is in flight (packing, the
// upload, following the log, waiting), so the command can say where things stand and end with 130 (143
// for SIGTERM); a run already queued goes on on the service unless --cancel-on-interrupt cancels it. A
// second signal ends the process at once.
import { ExitCode } from "./exitCodes.js";

const signalExitCodes = { SIGINT: ExitCode.Interrupted, SIGTERM: 143 } as const;

export class Interrupt {
  private readonly controller = new AbortController();
  private received: keyof typeof signalExitCodes | undefined;

  constructor() {
    process.on("SIGINT", this.handle);
    process.on("SIGTERM", this.handle);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The exit code of the signal received, if one was. */
  get exitCode(): number | undefined {
    return this.received ? signalExitCodes[this.received] : undefined;
  }

  dispose(): void {
    process.off("SIGINT", this.handle);
    process.off("SIGTERM", this.handle);
  }

  private readonly handle = (signal: NodeJS.Signals): void => {
    if (this.received) process.exit(signalExitCodes[this.received]);
    this.received = signal === "SIGTERM" ? "SIGTERM" : "SIGINT";
    this.controller.abort();
  };
}
