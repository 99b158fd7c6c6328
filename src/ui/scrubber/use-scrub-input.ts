import { useRef, useState, type ChangeEvent, type KeyboardEvent, type PointerEvent } from 'react';
import { scrubKeyTarget, scrubStep } from './scrub-keys';

/** The range input's attributes and handlers, to spread onto it. */
export interface ScrubInputProps {
  min: number;
  max: number;
  step: number;
  value: number;
  'aria-keyshortcuts': string;
  onPointerDown(event: PointerEvent<HTMLInputElement>): void;
  onChange(event: ChangeEvent<HTMLInputElement>): void;
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): void;
}

/**
 * A time scrubber's behaviour on a range input, for the lab's and compare mode's: dragging previews
 * the time and seeks once, when the pointer is let go (each seek back re-simulates, so one per drag,
 * not one per pixel); the keys seek at once: arrows step, PageUp/PageDown jump ten steps, Home/End
 * go to the start or the end. `shown` is the time to display: the one dragged to, else `now`.
 */
export function useScrubInput(now: number, duration: number, seek: (time: number) => void): { shown: number; props: ScrubInputProps } {
  const [dragged, setDragged] = useState<number | null>(null);
  const dragging = useRef(false);
  const shown = dragged ?? now;

  const go = (time: number): void => {
    setDragged(null);
    seek(time);
  };

  return {
    shown,
    props: {
      min: 0,
      max: duration,
      step: scrubStep(duration),
      value: Math.min(shown, duration),
      'aria-keyshortcuts': 'ArrowLeft ArrowRight PageUp PageDown Home End',
      onPointerDown(event) {
        dragging.current = true;
        const input = event.currentTarget;
        // On the document: the pointer may be let go outside the input.
        document.addEventListener(
          'pointerup',
          () => {
            dragging.current = false;
            go(Number(input.value));
          },
          { once: true },
        );
      },
      onChange(event) {
        const time = Number(event.currentTarget.value);
        if (dragging.current) setDragged(time);
        else go(time);
      },
      onKeyDown(event) {
        const target = scrubKeyTarget(event.key, shown, duration);
        if (target === null || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        go(target);
      },
    },
  };
}
