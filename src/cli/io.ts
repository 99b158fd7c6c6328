/**
 * Where a command writes. main.ts passes the process's streams; keeping them behind this small
 * interface lets a command run in-process (tests, other hosts) without touching globals.
 */
export interface CliIo {
  /** Results: tables, JSON, schema. */
  out(text: string): void;
  /** Errors, warnings and the progress bar. */
  err(text: string): void;
  /** True when stderr is an interactive terminal, the only place a progress bar belongs. */
  readonly errIsTTY: boolean;
  /** Width of the stderr terminal in characters (80 when unknown). */
  readonly errColumns: number;
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTTY: process.stderr.isTTY === true,
    errColumns: process.stderr.columns || 80, // 0 when the terminal size is unknown
  };
}
