/**
 * The scenario library bundled into the lab: every scenarios/*.json except the schema. Only the names
 * are in the first bundle; each file's text is a separate chunk fetched when it is opened, so the
 * library costs the first paint a few kilobytes, not the ~400 kB of all the files.
 */

export type LibraryGroupId = 'concepts' | 'backpressure' | 'anti-patterns' | 'technologies' | 'best-practices';

export interface LibraryEntry {
  /** The file name without `.json`, e.g. `checkout-burst`. */
  id: string;
  /** The scenario's own `name`. */
  name: string;
  group: LibraryGroupId;
  /** Fetches the file's text. */
  load(): Promise<string>;
}

export interface LibraryGroup {
  id: LibraryGroupId;
  label: string;
  entries: LibraryEntry[];
}

/** The scenario the lab opens on, first in its group. */
export const DEFAULT_SCENARIO_ID = 'design-challenge';

const GROUP_LABELS: Record<LibraryGroupId, string> = {
  concepts: 'Concepts',
  backpressure: 'Backpressure',
  'anti-patterns': 'Anti-patterns',
  technologies: 'Technologies',
  'best-practices': 'Best practices',
};

import DEFAULT_SCENARIO_TEXT from '../../../scenarios/design-challenge.json?raw';

/** The text of the scenario the lab opens on: in the first bundle, as the first paint needs it. */
export { DEFAULT_SCENARIO_TEXT };

// (Vite needs the patterns written out in each call.) A JSON module exports its top-level keys, so
// importing `name` alone lets the bundler drop the rest of each file from the first bundle.
const NAMES = import.meta.glob<string>(['../../../scenarios/*.json', '!../../../scenarios/schema.json'], { eager: true, import: 'name' });
const TEXTS = import.meta.glob<string>(['../../../scenarios/*.json', '!../../../scenarios/schema.json', '!../../../scenarios/design-challenge.json'], {
  query: '?raw',
  import: 'default',
});

/** The default scenario is in the first bundle already, so it is not a chunk of its own. */
async function loadDefault(): Promise<string> {
  return DEFAULT_SCENARIO_TEXT;
}

/** Which group a file belongs to, from its name. */
export function groupOf(id: string): LibraryGroupId {
  if (id.startsWith('backpressure-')) return 'backpressure';
  if (id.startsWith('anti-pattern-')) return 'anti-patterns';
  if (id.startsWith('tour-')) return 'technologies';
  if (id === 'best-practices') return 'best-practices';
  return 'concepts';
}

function idOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1, -'.json'.length);
}

/** The library in display order: groups as in GROUP_LABELS, the default scenario first, then by name. */
export function libraryGroups(): LibraryGroup[] {
  const entries: LibraryEntry[] = Object.entries(NAMES).map(([path, name]) => {
    const id = idOf(path);
    const load = TEXTS[path] ?? loadDefault;
    return { id, name, group: groupOf(id), load };
  });
  const rank = (e: LibraryEntry) => (e.id === DEFAULT_SCENARIO_ID ? 0 : 1);
  entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return (Object.keys(GROUP_LABELS) as LibraryGroupId[]).map((id) => ({
    id,
    label: GROUP_LABELS[id],
    entries: entries.filter((e) => e.group === id),
  }));
}

/** One entry by file id, if the library has it. */
export function libraryEntry(id: string): LibraryEntry | undefined {
  for (const group of libraryGroups()) {
    const entry = group.entries.find((e) => e.id === id);
    if (entry) return entry;
  }
  return undefined;
}
