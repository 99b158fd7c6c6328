/**
 * Whether JSON text nests objects or lists deeper than `limit`, found by counting brackets outside
 * strings, without parsing. Cheap and iterative, so it can run on hostile text (a 100,000-deep array)
 * before anything recursive sees it. Text that is not JSON gets an answer too; the parser rejects it later.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
