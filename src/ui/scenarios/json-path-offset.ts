import type { ScenarioError } from '../../scenario/errors';

type Segment = string | number;

/**
 * Reads an error path as the scenario boundary writes it (`producers[0].rate`, `variants.bad.set["x"]`;
 * an unquoted `[name]` is read as a key too). Null when it is not one.
 */
export function parseErrorPath(path: string): Segment[] | null {
  const segments: Segment[] = [];
  const token = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[([^\]"]+)\]/y;
  while (token.lastIndex < path.length) {
    const at = token.lastIndex;
    const m = token.exec(path);
    if (m === null || token.lastIndex === at) return null;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else if (m[3] !== undefined) segments.push(JSON.parse(m[3]) as string);
    else segments.push(m[4]!);
  }
  return segments;
}

interface Frame {
  kind: '{' | '[';
  index: number;
  key: string | null;
  keyAt: number;
  expectingKey: boolean;
}

/**
 * Where in JSON text the value at `path` is written: the offset of its member name (or of the value, in
 * a list). When the path does not exist in full (a missing required field), the deepest part that does.
 * One iterative pass, so it is safe on any text; 0 when nothing matches.
 */
export function offsetOfPath(text: string, path: string): number {
  const target = parseErrorPath(path);
  if (target === null || target.length === 0) return 0;
  const stack: Frame[] = [];
  let best = 0;
  let bestDepth = 0;

  /** A value starts at `at`: is the position it has a longer prefix of the target than seen so far? */
  const valueAt = (at: number): boolean => {
    const depth = stack.length;
    if (depth <= bestDepth || depth > target.length) return false;
    for (let k = 0; k < depth; k++) {
      const frame = stack[k]!;
      if ((frame.kind === '[' ? frame.index : frame.key) !== target[k]) return false;
    }
    const top = stack[depth - 1]!;
    best = top.kind === '{' ? top.keyAt : at;
    bestDepth = depth;
    return depth === target.length;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (top?.kind === '{' && top.expectingKey) {
        top.key = readKey(text.slice(i, end));
        top.keyAt = i;
      } else if (valueAt(i)) return best;
      i = end;
    } else if (c === '{' || c === '[') {
      if (valueAt(i)) return best;
      stack.push({ kind: c, index: 0, key: null, keyAt: i, expectingKey: c === '{' });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      if (top?.kind === '[') top.index++;
      else if (top) top.expectingKey = true;
      i++;
    } else if (c === ':') {
      if (top) top.expectingKey = false;
      i++;
    } else if (/\s/.test(c)) i++;
    else {
      if (valueAt(i)) return best;
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  }
  return best;
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, text.length);
}

function readKey(quoted: string): string | null {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return null;
  }
}

/** The offset of "line L, column C" (both from 1) in text. */
function offsetOfLine(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Where an error from the scenario boundary points in the text it was about: a syntax error's line and column, or its path. */
export function offsetOfError(text: string, error: ScenarioError): number {
  const at = /at line (\d+), column (\d+)/.exec(error.message);
  if (error.path === '' && at !== null) return offsetOfLine(text, Number(at[1]), Number(at[2]));
  return offsetOfPath(text, error.path);
}
