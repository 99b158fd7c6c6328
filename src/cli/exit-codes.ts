/**
 * The CLI's exit codes, a contract for scripts and CI jobs:
 * - 0: the command did what was asked and every check passed;
 * - 1: the run finished but an invariant failed, or it was stopped by its event or wall-clock budget;
 * - 2: bad input: an unreadable file, invalid JSON, an invalid scenario or override, an unknown flag or command;
 * - 70: a bug in brokerlab itself (EX_SOFTWARE in sysexits.h), never caused by the input alone.
 */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  BadInput: 2,
  Internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure a command reports to the user as plain lines on stderr, ending the command with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly exitCode: ExitCodeValue = ExitCode.BadInput,
  ) {
    super(lines.join('\n'));
    this.name = 'CliError';
  }
}
