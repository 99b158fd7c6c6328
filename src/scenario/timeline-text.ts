import type { TimelineAction } from './schema';
import { parseScenarioText } from './text';
import type { VariantTextResult } from './variant-text';

/**
 * Scenario text with `actions` added at the end of its timeline, as text again (not yet validated):
 * how the lab records a live change, so that saving, sharing or restarting the session replays it.
 * Appending keeps the actions the file already has in their order; actions at the same time run in
 * file order, so a change made after another at the same moment also runs after it on replay.
 */
export function withTimelineActions(text: string, actions: readonly TimelineAction[]): VariantTextResult {
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: [{ path: '', message: 'must be a JSON object to take timeline actions' }] };
  }
  const record = data as Record<string, unknown>;
  const timeline = record.timeline ?? [];
  if (!Array.isArray(timeline)) return { ok: false, errors: [{ path: 'timeline', message: 'must be a list of actions to take a live change' }] };
  return { ok: true, text: JSON.stringify({ ...record, timeline: [...timeline, ...actions] }, null, 2) };
}
