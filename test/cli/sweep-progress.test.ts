import { describe, expect, it } from 'vitest';
import { formatDuration, SweepProgress, sweepProgressLine } from '../../src/cli/sweep/progress';

describe('the sweep progress bar', () => {
  it('shows the share of finished runs and an ETA from their average time', () => {
    // 40 of 100 runs in 8 s: the other 60 take another 12 s.
    expect(sweepProgressLine(40, 100, 8000, 80)).toBe('[############..................]  40% 40/100 runs · ETA 12 s');
  });

  it('leaves the ETA out until a run has finished, and drops the bar on a narrow terminal', () => {
    expect(sweepProgressLine(0, 10, 500, 80)).toBe('[..............................]   0% 0/10 runs');
    expect(sweepProgressLine(5, 10, 1000, 24)).toBe(' 50% 5/10 runs · ETA 1 ');
  });

  it('writes durations over a minute in minutes and seconds', () => {
    expect(formatDuration(7.2)).toBe('8 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
  });

  it('redraws at most every 100 ms but always draws the last run, and erases itself', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new SweepProgress({ write: (t) => written.push(t), columns: 60 }, () => now);
    progress.update(1, 3);
    now = 50;
    progress.update(2, 3); // too soon: skipped
    now = 60;
    progress.update(3, 3); // the last one is always drawn
    progress.clear();
    expect(written).toEqual([
      '\r[##########....................]  33% 1/3 runs · ETA 0 s\x1b[K',
      '\r[##############################] 100% 3/3 runs · ETA 0 s\x1b[K',
      '\r\x1b[2K',
    ]);
  });
});
