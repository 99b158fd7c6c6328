import type { ShapeKind } from '../../scenario/reshape';
import type { ScenarioSource } from '../scenarios/source';

export type { ShapeKind };

/** One shape the opened workload can run as, and the source that runs it. */
export interface Shape {
  kind: ShapeKind;
  source: ScenarioSource;
  description: string;
}

export const SHAPE_LABELS: Record<ShapeKind, string> = { queue: 'Queue', stream: 'Stream', topic: 'Topic' };

const KINDS: readonly ShapeKind[] = ['queue', 'stream', 'topic'];

/**
 * The shapes the opened scenario can be switched between. First the scenario's own: the text as
 * written and each variant, by the kind of broker the first producer publishes to (the first variant
 * of each kind). Then, for a kind none of them gives, the lab's own reshaping of the workload
 * (src/scenario/reshape.ts), offered only if the result validates. The scenario machinery is loaded
 * on demand (it pulls in the schema), as the store's open does.
 */
export async function shapesOf(opened: ScenarioSource): Promise<Shape[]> {
  const [{ parseScenarioText }, { applyVariant }, { reshapeScenario, firstTargetOf }, { validateScenario }] = await Promise.all([
    import('../../scenario/text'),
    import('../../scenario/variants'),
    import('../../scenario/reshape'),
    import('../../scenario/validate'),
  ]);
  const parsed = parseScenarioText(opened.text);
  if (!parsed.ok) return [];
  const seed = opened.seed !== undefined ? { seed: opened.seed } : {};
  const variants = variantDescriptions(parsed.data);
  const shapes: Shape[] = [];
  for (const variant of [undefined, ...Object.keys(variants)]) {
    const varied = applyVariant(parsed.data, variant);
    const kind = varied.ok ? shapeKindOf(firstTargetOf(varied.data)?.kind) : undefined;
    if (kind === undefined || shapes.some((s) => s.kind === kind)) continue;
    const source = { text: opened.text, ...(variant !== undefined ? { variant } : {}), ...seed };
    shapes.push({ kind, source, description: variant === undefined ? 'The scenario as written.' : (variants[variant] ?? '') });
  }
  // The lab reshapes the workload the user is looking at: the opened variant, if any.
  const base = applyVariant(parsed.data, opened.variant);
  if (!base.ok || shapes.length === 0) return [];
  for (const kind of KINDS) {
    if (shapes.some((s) => s.kind === kind)) continue;
    const reshaped = reshapeScenario(base.data, kind);
    if (!reshaped.ok || !validateScenario(reshaped.data).ok) continue;
    const left = reshaped.notes.length > 0 ? ` Left out: ${reshaped.notes.join('; ')}.` : '';
    shapes.push({ kind, source: { text: JSON.stringify(reshaped.data, null, 2), ...seed }, description: `The same producers and groups on a ${kind}, reshaped by the lab.${left}` });
  }
  return shapes.length >= 2 ? shapes.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind)) : [];
}

function variantDescriptions(data: unknown): Record<string, string> {
  const variants = (data as { variants?: unknown }).variants;
  if (typeof variants !== 'object' || variants === null || Array.isArray(variants)) return {};
  return Object.fromEntries(
    Object.entries(variants as Record<string, unknown>).map(([name, v]) => {
      const description = typeof v === 'object' && v !== null ? (v as { description?: unknown }).description : undefined;
      return [name, typeof description === 'string' ? description : ''];
    }),
  );
}

function shapeKindOf(kind: unknown): ShapeKind | undefined {
  return kind === 'queue' || kind === 'stream' || kind === 'topic' ? kind : undefined;
}
