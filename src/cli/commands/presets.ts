import { PRESETS } from '../../model/presets';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import type { CliIo } from '../io';

export interface PresetsCommandOptions {
  format: 'table' | 'json';
}

/**
 * `brokerlab presets [--format json]`: every technology preset a broker can name in `"preset"`. The text
 * form gives id, broker kind and name, then the description; JSON gives each preset whole, knobs included.
 */
export function presetsCommand(options: PresetsCommandOptions, io: CliIo): ExitCodeValue {
  if (options.format === 'json') {
    io.out(`${JSON.stringify(PRESETS, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const idWidth = Math.max(...PRESETS.map((p) => p.id.length));
  const blocks = PRESETS.map((p) => `${p.id.padEnd(idWidth)}  ${p.kind.padEnd(6)}  ${p.name}\n${wrap(p.description, 100, '    ')}`);
  io.out(`${blocks.join('\n\n')}\n\nUse one in a scenario with "preset": "<id>" on a broker; any field the file sets wins.\n`);
  return ExitCode.Ok;
}

/** `text` broken into lines of at most `width` characters (words permitting), each starting with `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}
