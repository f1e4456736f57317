// Test support: the SDK's log lines (through @azure/logger) captured for the file's tests.
import { format } from "node:util";
import { AzureLogger, getLogLevel, setLogLevel, type AzureLogLevel } from "@azure/logger";
import { afterAll, beforeAll, beforeEach } from "vitest";

/**
 * The lines logged at `level` or above during each test (cleared before each), or with `acrossTests` all
 * the lines of the file's tests, for a last test to look over.
 */
export function capturedLogs(level: AzureLogLevel, { acrossTests = false } = {}): string[] {
  const lines: string[] = [];
  let previousLog: typeof AzureLogger.log;
  let previousLevel: AzureLogLevel | undefined;
  beforeAll(() => {
    previousLog = AzureLogger.log;
    previousLevel = getLogLevel();
    setLogLevel(level);
    AzureLogger.log = (...args: unknown[]) => lines.push(format(...args));
  });
  afterAll(() => {
    AzureLogger.log = previousLog;
    setLogLevel(previousLevel);
  });
  if (!acrossTests)
    beforeEach(() => {
      lines.length = 0;
    });
  return lines;
}
