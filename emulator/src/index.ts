// acr-tasks-emulator: an Azure Container Registry emulator for offline tests (see startEmulator.ts).
export { startEmulator } from "./startEmulator.js";
export type { ArmRateLimitBucket, ArmRateLimitOptions, EmulatorOptions, FaultOptions, ServerName } from "./options.js";
export type { RecordedRequest, RunningEmulator, SourceEvent, TriggeredRun } from "./runningEmulator.js";
