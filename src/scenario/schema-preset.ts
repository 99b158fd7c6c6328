import { z } from 'zod';
import { findPreset } from '../model/presets';

/**
 * The optional `preset` field of a broker: one of `ids`, described with each preset's name, so an
 * editor's autocomplete shows what each id models.
 */
export function presetField<const Ids extends readonly [string, ...string[]]>(ids: Ids) {
  const listed = ids.map((id) => `${id} (${findPreset(id)?.name ?? id})`).join('; ');
  return z
    .enum(ids)
    .optional()
    .meta({
      description: `Technology preset: sets this broker's knobs, and the defaults of the groups reading it and producers publishing to it, to a real system's behaviour. Any field the file sets wins. One of: ${listed}. \`brokerlab presets\` describes each.`,
    });
}
