import { applyOverrides } from './overrides';
import type { ScenarioError } from './errors';
import type { Scenario } from './schema';
import { parseScenarioText } from './text';
import { validateScenario } from './validate';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] };

/** Text → JSON → overrides → validated scenario: the whole boundary in one call, as the CLI and lab use it. */
export function loadScenarioText(text: string, overrides: readonly string[] = []): LoadResult {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return parsed;
  const overridden = applyOverrides(parsed.data, overrides);
  if (!overridden.ok) return overridden;
  return validateScenario(overridden.data);
}
