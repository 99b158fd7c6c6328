/**
 * A technology preset: the generic knobs set to one real system's behaviour and defaults
 * (../shared/reference/semantics.md lists them). Presets are pure data; the scenario layer
 * (src/scenario/apply-preset.ts) copies a preset's values into a broker that names it, and into the
 * groups and producers attached to that broker, wherever the scenario file leaves a field out.
 *
 * Knob names are the scenario format's field names. The model cannot import the scenario schema (it
 * sits below it), so the names are checked by a test that validates a scenario using every preset.
 */

/** One knob value: a number, string or boolean, or a list or object of them (a group's `pull`, a bus target's `retry`). */
export type PresetValue = number | string | boolean | readonly PresetValue[] | { readonly [field: string]: PresetValue };

/** Field name → value, merged one top-level field at a time (a field the file sets replaces the preset's whole value). */
export type PresetKnobs = Readonly<Record<string, PresetValue>>;

export interface Preset {
  /** What a scenario writes in `"preset"`. */
  readonly id: string;
  /** Human name, e.g. "Amazon SQS (standard queue)". */
  readonly name: string;
  /** The broker kind the preset configures. */
  readonly kind: 'queue' | 'stream' | 'bus';
  /** Two or three sentences: what it models, then what it simplifies. */
  readonly description: string;
  /** Knobs of the broker itself. */
  readonly broker: PresetKnobs;
  /** Broker knobs added only when the broker names a dead-letter queue (`deadLetterTo`), e.g. an SQS redrive policy. */
  readonly withDeadLetter?: PresetKnobs;
  /** Defaults for every consumer group that reads the broker from the start. */
  readonly group?: PresetKnobs;
  /** Defaults for every producer that publishes to the broker. */
  readonly producer?: PresetKnobs;
  /** Defaults for every target of every rule of a bus (its retry policy). */
  readonly target?: PresetKnobs;
}
