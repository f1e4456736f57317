// Where each kind of output goes, for the three output formats:
//   text (default): the command's product on stdout (a run's log as it arrives, a run id, a table);
//                   notes on stderr; progress on stderr only when stderr is a terminal.
//   json:           the result as JSON on stdout and nothing else; a followed run's log goes to stderr.
//   none:           nothing but errors (on stderr).
// Text written to a stream that is not a terminal carries no escape sequences (a run's log may hold
// colour codes: they are removed when piped), and nothing is ever coloured by this program.
import { badInput } from "./errors.js";

export type OutputFormat = "text" | "json" | "none";

/** The part of a stream Output uses (process.stdout and process.stderr, or a test's fake). */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined) return "text";
  const format = value.toLowerCase();
  if (format === "text" || format === "json" || format === "none") return format;
  throw badInput(`--output must be text, json or none, got '${value}'`);
}

/** CSI (colours, cursor moves), OSC (titles, links), the other escape sequences, and any stray ESC. */
const escapeSequences = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -/]*[0-~]|\x1b/g;

export function withoutEscapes(text: string): string {
  return text.replace(escapeSequences, "");
}

export class Output {
  private progressShown = false;

  constructor(
    readonly format: OutputFormat,
    private readonly stdout: OutputStream,
    private readonly stderr: OutputStream,
  ) {}

  /** Whether a followed run's log is shown at all (and so streamed rather than only waited for). */
  get showsLog(): boolean {
    return this.format !== "none";
  }

  /** Whether the log, when shown, goes to stderr (json keeps stdout for the result). */
  get logOnStderr(): boolean {
    return this.format === "json";
  }

  /** One line of a run's log, as it arrives. */
  logLine(line: string): void {
    if (this.format === "none") return;
    this.writeLine(this.format === "json" ? this.stderr : this.stdout, line);
  }

  /** A line about what happens (queued, stopped following): stderr, but not with -o none. */
  note(line: string): void {
    if (this.format !== "none") this.writeLine(this.stderr, line);
  }

  /** An error line or a failed run's last log lines: stderr, whatever the format. */
  problem(line: string): void {
    this.writeLine(this.stderr, line);
  }

  /** The command's result: `text` on stdout in text format, `json` as JSON in json format. */
  result(text: string | undefined, json: unknown): void {
    this.clearProgress();
    if (this.format === "json") this.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    else if (this.format === "text" && text !== undefined)
      this.write(this.stdout, text.endsWith("\n") ? text : `${text}\n`);
  }

  /** Whether progress is drawn: only on a terminal, and not with -o none. */
  get showsProgress(): boolean {
    return this.format !== "none" && this.stderr.isTTY === true;
  }

  /** Replaces the progress line (stderr, terminals only). */
  progress(text: string): void {
    if (!this.showsProgress) return;
    // A terminal that reports no width (0, as some pseudo-terminals do) is taken as 80 columns.
    const width = Math.max(20, (this.stderr.columns || 80) - 1);
    const shown = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.stderr.write(`\r\x1b[2K${shown}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write("\r\x1b[2K");
    this.progressShown = false;
  }

  private writeLine(stream: OutputStream, line: string): void {
    this.clearProgress();
    this.write(stream, `${line}\n`);
  }

  private write(stream: OutputStream, text: string): void {
    stream.write(stream.isTTY ? text : withoutEscapes(text));
  }
}

/** The Output of a command run from a shell: -o/--output, process.stdout and process.stderr. */
export function processOutput(format: string | undefined): Output {
  return new Output(parseOutputFormat(format), process.stdout, process.stderr);
}
