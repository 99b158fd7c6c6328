import { SPEEDS } from '../../runtime/protocol';
import { formatSpeed, speedIndex } from '../format';

/** The speed box of a playback bar: a slider over the lab's speeds and the speed it is at ("×50"). */
export function SpeedSlider({ id, speed, onChange, testId }: { id: string; speed: number; onChange: (speed: number) => void; testId?: string }) {
  return (
    <div className="speed">
      <label htmlFor={id}>Speed</label>
      <input
        id={id}
        data-testid={testId}
        type="range"
        min={0}
        max={SPEEDS.length - 1}
        step={1}
        value={speedIndex(speed)}
        aria-valuetext={`${formatSpeed(speed)}: ${speed} virtual seconds per second`}
        onChange={(event) => onChange(SPEEDS[Number(event.currentTarget.value)] ?? speed)}
      />
      <output htmlFor={id} className="speed-value" title="virtual seconds per wall-clock second">
        {formatSpeed(speed)}
      </output>
    </div>
  );
}
