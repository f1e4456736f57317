// The three figures of the replay: how many calls got Azure's status, how many of the property paths
// Azure's answers hold the emulator's answers hold too, and how many of the emulator's paths Azure's
// answers do not have (invented). A path is a leaf of the JSON body (a value, null, {} or []) with
// array elements collapsed (`value[].properties.runId`), counted once per call.
import { callName } from "./cassettes.js";
import type { CallOutcome } from "./replay.js";

export function propertyPaths(value: unknown, prefix = "", into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    if (value.length === 0) into.add(prefix);
    for (const item of value) propertyPaths(item, `${prefix}[]`, into);
  } else if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) into.add(prefix);
    for (const [key, item] of entries) propertyPaths(item, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.add(prefix);
  }
  return into;
}

export interface PathDifference {
  /** `cassette#index`. */
  readonly call: string;
  readonly missing: readonly string[];
  readonly invented: readonly string[];
}

export interface Figures {
  readonly calls: number;
  readonly sameStatus: number;
  readonly realPaths: number;
  readonly realPathsPresent: number;
  readonly emulatorPaths: number;
  readonly inventedPaths: number;
  /** Invented paths the allow-list explains (see allowList.ts). */
  readonly explainedInventions: number;
  readonly statusDifferences: readonly string[];
  readonly pathDifferences: readonly PathDifference[];
}

const groupOf = (path: string) => /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(path)?.[0].toLowerCase();
const subscriptionWide = /^\/subscriptions\/[^/]+\/(resources|resourcegroups|providers\/[^/]+\/[^/]+)\/?$/i;

/**
 * What of Azure's answer the emulator can know. A listing across the subscription (resources, groups,
 * registries) also held other people's resources in the live subscription: only the cassette's own (those
 * in the resource groups its calls address) are compared.
 */
function comparable(call: CallOutcome["call"], groups: ReadonlySet<string>): unknown {
  const body = call.body as { value?: unknown[] } | undefined;
  if (!subscriptionWide.test(call.url.pathname) || !Array.isArray(body?.value)) return call.body;
  return {
    ...body,
    value: body.value.filter((item) => {
      const id = String((item as { id?: unknown }).id ?? "");
      return [...groups].some((group) => `${id.toLowerCase()}/`.startsWith(`${group}/`));
    }),
  };
}

/**
 * The figures over every call sent to the emulator (polls included); out-of-scope calls are not counted.
 * `explained` says whether an invented path of a call is one the allow-list explains.
 */
export function figuresOf(
  outcomes: readonly CallOutcome[],
  explained: (call: CallOutcome["call"], path: string) => boolean = () => false,
): Figures {
  const groups = new Map<string, Set<string>>();
  for (const { call } of outcomes) {
    const group = groupOf(call.url.pathname);
    if (group) groups.set(call.cassette, (groups.get(call.cassette) ?? new Set()).add(group));
  }
  const counted = outcomes.filter((outcome) => outcome.disposition.kind !== "outOfScope");
  let realPaths = 0;
  let realPathsPresent = 0;
  let emulatorPaths = 0;
  let inventedPaths = 0;
  let explainedInventions = 0;
  const statusDifferences: string[] = [];
  const pathDifferences: PathDifference[] = [];
  for (const { call, answer } of counted) {
    if (answer?.status !== call.status) statusDifferences.push(callName(call));
    const azure = comparable(call, groups.get(call.cassette) ?? new Set());
    if (typeof azure !== "object" || azure === null) continue;
    const recorded = propertyPaths(azure);
    const ours =
      typeof answer?.body === "object" && answer.body !== null ? propertyPaths(answer.body) : new Set<string>();
    const missing = [...recorded].filter((path) => !ours.has(path));
    const invented = [...ours].filter((path) => !recorded.has(path));
    realPaths += recorded.size;
    realPathsPresent += recorded.size - missing.length;
    emulatorPaths += ours.size;
    inventedPaths += invented.length;
    explainedInventions += invented.filter((path) => explained(call, path)).length;
    if (missing.length || invented.length) pathDifferences.push({ call: callName(call), missing, invented });
  }
  return {
    calls: counted.length,
    sameStatus: counted.length - statusDifferences.length,
    realPaths,
    realPathsPresent,
    emulatorPaths,
    inventedPaths,
    explainedInventions,
    statusDifferences,
    pathDifferences,
  };
}
