// A reason acb refuses a task, carrying acb's message (the caller adds acb's prefixes as acb does) and where
// the problem is, so the lint can name a line and a step.
import { structMeta } from "../goYaml/decode.js";

/** The rule a refused task breaks. */
export type TaskYamlRule =
  | "yaml-syntax"
  | "yaml-type"
  | "template"
  | "values"
  | "version"
  | "secret"
  | "volume"
  | "volume-mount"
  | "env"
  | "step-id"
  | "step-kind"
  | "retries"
  | "repeat"
  | "when"
  | "cache"
  | "crash";

/** Which text a line number counts in: the rendered YAML, or the template text (comments dropped, aliases applied). */
export type LineSpace = "rendered" | "template" | "alias-template";

export interface RefusalLocation {
  line?: number;
  lineSpace?: LineSpace;
  /** 0-based index of the step in `steps`. */
  stepIndex?: number;
  /** The step's id as acb names it (the one written, or acb_step_<index>). */
  stepId?: string;
}

/** Where a decoded struct was written in the rendered text: the line of `key` when given and written there. */
export function locationOf(value: object | null, key?: string): RefusalLocation {
  const meta = value ? structMeta(value) : undefined;
  return { line: (key && meta?.keyLines[key]) || meta?.line, lineSpace: "rendered" };
}

export class TaskRefusal extends Error {
  constructor(
    message: string,
    readonly rule: TaskYamlRule,
    readonly location: RefusalLocation = {},
  ) {
    super(message);
  }

  /** The same refusal under one more of acb's error prefixes (`prefix: message`). */
  wrap(prefix: string): TaskRefusal {
    return new TaskRefusal(`${prefix}: ${this.message}`, this.rule, this.location);
  }
}

/** A Go nil-pointer panic: acb crashes rather than refusing with a message. */
export function nilPointerCrash(where: string, location: RefusalLocation): TaskRefusal {
  return new TaskRefusal(
    `panic: runtime error: invalid memory address or nil pointer dereference (acb crashes: ${where} is null)`,
    "crash",
    location,
  );
}
