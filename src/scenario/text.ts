import type { ScenarioError } from './errors';
import { jsonErrorOffset } from './json-error-offset';

/** Scenario text larger than this is refused before parsing (a file, a URL fragment, a paste). */
export const MAX_SCENARIO_BYTES = 1_000_000;
/** Objects and lists nested deeper than this are refused: no real scenario comes close. */
export const MAX_SCENARIO_DEPTH = 32;

export type ParseResult = { ok: true; data: unknown } | { ok: false; errors: ScenarioError[] };

/**
 * Parses untrusted scenario text into plain JSON data, refusing oversized or absurdly deep input.
 * Syntax errors name the line and column. The result still has to go through validateScenario.
 */
export function parseScenarioText(text: string): ParseResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return { ok: false, errors: [{ path: '', message: `is ${text.length} characters; the limit is ${MAX_SCENARIO_BYTES}` }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: `is not valid JSON: ${describeSyntaxError(text, error)}` }] };
  }
  if (depthOf(data, 0) > MAX_SCENARIO_DEPTH) {
    return { ok: false, errors: [{ path: '', message: `nests objects or lists deeper than ${MAX_SCENARIO_DEPTH} levels` }] };
  }
  return { ok: true, data };
}

function describeSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position === null) {
    // Some syntax errors come without a position (and quote the text, newlines and all): find it ourselves.
    const offset = jsonErrorOffset(text);
    if (offset < 0) return message;
    const what = offset >= text.length ? 'Unexpected end of JSON input' : `Unexpected character ${JSON.stringify(text[offset])}`;
    return `${what} ${lineAndColumn(text, offset)}`;
  }
  return `${message.replace(/ (?:in JSON )?at position \d+.*$/, '')} ${lineAndColumn(text, Number(position[1]))}`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `at line ${line}, column ${column}`;
}

/** Depth of nesting, stopping early once past the limit so a hostile document costs little. */
function depthOf(value: unknown, depth: number): number {
  if (depth > MAX_SCENARIO_DEPTH) return depth;
  if (typeof value !== 'object' || value === null) return depth;
  let deepest = depth + 1;
  for (const child of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(child, depth + 1));
    if (deepest > MAX_SCENARIO_DEPTH) break;
  }
  return deepest;
}
