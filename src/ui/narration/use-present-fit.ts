import { useEffect, type RefObject } from 'react';

/** The least height the canvas keeps in present mode, however little room the window leaves. */
const MIN_HEIGHT = 240;
/** Room left under the canvas so its panel's border and shadow stay on screen. */
const BOTTOM_GAP = 16;

/**
 * In present mode, caps the topology container's height at what the window has left below it, so the
 * whole canvas is on the projector without scrolling, whatever the title and narration take; out of
 * present mode the stylesheet's cap applies again. `relayout` tells the canvas its cap changed (a canvas
 * smaller than a new, larger cap would not notice on its own).
 */
export function usePresentFit(container: RefObject<HTMLElement | null>, presenting: boolean, relayout: () => void): void {
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    if (!presenting) {
      el.style.removeProperty('max-height');
      relayout();
      return;
    }
    const fit = (): void => {
      const top = el.getBoundingClientRect().top + window.scrollY;
      el.style.maxHeight = `${Math.max(MIN_HEIGHT, Math.floor(window.innerHeight - top - BOTTOM_GAP))}px`;
      relayout();
    };
    // After the present styles have laid the page out (larger type moves the canvas down).
    const frame = requestAnimationFrame(fit);
    window.addEventListener('resize', fit);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', fit);
    };
  }, [container, presenting, relayout]);
}
