import type { ScenarioError } from './errors';
import { SCENARIO_VERSION } from './schema';

export type MigrationResult = { ok: true; data: unknown } | { ok: false; errors: ScenarioError[] };

/**
 * Brings an older scenario file up to the current format version. Version 1 is the first format,
 * so today this only rejects what cannot be read; each later version adds one step here that
 * rewrites version N into N + 1, so old files keep loading.
 */
export function migrate(data: unknown): MigrationResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: [{ path: '', message: 'a scenario must be a JSON object' }] };
  }
  const version = (data as { version?: unknown }).version;
  if (version === undefined) {
    return { ok: false, errors: [{ path: 'version', message: `is required; this brokerlab reads version ${SCENARIO_VERSION}` }] };
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > SCENARIO_VERSION) {
    return {
      ok: false,
      errors: [{ path: 'version', message: `${version} is newer than this brokerlab reads (up to ${SCENARIO_VERSION}); upgrade brokerlab` }],
    };
  }
  return { ok: true, data };
}
