// What a task template renders with in acb: .Run and .Build (from the run), .Values, .ValuesJSON and .RunJSON
// (shell-quoted JSON), and .Secrets (the resolved secret values).
import { GoJsonError, marshalGoJson } from "./goTemplate/goJson.js";
import { StrMap, type GoValue } from "./goTemplate/goValues.js";
import { ValuesError } from "./values.js";

/** What ACR tells acb about the run; each is an empty string in acb when not given. */
export interface TaskRunData {
  /** The run id, e.g. `cb12` (.Run.ID and .Build.ID). */
  id?: string;
  /** The registry's login server, e.g. `myregistry.azurecr.io` (.Run.Registry; .Run.RegistryName is its first label). */
  registry?: string;
  /** The commit that triggered the run (.Run.Commit). */
  commit?: string;
  /** The repository of the run's source (.Run.Repository). */
  repository?: string;
  /** The branch of the run's source (.Run.Branch). */
  branch?: string;
  /** The git tag that triggered the run (.Run.GitTag). */
  gitTag?: string;
  /** What triggered the run (.Run.TriggeredBy). */
  triggeredBy?: string;
  /** The run's start (.Run.Date, as yyyyMMdd-HHmmssz in UTC). Default: now. */
  date?: Date;
  /** The volume shared by all steps (.Run.SharedVolume). */
  sharedVolume?: string;
  /** Default: linux. */
  os?: string;
  /** The OS version (.Run.OSVersion), e.g. 1903 on Windows. */
  osVersion?: string;
  /** Default: amd64. */
  architecture?: string;
  /** The task's name; empty for a quick run (.Run.TaskName; acb names the build cache after `quickrun` then). */
  taskName?: string;
}

const two = (n: number) => String(n).padStart(2, "0");

/** Go's time.Format("20060102-150405z") in UTC: the `z` is literal. */
export function formatRunDate(date: Date): string {
  return (
    `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}-` +
    `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}z`
  );
}

/** acb's shellQuote: single-quoted (with ' escaped) unless every character is shell-safe. */
export function shellQuote(text: string): string {
  if (text === "") return "''";
  return /[^\w^@=+%,:./-]/.test(text) ? `'${text.replace(/'/g, `'"'"'`)}'` : text;
}

export function runMap(run: TaskRunData): StrMap {
  const registry = run.registry ?? "";
  const dot = registry.indexOf(".");
  return new StrMap([
    ["ID", run.id ?? ""],
    ["Commit", run.commit ?? ""],
    ["Repository", run.repository ?? ""],
    ["Branch", run.branch ?? ""],
    ["GitTag", run.gitTag ?? ""],
    ["TriggeredBy", run.triggeredBy ?? ""],
    ["Registry", registry],
    ["RegistryName", dot < 0 ? registry : registry.slice(0, dot)],
    ["Date", formatRunDate(run.date ?? new Date())],
    ["SharedVolume", run.sharedVolume ?? ""],
    ["OS", run.os ?? "linux"],
    ["OSVersion", run.osVersion ?? ""],
    ["Architecture", run.architecture ?? "amd64"],
    ["TaskName", run.taskName ?? ""],
  ]);
}

/** OverrideValuesWithBuildInfo: the render data, or acb's error when the values cannot become JSON. */
export function templateData(run: TaskRunData, values: StrMap, secrets: StrMap): StrMap {
  const runValues = runMap(run);
  const json = (value: GoValue, what: string) => {
    try {
      return marshalGoJson(value);
    } catch (error) {
      if (error instanceof GoJsonError) throw new ValuesError(`failed to serialize ${what}: ${error.message}`);
      throw error;
    }
  };
  const valuesJson = json(values, "Values");
  const runJson = json(runValues, "Run");
  return new StrMap([
    ["Build", new StrMap([["ID", run.id ?? ""]])],
    ["Run", runValues],
    ["Values", values],
    ["ValuesJSON", shellQuote(valuesJson)],
    ["RunJSON", shellQuote(runJson)],
    ["Secrets", secrets],
  ]);
}
