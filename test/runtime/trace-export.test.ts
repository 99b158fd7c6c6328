import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/model';
import { Run } from '../../src/runtime/run';
import { exportTrace } from '../../src/runtime/trace-export';
import { scenarioFrom } from '../helpers/scenarios';

const scenario = scenarioFrom({
  version: 1,
  name: 'export',
  seed: 3,
  duration: 20,
  producers: [{ id: 'p', target: 'q', rate: { perSecond: 2 } }],
  brokers: [{ id: 'q', kind: 'queue' }],
  consumers: [{ id: 'g', reads: 'q', processing: { type: 'exponential', mean: 0.3 } }],
});

function recordsUpTo(until: number): string[] {
  const lines: string[] = [];
  const run = new Run(scenario, { onTrace: (r: Readonly<TraceRecord>) => void lines.push(JSON.stringify(r)) });
  run.advanceTo(until);
  return lines;
}

describe('exporting the trace', () => {
  it('writes every record up to the time, one JSON object per line, exactly as the run produced them', () => {
    const exported = exportTrace(scenario, 3, 12.5);
    const expected = recordsUpTo(12.5);
    expect(exported.text).toBe(`${expected.join('\n')}\n`);
    expect(exported).toMatchObject({ records: expected.length, total: expected.length, until: 12.5 });
    expect(JSON.parse(exported.text.split('\n')[0]!)).toMatchObject({ kind: 'published', time: expect.any(Number) as number });
  });

  it('cuts the text at the limit but still counts every record', () => {
    const all = recordsUpTo(20);
    const cut = exportTrace(scenario, 3, 20, 10);
    expect(cut.records).toBe(10);
    expect(cut.total).toBe(all.length);
    expect(cut.text).toBe(`${all.slice(0, 10).join('\n')}\n`);
  });

  it('gives an empty text before anything happened', () => {
    expect(exportTrace(scenario, 3, 0)).toMatchObject({ text: '', records: 0, total: 0, until: 0 });
  });
});
