import type { ScenarioError } from './errors';
import { applyOverrides } from './overrides';
import { parseScenarioText } from './text';
import { applyVariant } from './variants';

export type VariantTextResult = { ok: true; text: string } | { ok: false; errors: ScenarioError[] };

/**
 * Scenario text with a named variant (and, optionally, a seed) applied, as text again: what the CLI's
 * `--variant` and `--seed` do, for hosts that hand text on (the lab sends text to its worker, which
 * validates it). The text is returned untouched when there is nothing to apply, so its line numbers
 * stay those the user sees. The result has not been validated yet.
 */
export function applyVariantToText(text: string, variant?: string, seed?: number): VariantTextResult {
  if (variant === undefined && seed === undefined) return { ok: true, text };
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return parsed;
  const varied = applyVariant(parsed.data, variant);
  if (!varied.ok) return varied;
  const seeded = seed === undefined ? varied : applyOverrides(varied.data, [`seed=${seed}`]);
  if (!seeded.ok) return seeded;
  return { ok: true, text: JSON.stringify(seeded.data, null, 2) };
}
