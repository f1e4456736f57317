// acr-tasks-emulator: an Azure Container Registry emulator for offline tests (see startEmulator.ts).
export { startEmulator } from "./startEmulator.js";
export type { ArmRateLimitBucket, ArmRateLimitOptions } from "./armRateLimit.js";
export type { EmulatorOptions, FaultOptions, RecordedRequest, RunningEmulator, ServerName } from "./types.js";
