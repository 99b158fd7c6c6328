import type { ScenarioError } from '../../scenario';
import type { ScenarioSource } from './source';

/**
 * Runs a source through the scenario boundary on this thread, as the worker will: the errors, or an
 * empty list when it is valid. Used before replacing the running scenario with untrusted or edited text,
 * so a bad one is reported and the current run stays. The boundary (schema and all) is a chunk of its
 * own, fetched the first time it is needed, which keeps it out of the first paint.
 */
export async function checkSource(source: ScenarioSource): Promise<ScenarioError[]> {
  const { loadScenarioText } = await import('../../scenario/load');
  const result = loadScenarioText(source.text, source.seed !== undefined ? [`seed=${source.seed}`] : [], source.variant);
  return result.ok ? [] : result.errors;
}
