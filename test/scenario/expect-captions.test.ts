import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runtime';
import { captionsOf, MAX_CAPTION_CHARS, validateScenario } from '../../src/scenario';
import { validScenarioData } from './fixtures';

function withTimeline(timeline: unknown[]): Record<string, unknown> {
  return { ...validScenarioData(), timeline };
}

describe('captions in the timeline', () => {
  it('accepts plain-text captions and lists them in time order for the lab', () => {
    const result = validateScenario(
      withTimeline([
        { at: 30, action: 'caption', text: 'Now the backlog drains.' },
        { at: 0, action: 'caption', text: 'Orders arrive at 2/s — “café” and emoji 🚚 are fine.' },
      ]),
    );
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    expect(captionsOf(result.scenario.timeline).map((c) => c.at)).toEqual([0, 30]);
  });

  it(`refuses a caption longer than ${MAX_CAPTION_CHARS} characters and an empty one`, () => {
    const result = validateScenario(
      withTimeline([
        { at: 1, action: 'caption', text: 'x'.repeat(MAX_CAPTION_CHARS + 1) },
        { at: 2, action: 'caption', text: '' },
      ]),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'timeline[0].text', message: `must have at most ${MAX_CAPTION_CHARS} characters` },
        { path: 'timeline[1].text', message: 'must have at least 1 character' },
      ],
    });
  });

  it('refuses a caption after the run ends, like any timeline action', () => {
    expect(validateScenario(withTimeline([{ at: 61, action: 'caption', text: 'too late' }]))).toEqual({
      ok: false,
      errors: [{ path: 'timeline[0].at', message: '61 s is after the run ends (duration 60)' }],
    });
  });

  it.each([
    ['a newline', 'line one\nline two'],
    ['an escape sequence', 'red \u001b[31malert'],
    ['a right-to-left override', 'invoice \u202egpj.exe'],
  ])('refuses a caption with %s: captions are plain text', (_what, text) => {
    expect(validateScenario(withTimeline([{ at: 1, action: 'caption', text }]))).toEqual({
      ok: false,
      errors: [{ path: 'timeline[0].text', message: 'must be plain text on one line: no control characters or direction overrides' }],
    });
  });

  it('changes nothing in the run: the trace and every count are those of the run without it', () => {
    const plain = validateScenario(validScenarioData());
    const captioned = validateScenario(withTimeline([{ at: 10, action: 'caption', text: 'Watch the queue.' }]));
    if (!plain.ok || !captioned.ok) expect.fail('both scenarios should be valid');
    const a = runScenario(plain.scenario);
    const b = runScenario(captioned.scenario);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.groups).toEqual(a.groups);
    expect(b.brokers).toEqual(a.brokers);
  });
});
