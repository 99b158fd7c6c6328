import { ExitCode, type ExitCodeValue } from '../exit-codes';
import type { CliIo } from '../io';
import { loadScenarioFile } from '../scenario-file';

/**
 * `brokerlab validate <file…>`: checks every file, printing `ok <file>` on stdout for a good one and
 * each error as `<file>: <path>: <message>` on stderr for a bad one. Exit 2 if any file is bad.
 */
export function validateCommand(files: readonly string[], io: CliIo): ExitCodeValue {
  let bad = 0;
  for (const file of files) {
    const result = loadScenarioFile(file);
    if (result.ok) io.out(`ok ${file}\n`);
    else {
      bad++;
      io.err(`${result.lines.join('\n')}\n`);
    }
  }
  if (bad > 0 && files.length > 1) io.err(`${bad} of ${files.length} files are invalid\n`);
  return bad > 0 ? ExitCode.BadInput : ExitCode.Ok;
}
