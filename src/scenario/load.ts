import { applyOverrides } from './overrides';
import type { ScenarioError } from './errors';
import type { Scenario } from './schema';
import { parseScenarioText } from './text';
import { validateScenario } from './validate';
import { applyVariant } from './variants';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/**
 * Text → JSON → variant → overrides → validated scenario: the whole boundary in one call, as the CLI
 * and lab use it. The named variant (if any) is applied first, so --set overrides win over it.
 */
export function loadScenarioText(text: string, overrides: readonly string[] = [], variant?: string): LoadResult {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return parsed;
  const varied = applyVariant(parsed.data, variant);
  if (!varied.ok) return varied;
  const overridden = applyOverrides(varied.data, overrides);
  if (!overridden.ok) return overridden;
  return validateScenario(overridden.data);
}
