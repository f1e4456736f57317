// The exit codes of every command, one table (docs/cli.md has the same one for users).
export const ExitCode = {
  /** The run Succeeded, or the command did what it was asked. */
  Success: 0,
  /** The run ended Failed, Error, Timeout or Canceled. */
  RunFailed: 1,
  /** Bad input: refused before anything was sent. */
  BadInput: 2,
  /** The service or the sign-in refused (or could not be reached). */
  Refused: 3,
  /** Ctrl-C (SIGINT) or SIGTERM: 128 + the signal's number, as shells report it. */
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
