import { describe, expect, it } from 'vitest';
import { SPEEDS } from '../../src/runtime/protocol';
import { validateScenario } from '../../src/scenario';
import { burstMarkers, formatLatency, formatSpeed, nextSpeed, speedIndex } from '../../src/ui/format';
import { shortcutFor, spaceTogglesPlayback } from '../../src/ui/keyboard';

describe('speed helpers', () => {
  it('finds the offered speed nearest to any speed on a log scale', () => {
    expect(SPEEDS[speedIndex(2)]).toBe(2);
    expect(SPEEDS[speedIndex(3)]).toBe(2);
    expect(SPEEDS[speedIndex(4)]).toBe(5);
    expect(SPEEDS[speedIndex(1e6)]).toBe(1000);
    expect(SPEEDS[speedIndex(0.01)]).toBe(0.1);
  });

  it('steps one offered speed up or down and stops at the ends', () => {
    expect(nextSpeed(2, 1)).toBe(5);
    expect(nextSpeed(2, -1)).toBe(1);
    expect(nextSpeed(1000, 1)).toBe(1000);
    expect(nextSpeed(0.1, -1)).toBe(0.1);
  });

  it('writes speeds and latencies for people', () => {
    expect(formatSpeed(0.25)).toBe('×0.25');
    expect(formatLatency(0.1834)).toBe('0.183 s');
    expect(formatLatency(16.49)).toBe('16.5 s');
    expect(formatLatency(NaN)).toBe('–');
  });
});

describe('burstMarkers', () => {
  it('marks every burst of every producer at its time', () => {
    const result = validateScenario({
      version: 1,
      name: 'bursts',
      duration: 60,
      producers: [
        { id: 'a', target: 'q', bursts: [{ at: 10, count: 100 }, { at: 30, count: 1500 }] },
        { id: 'b', target: 'q', rate: { process: 'poisson', perSecond: 1 } },
      ],
      brokers: [{ id: 'q', kind: 'queue' }],
      consumers: [],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(burstMarkers(result.scenario)).toEqual([
      { time: 10, label: 'burst: 100 from a' },
      { time: 30, label: 'burst: 1,500 from a' },
    ]);
  });
});

describe('spaceTogglesPlayback', () => {
  const make = (html: string): Element => {
    document.body.innerHTML = html;
    return document.body.firstElementChild!;
  };

  it('toggles when the page itself or a plain element has focus', () => {
    expect(spaceTogglesPlayback(document.body)).toBe(true);
    expect(spaceTogglesPlayback(make('<div tabindex="0">chart</div>'))).toBe(true);
    expect(spaceTogglesPlayback(make('<input type="range">'))).toBe(true);
  });

  it('leaves space to buttons, links and text fields, which use it themselves', () => {
    expect(spaceTogglesPlayback(make('<button>Step</button>'))).toBe(false);
    expect(spaceTogglesPlayback(make('<a href="#x">x</a>'))).toBe(false);
    expect(spaceTogglesPlayback(make('<input type="text">'))).toBe(false);
    expect(spaceTogglesPlayback(make('<textarea></textarea>'))).toBe(false);
    expect(spaceTogglesPlayback(make('<select><option>1</option></select>'))).toBe(false);
  });
});

describe('shortcutFor', () => {
  const press = (key: string, target: EventTarget | null = document.body, extra: { ctrlKey?: boolean; repeat?: boolean } = {}) =>
    shortcutFor({ key, target, ctrlKey: false, metaKey: false, altKey: false, repeat: false, ...extra });

  it('maps space to play/pause and + / − to the next speed', () => {
    expect(press(' ')).toBe('toggle');
    expect(press('+')).toBe('faster');
    expect(press('=')).toBe('faster');
    expect(press('-')).toBe('slower');
    expect(press('x')).toBeNull();
  });

  it('ignores held-down space, modified keys and typing in a text field', () => {
    document.body.innerHTML = '<input type="text">';
    const field = document.body.firstElementChild!;
    expect(press(' ', document.body, { repeat: true })).toBeNull();
    expect(press('+', document.body, { ctrlKey: true })).toBeNull();
    expect(press('+', field)).toBeNull();
    expect(press(' ', field)).toBeNull();
  });
});
