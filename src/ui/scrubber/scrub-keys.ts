/** Keyboard moves of the time scrubber, as pure arithmetic (no DOM), so they are easy to test. */

/** Arrow keys move the scrubber by about 1 % of the run, on a round step: 0.1, 0.2, 0.5, 1, 2, 5… seconds. */
export function scrubStep(duration: number): number {
  if (!(duration > 0) || !Number.isFinite(duration)) return 1;
  const raw = duration / 100;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].find((m) => m * magnitude >= raw * 0.999) ?? 10;
  return nice * magnitude;
}

/** PageUp and PageDown jump ten steps. */
export const PAGE_STEPS = 10;

/**
 * Where a key press moves the scrubber from `time`, or null when the key is not one of its own:
 * arrows step, PageUp/PageDown jump, Home/End go to the start or the end.
 */
export function scrubKeyTarget(key: string, time: number, duration: number): number | null {
  const step = scrubStep(duration);
  // Snapped to the step grid (and rid of float dust such as 0.30000000000000004).
  const clamp = (t: number) => Math.min(duration, Math.max(0, Number((Math.round(t / step) * step).toFixed(9))));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(time + step);
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(time - step);
    case 'PageUp':
      return clamp(time + PAGE_STEPS * step);
    case 'PageDown':
      return clamp(time - PAGE_STEPS * step);
    case 'Home':
      return 0;
    case 'End':
      return duration;
    default:
      return null;
  }
}
