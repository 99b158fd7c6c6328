/** Series colors shared by the chart and its legend (an Okabe–Ito-like pair, distinct for color-blind viewers). */
export const SERIES_COLORS = { ready: '#1b6ab3', inflight: '#b25110' } as const;
