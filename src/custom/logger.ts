// The package's logger: set AZURE_LOG_LEVEL or call setLogLevel from @azure/logger to see it.
import { createClientLogger } from "@azure/logger";

export const logger = createClientLogger("acr-tasks");
