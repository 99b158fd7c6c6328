import { useEffect } from 'react';
import { useLab, useLabActions } from '../lab-context';
import { selectPresenting } from '../selectors';

/**
 * Present mode for a projector: large type, the narration, the canvas and the outcome, without the
 * editing controls. It also asks for full screen where the browser allows it; leaving full screen
 * (Escape) leaves present mode too.
 */
export function PresentToggle() {
  const presenting = useLab(selectPresenting);
  const { setPresenting } = useLabActions();

  useEffect(() => {
    const onChange = (): void => {
      if (!document.fullscreenElement) setPresenting(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [setPresenting]);

  const toggle = (): void => {
    const next = !presenting;
    setPresenting(next);
    if (next && document.fullscreenEnabled && !document.fullscreenElement) {
      // Full screen is a nicety: a refusal (no user gesture, an iframe) leaves present mode on, windowed.
      document.documentElement.requestFullscreen().catch(() => undefined);
    } else if (!next && document.fullscreenElement) {
      document.exitFullscreen().catch(() => undefined);
    }
  };

  return (
    <button type="button" className="present-toggle" aria-pressed={presenting} onClick={toggle} data-testid="present-toggle">
      {presenting ? 'Leave present mode' : 'Present'}
    </button>
  );
}
