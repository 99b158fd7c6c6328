import { findPreset, type Preset, type PresetKnobs, type PresetValue } from '../model/presets';

/**
 * Fills in the technology presets of raw scenario data, before the schema sees it.
 *
 * A broker (`brokers[i]`) that names `"preset"` gets each of the preset's broker knobs the file leaves
 * out (`withDeadLetter` knobs too when the broker names a `deadLetterTo`; for a bus, its `target` knobs
 * go into every target of every rule); every consumer group whose
 * `reads` is that broker gets the preset's group defaults, and every producer whose `target` is that
 * broker its producer defaults, again only where the file leaves a field out; so does the group of a
 * timeline `add-group` action. Merging is one top-level
 * field at a time: a file's `"pull": { "batchSize": 5 }` replaces the preset's whole `pull`.
 *
 * Only fields are added, never changed or removed, so every error the schema reports about a field the
 * user wrote keeps its path. A preset id that is unknown, or belongs to the other broker kind, is left
 * alone for the schema to report (naming the path and listing the valid ids). Data that is not shaped
 * like a scenario is returned unchanged. The input is never mutated.
 */
export function applyPresets(data: unknown): unknown {
  if (!isRecord(data) || !Array.isArray(data.brokers)) return data;
  const presetOf = new Map<string, Preset>();
  const brokers = data.brokers.map((broker: unknown) => {
    if (!isRecord(broker) || typeof broker.preset !== 'string') return broker;
    const preset = findPreset(broker.preset);
    if (preset === undefined || broker.kind !== preset.kind) return broker;
    if (typeof broker.id === 'string') presetOf.set(broker.id, preset);
    const withBroker = withDefaults(broker, preset.broker);
    const withTargets = preset.target ? withTargetDefaults(withBroker, preset.target) : withBroker;
    return broker.deadLetterTo !== undefined && preset.withDeadLetter ? withDefaults(withTargets, preset.withDeadLetter) : withTargets;
  });
  if (presetOf.size === 0) return data;
  return {
    ...data,
    brokers,
    ...attached(data, 'consumers', 'reads', presetOf, (p) => p.group),
    ...attached(data, 'producers', 'target', presetOf, (p) => p.producer),
    ...addedGroups(data, presetOf),
  };
}

/** `{ timeline }` with each `add-group` action's group given its broker's preset group defaults; `{}` without a timeline. */
function addedGroups(data: Record<string, unknown>, presetOf: ReadonlyMap<string, Preset>): Record<string, unknown> {
  if (!Array.isArray(data.timeline)) return {};
  return {
    timeline: data.timeline.map((action: unknown) => {
      if (!isRecord(action) || action.action !== 'add-group' || !isRecord(action.group) || typeof action.group.reads !== 'string') return action;
      const defaults = presetOf.get(action.group.reads)?.group;
      return defaults ? { ...action, group: withDefaults(action.group, defaults) } : action;
    }),
  };
}

/** `{ [list]: … }` with each entry attached (by `link`) to a preset broker given that preset's defaults; `{}` if the list is absent. */
function attached(
  data: Record<string, unknown>,
  list: 'consumers' | 'producers',
  link: 'reads' | 'target',
  presetOf: ReadonlyMap<string, Preset>,
  defaultsOf: (preset: Preset) => PresetKnobs | undefined,
): Record<string, unknown> {
  const entries = data[list];
  if (!Array.isArray(entries)) return {};
  return {
    [list]: entries.map((entry: unknown) => {
      if (!isRecord(entry) || typeof entry[link] !== 'string') return entry;
      const preset = presetOf.get(entry[link]);
      const defaults = preset && defaultsOf(preset);
      return defaults ? withDefaults(entry, defaults) : entry;
    }),
  };
}

/** A copy of a bus with the preset's target defaults given to each target of each of its rules. */
function withTargetDefaults(bus: Record<string, unknown>, defaults: PresetKnobs): Record<string, unknown> {
  if (!Array.isArray(bus.rules)) return bus;
  const rules = bus.rules.map((rule: unknown) => {
    if (!isRecord(rule) || !Array.isArray(rule.targets)) return rule;
    return { ...rule, targets: rule.targets.map((target: unknown) => (isRecord(target) ? withDefaults(target, defaults) : target)) };
  });
  return { ...bus, rules };
}

/** A copy of `target` with each field of `defaults` that `target` does not have. */
function withDefaults(target: Record<string, unknown>, defaults: PresetKnobs): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target };
  for (const [field, value] of Object.entries(defaults)) {
    if (!(field in target)) merged[field] = copyOf(value);
  }
  return merged;
}

/** A deep copy of a preset value, so the schema's parsing never shares (or could change) the preset's own data. */
function copyOf(value: PresetValue): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, copyOf(inner)]));
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
