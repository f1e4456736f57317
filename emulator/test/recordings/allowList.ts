// The reviewed differences between the recordings of live Azure and the emulator: each names the calls
// (or the paths) and says why the emulator does not, or cannot, answer as Azure did there. The replay test
// fails on any difference not listed here, and on any entry here that no longer differs.
import type { RecordedCall } from "./cassettes.js";

export interface StatusAllowance {
  /** `cassette#index` of each call. */
  readonly calls: readonly string[];
  readonly why: string;
}

/** Calls whose status differs from Azure's. */
export const statusAllowances: readonly StatusAllowance[] = [
  {
    calls: ["test_acr_agentpool@c3982c007#0", "test_acr_task@764cf9ba0#0", "test_acr_taskrun@3b133db32#0"],
    why: "Registries_Create recorded in 2020 (at 2019-12-01-preview and 2019-05-01), when ACR created a registry before answering (200, Succeeded). The 2021 recordings show the same operation answered 201 with Azure-AsyncOperation (24 creations, 9 replacements), which the emulator answers at every version: one behaviour cannot match both dates.",
  },
  {
    calls: ["test_acr_agentpool@c3982c007#121"],
    why: "A Location poll of an agent pool deletion finished long before: Azure's Location URL lives under the deleted pool, so it answers 404 once the pool is gone; the emulator's status URLs live under the location and keep answering the operation's end (200) for a day.",
  },
  {
    calls: [
      "test_acr_with_private_endpoint@80cf4d407#20",
      "test_acr_with_private_endpoint@80cf4d407#21",
      "test_acr_with_private_endpoint@80cf4d407#32",
    ],
    why: "ACR's status monitor for a private endpoint connection answered 201 while the operation was in progress (and 200 once done). ARM's async-operation contract is a 200 for every poll of a status monitor, which is what the emulator answers; clients read the body's status either way.",
  },
  {
    calls: ["test_acr_with_zone_redundancy@80cf4d407#16"],
    why: "A 502 Bad Gateway from the live service, which az answered by sending the same PUT again (the next call): a transient failure of Azure's front end, not an answer of ACR. The replay does not send it.",
  },
];

export interface PathAllowance {
  /** Which calls: their cassette, or something of the call (its api-version). */
  readonly applies: (call: RecordedCall) => boolean;
  /** Paths of the emulator's answer that Azure's answer did not have. */
  readonly invented: RegExp;
  readonly why: string;
}

/** Cassettes recorded in 2020, against an older generation of the service. */
const recordedIn2020 = new Set([
  "test_acr_agentpool@c3982c007",
  "test_acr_task@764cf9ba0",
  "test_acr_taskrun@3b133db32",
]);

/** Paths the emulator answers that a recorded answer lacks, for reasons only the live service of the time knew. */
export const pathAllowances: readonly PathAllowance[] = [
  {
    applies: (call) => recordedIn2020.has(call.cassette),
    invented: /(^|\.)systemData\./,
    why: "Recorded in 2020, before ACR's answers carried systemData; the 2021 recordings of the same operations at the same api-versions (agent pools, registries, runs, task runs) carry it.",
  },
  {
    applies: (call) =>
      ["2019-05-01", "2019-12-01-preview"].includes(call.url.searchParams.get("api-version") ?? "") &&
      /\/registries\/[^/]+$/i.test(call.url.pathname),
    invented:
      /^properties\.(networkRuleBypassOptions|zoneRedundancy|anonymousPullEnabled|policies\.exportPolicy\.status|encryption\.status|dataEndpointEnabled|dataEndpointHostNames|publicNetworkAccess|privateEndpointConnections)$/,
    why: "Registry properties of later api-versions than the one recorded: the emulator answers every published version of a resource type with the model of its own feed (2021-08-01-preview), as issue 20 asks, and that model has them.",
  },
];

export function allowedInvention(call: RecordedCall, path: string): PathAllowance | undefined {
  return pathAllowances.find((allowance) => allowance.applies(call) && allowance.invented.test(path));
}
