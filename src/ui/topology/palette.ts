import { SERIES_COLORS } from '../theme';

/**
 * Colours of the topology canvas. Event types take Okabe–Ito colours (distinguishable with the common
 * colour-vision deficiencies); vermillion is kept for losses, and every status also has its own shape,
 * so no meaning rests on colour alone.
 */
export const EVENT_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#7a5c00'] as const;

/** Markers of the consumer groups reading one stream, in group order. */
export const GROUP_MARK_COLORS = ['#17202b', '#CC79A7', '#009E73', '#E69F00', '#0072B2'] as const;

export const TOPOLOGY_COLORS = {
  ink: '#17202b',
  muted: '#4a5461',
  box: '#ffffff',
  boxLine: '#8d867a',
  edge: '#b3ab9d',
  ground: '#f4f2ec',
  track: '#e7e3da',
  ready: SERIES_COLORS.ready,
  inflight: SERIES_COLORS.inflight,
  loss: '#D55E00',
  expired: '#6b6459',
  retained: '#cfe0f1',
  deleted: '#b9b2a6',
  crashed: '#9a948a',
  rule: '#f1ede4',
} as const;

export function eventColor(index: number): string {
  return EVENT_COLORS[index % EVENT_COLORS.length]!;
}
