// Plans runs of task YAML without an emulator (runTimeline.ts is pure): the timeline's lines with their
// moments (emulated ms after the run started running), its pushes and its end.
import { planTimeline, type RegistryDigest } from "../../src/runEngine/runTimeline.js";
import type { RunSpec } from "../../src/runEngine/runSpec.js";
import type { SourceContext } from "../../src/runEngine/sourceArchive.js";
import type { TimelineEvent } from "../../src/runEngine/timeline.js";

export interface PlannedLine {
  at: number;
  text: string;
  /** Written as it is (a container's output, acb's error), not stamped by acb's logger. */
  raw: boolean;
}

export interface Planned {
  events: TimelineEvent[];
  lines: PlannedLine[];
  /** The texts only. */
  texts: string[];
  end: TimelineEvent["end"];
  /** The moment of the first line that is exactly `text` (fails when there is none). */
  at(text: string): number;
}

export const run = {
  id: "cb7",
  registry: "myreg.azurecr.io",
  sharedVolume: "acb_vol_test",
  os: "linux",
  architecture: "amd64",
  date: new Date(0),
};

/** Plans a run of `yaml`; `registryDigest` says what the emulated registries hold (nothing by default). */
export function plan(
  yaml: string,
  files: Record<string, string> = {},
  spec: Partial<RunSpec> = {},
  registryDigest?: RegistryDigest,
): Planned {
  const source: SourceContext = {
    files: new Map(Object.entries(files).map(([path, content]) => [path, Buffer.from(content)])),
    digest: "sha256:context",
  };
  const events = planTimeline(
    { kind: "encoded", encodedTaskContent: Buffer.from(yaml).toString("base64"), timeoutSeconds: 3600, ...spec },
    source,
    run,
    registryDigest,
  );
  const lines = events.flatMap((event) =>
    event.lines.map((line) =>
      typeof line === "string" ? { at: event.at, text: line, raw: false } : { at: event.at, text: line.raw, raw: true },
    ),
  );
  return {
    events,
    lines,
    texts: lines.map((line) => line.text),
    end: events.at(-1)?.end,
    at(text) {
      const found = lines.find((line) => line.text === text);
      if (!found) throw new Error(`no line ${JSON.stringify(text)} in:\n${lines.map((l) => l.text).join("\n")}`);
      return found.at;
    },
  };
}
