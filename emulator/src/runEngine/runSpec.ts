// What a run request asks for, whatever request or task it came from, and what ACR tells the runner (acb)
// about the run: the data its templates render with ({{.Run.ID}}, {{.Run.Registry}}, ...).
import type { TaskRunData } from "acr-tasks/task-yaml";

export interface NameValue {
  name: string;
  value: string;
  isSecret?: boolean;
}

/** Everything a run needs, whatever request or task it came from. */
export interface RunSpec {
  kind: "docker" | "encoded" | "file";
  sourceLocation?: string;
  dockerFilePath?: string;
  imageNames?: string[];
  isPushEnabled?: boolean;
  noCache?: boolean;
  target?: string;
  arguments?: NameValue[];
  encodedTaskContent?: string;
  encodedValuesContent?: string;
  taskFilePath?: string;
  valuesFilePath?: string;
  values?: NameValue[];
  timeoutSeconds: number;
}

/** TaskRunData as the run's state keeps it (JSON): the date as an ISO string, set when the run starts. */
export type StoredRunData = Omit<TaskRunData, "date"> & { date?: string };

export function taskRunData(stored: StoredRunData): TaskRunData {
  const { date, ...rest } = stored;
  return { ...rest, ...(date ? { date: new Date(date) } : {}) };
}

/** Hides secret values (secret build arguments and task values) in a text, as ACR does in its logs. */
export function secretMasker(spec: RunSpec): (text: string) => string {
  const secrets = [...(spec.arguments ?? []), ...(spec.values ?? [])]
    .filter((v) => v.isSecret && v.value)
    .map((v) => v.value);
  return (text) => secrets.reduce((masked, secret) => masked.split(secret).join("*****"), text);
}
