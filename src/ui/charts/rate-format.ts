/** A rate per second for axes and legends: whole numbers as they are, one decimal below 10, whole numbers above. */
export function formatRate(perSecond: number): string {
  if (Number.isInteger(perSecond)) return perSecond.toLocaleString('en-US');
  return perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond).toLocaleString('en-US');
}
