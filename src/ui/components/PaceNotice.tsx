import { useEffect, useState } from 'react';
import { formatSpeed } from '../format';
import { useLab, useLabContext } from '../lab-context';
import { KEEPING_PACE, PaceMeter } from '../pace/pace-meter';
import { selectSpeed } from '../selectors';

/**
 * Says when the run cannot keep up with the speed asked for: "running at ×240 of ×1000". Measured
 * from the worker's frames while playing; silent when the run keeps pace, paused or done.
 */
export function PaceNotice() {
  const { client } = useLabContext();
  const speed = useLab(selectSpeed);
  const [achieved, setAchieved] = useState<number | null>(null);

  useEffect(() => {
    const meter = new PaceMeter();
    let shown: number | null = null;
    const show = (value: number | null): void => {
      // Rounded, so the notice changes a few times a second at most, not on every frame.
      const rounded = value === null ? null : Math.round(value);
      if (rounded !== shown) setAchieved((shown = rounded));
    };
    return client.subscribe((message) => {
      if (message.type === 'loaded') {
        meter.reset();
        show(null);
      } else if (message.type === 'frame') {
        if (message.playback !== 'playing') {
          meter.reset();
          show(null);
          return;
        }
        meter.add(performance.now(), message.frame.time);
        const value = meter.achieved();
        show(value !== null && value < message.speed * KEEPING_PACE ? value : null);
      }
    });
  }, [client]);

  if (achieved === null) return null;
  return (
    <p className="pace-notice" role="status" data-testid="pace-notice">
      Running at {formatSpeed(achieved)} of {formatSpeed(speed)}: this scenario is too heavy for this machine at that speed.
    </p>
  );
}
