/** Whole counts with thousands separators, the same on every machine: 1,234,567. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * A measured quantity (seconds, levels, rates) with about four significant digits, never in
 * exponent notation for everyday magnitudes: 0.004213, 6.470, 16.53, 1287.
 */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1000) return formatCount(x);
  if (magnitude < 1e-6) return x.toExponential(2);
  const decimals = Math.max(0, 3 - Math.floor(Math.log10(magnitude)));
  return x.toFixed(decimals);
}

/** Seconds as given when they are whole (60), else like formatQuantity (12.50). */
export function formatSeconds(x: number): string {
  return Number.isInteger(x) ? formatCount(x) : formatQuantity(x);
}

/** Counts by reason as `maxlen 3, ttl 1`, or '' when there are none. */
export function formatReasons(byReason: Readonly<Record<string, number>>): string {
  return Object.entries(byReason)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${formatCount(n)}`)
    .join(', ');
}

/** Rates such as events per second with an SI suffix: 950, 12.3k, 1.25M. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}
