import type { ScenarioError } from './errors';

export type OverrideResult = { ok: true; data: unknown } | { ok: false; errors: ScenarioError[] };

/**
 * Applies `path=value` overrides (the CLI's --set) to raw scenario data, returning a copy.
 * The path uses the report's notation (`consumers[0].instances`, `duration`); a list entry may also be
 * picked by its id (`consumers[fulfilment].instances`). The value is read as JSON when it parses
 * (numbers, booleans, objects) and as a plain string otherwise. `null` removes the field, so it takes
 * its default again (no scenario field accepts null, so nothing else could be meant). The result must
 * still be validated.
 */
export function applyOverrides(data: unknown, assignments: readonly string[]): OverrideResult {
  // The data came from JSON, so a JSON round trip is an exact deep copy.
  const copy: unknown = data === undefined ? undefined : JSON.parse(JSON.stringify(data));
  const errors: ScenarioError[] = [];
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      errors.push({ path: assignment, message: 'an override must look like path=value, e.g. consumers[0].instances=12' });
      continue;
    }
    const pathText = assignment.slice(0, eq).trim();
    const value = readValue(assignment.slice(eq + 1));
    const error = setAtPath(copy, pathText, value);
    if (error !== undefined) errors.push({ path: pathText, message: error });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, data: copy };
}

function readValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Segment = { key: string } | { index: number } | { id: string };

function parsePath(text: string): Segment[] | undefined {
  const segments: Segment[] = [];
  const pattern = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[([A-Za-z][A-Za-z0-9_.-]*)\]|(\.)/gy;
  let expectKey = true;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    consumed = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectKey) return undefined;
      segments.push({ key: match[1] });
      expectKey = false;
    } else if (match[2] !== undefined) {
      segments.push({ index: Number(match[2]) });
      expectKey = false;
    } else if (match[3] !== undefined) {
      segments.push({ id: match[3] });
      expectKey = false;
    } else {
      if (expectKey) return undefined;
      expectKey = true;
    }
  }
  if (consumed !== text.length || expectKey || segments.length === 0) return undefined;
  return segments;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function setAtPath(root: unknown, pathText: string, value: unknown): string | undefined {
  const segments = parsePath(pathText);
  if (segments === undefined) return 'is not a valid path; write it like consumers[0].processing.mean';
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    const where = i === 0 ? 'the scenario' : describeUpTo(segments, i);
    if ('key' in segment) {
      if (FORBIDDEN_KEYS.has(segment.key)) return `"${segment.key}" cannot be set`;
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return `${where} is not an object`;
      const record = node as Record<string, unknown>;
      if (last) {
        if (value === null) delete record[segment.key];
        else record[segment.key] = value;
      } else {
        if (record[segment.key] === undefined) record[segment.key] = {};
        node = record[segment.key];
      }
      continue;
    }
    if (!Array.isArray(node)) return `${where} is not a list`;
    const index = 'index' in segment ? segment.index : node.findIndex((item) => (item as { id?: unknown } | null)?.id === segment.id);
    if (index < 0 || index > node.length || (index === node.length && !last)) {
      return 'id' in segment
        ? `${where} has no entry with id "${segment.id}"`
        : `${where} has ${node.length} entr${node.length === 1 ? 'y' : 'ies'}; index ${index} is out of range`;
    }
    if (last) {
      if (value === null) return `an entry of ${where} cannot be removed; null removes a field of an object`;
      node[index] = value;
    } else node = node[index];
  }
  return undefined;
}

function describeUpTo(segments: readonly Segment[], end: number): string {
  let out = '';
  for (const s of segments.slice(0, end)) {
    if ('key' in s) out += out === '' ? s.key : `.${s.key}`;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[${s.id}]`;
  }
  return out;
}
