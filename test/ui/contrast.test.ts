import { describe, expect, it } from 'vitest';
import { AA_NORMAL, composite, contrastRatio, flatten, isLargeText, parseColor, requiredContrast, withAlpha } from '../../src/ui/contrast';
import { LATER_BOX_ALPHA } from '../../src/ui/topology/draw-nodes';
import { TOPOLOGY_COLORS as C } from '../../src/ui/topology/palette';

describe('the contrast helper', () => {
  it('reads hex, rgb and rgba colours in both comma and space forms, and transparent', () => {
    expect(parseColor('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColor('#17202b')).toEqual({ r: 23, g: 32, b: 43, a: 1 });
    expect(parseColor('#00000080').a).toBeCloseTo(128 / 255, 6);
    expect(parseColor('rgb(1, 2, 3)')).toEqual({ r: 1, g: 2, b: 3, a: 1 });
    expect(parseColor('rgba(1, 2, 3, 0.25)')).toEqual({ r: 1, g: 2, b: 3, a: 0.25 });
    expect(parseColor('rgb(1 2 3 / 50%)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColor('transparent')).toEqual({ r: 0, g: 0, b: 0, a: 0 });
  });

  it('refuses a colour it cannot read, naming it, rather than guessing', () => {
    expect(() => parseColor('rebeccapurple')).toThrow('cannot read the colour "rebeccapurple"');
  });

  it('gives 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 6);
    expect(contrastRatio('#4a5461', '#4a5461')).toBe(1);
  });

  it('puts #767676 on white just above AA and #777777 just below, as the WCAG tables do', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('blends translucent text and layers over what is under them', () => {
    expect(composite(parseColor('rgba(0, 0, 0, 0.5)'), parseColor('#ffffff'))).toEqual({ r: 127.5, g: 127.5, b: 127.5, a: 1 });
    expect(flatten('#ffffff', ['rgba(0, 0, 0, 0.5)', 'transparent'])).toEqual({ r: 127.5, g: 127.5, b: 127.5, a: 1 });
    // Half-transparent black text on white reads as mid grey on white.
    expect(contrastRatio('rgba(0, 0, 0, 0.5)', '#ffffff')).toBeCloseTo(contrastRatio('rgb(127.5, 127.5, 127.5)', '#ffffff'), 9);
  });

  it('refuses to measure against a background that is not opaque', () => {
    expect(() => contrastRatio('#000', 'rgba(255, 255, 255, 0.5)')).toThrow('the background must be opaque');
  });

  it('asks 3:1 of large text (24 px, or 18.66 px bold) and 4.5:1 of the rest', () => {
    expect(isLargeText(24, 400)).toBe(true);
    expect(isLargeText(18.66, 700)).toBe(true);
    expect(isLargeText(18.66, 600)).toBe(false);
    expect(isLargeText(23.9, 400)).toBe(false);
    expect(requiredContrast(30, 400)).toBe(3);
    expect(requiredContrast(12, 700)).toBe(4.5);
  });
});

describe('the topology canvas text', () => {
  // The canvas draws every box over its ground; a node that joins later has a faded box (its text is opaque).
  const laterBox = flatten(C.ground, [withAlpha(parseColor(C.box), LATER_BOX_ALPHA)]);

  /** Every pair of text colour and the surface it is drawn on, as draw-nodes.ts and topology-canvas.ts draw them. */
  const pairs: [string, string, string | ReturnType<typeof parseColor>][] = [
    ['node title', C.ink, C.box],
    ['node description (producer, topic, stream key)', C.muted, C.box],
    ['queue counts above the bar', C.ink, C.box],
    ['title of a node that joins later', C.ink, laterBox],
    ['"added at 60 s" under a node that joins later', C.muted, laterBox],
    ['"idle" in an idle instance cell', C.muted, C.track],
    ['held count in a full instance cell', C.box, C.inflight],
    ['partition label on an empty strip', C.ink, C.track],
    ['partition label on retained records', C.ink, C.retained],
    ['partition label on deleted records', C.ink, C.deleted],
    ['event-bus rule', C.ink, C.rule],
  ];

  it.each(pairs)('draws the %s at AA contrast or better', (_what, text, surface) => {
    expect(contrastRatio(text, surface)).toBeGreaterThanOrEqual(AA_NORMAL);
  });
});
