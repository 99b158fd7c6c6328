import type { ScenarioSource } from '../scenarios/source';

/** The three ways the chapter compares to carry one workload. */
export type ShapeKind = 'queue' | 'stream' | 'topic';

/** One shape a scenario can run as: the variant that gives it (undefined: as written). */
export interface Shape {
  kind: ShapeKind;
  variant: string | undefined;
  description: string;
}

export const SHAPE_LABELS: Record<ShapeKind, string> = { queue: 'Queue', stream: 'Stream', topic: 'Topic' };

/**
 * The shapes the opened scenario can be switched between: for the text as written and each variant,
 * the kind of broker the first producer publishes to, keeping the first variant of each kind. Fewer
 * than two kinds means there is nothing to switch. The variant machinery is loaded on demand (it
 * pulls in the schema), as the store's open does.
 */
export async function shapesOf(origin: ScenarioSource): Promise<Shape[]> {
  const [{ parseScenarioText }, { applyVariant }] = await Promise.all([import('../../scenario/text'), import('../../scenario/variants')]);
  const parsed = parseScenarioText(origin.text);
  if (!parsed.ok) return [];
  const variants = variantDescriptions(parsed.data);
  const shapes: Shape[] = [];
  for (const variant of [undefined, ...Object.keys(variants)]) {
    const varied = applyVariant(parsed.data, variant);
    const kind = varied.ok ? firstTargetKind(varied.data) : undefined;
    if (kind === undefined || shapes.some((s) => s.kind === kind)) continue;
    shapes.push({ kind, variant, description: variant === undefined ? 'As written.' : (variants[variant] ?? '') });
  }
  return shapes.length >= 2 ? shapes : [];
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

/** The kind of the broker the first producer publishes to, read from unvalidated data (undefined if unclear). */
function firstTargetKind(data: unknown): ShapeKind | undefined {
  const { producers, brokers } = data as { producers?: unknown; brokers?: unknown };
  if (!Array.isArray(producers) || !Array.isArray(brokers)) return undefined;
  const target = (producers[0] as { target?: unknown } | undefined)?.target;
  const broker = brokers.find((b) => (b as { id?: unknown } | null)?.id === target) as { kind?: unknown } | undefined;
  const kind = broker?.kind;
  return kind === 'queue' || kind === 'stream' || kind === 'topic' ? kind : undefined;
}
