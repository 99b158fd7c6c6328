// @vitest-environment jsdom
// jsdom's DOMParser checks that the SVG is well-formed XML (the module itself needs no DOM).
import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../../src/cli/sweep/csv';
import { parseVary, planPoints } from '../../src/cli/sweep/plan';
import { escapeXml, renderSweepPlot } from '../../src/cli/sweep/plot';
import { summarize } from '../../src/cli/sweep/stats';

/** Parses the SVG as XML; a malformed document fails the test with the parser's message. */
function parseSvg(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error !== undefined) throw new Error(`malformed SVG: ${error.textContent ?? ''}`);
  return doc;
}

/** Rows whose metric grows with the varied value, three replications each, for a given set of --vary flags. */
function sweepOf(vary: readonly string[], replications: number, metricOf: (values: readonly number[]) => number) {
  const axes = vary.map(parseVary);
  const rows: SweepRow[] = planPoints(axes).map((point) => {
    const centre = metricOf(point.values);
    const sample = Array.from({ length: replications }, (_, r) => centre + r - (replications - 1) / 2);
    return { point, metrics: [summarize(sample)] };
  });
  return { axes, rows };
}

describe('the sweep plot (SVG)', () => {
  it('is a well-formed SVG document with one mean line and one CI band for a single varied parameter', () => {
    const { axes, rows } = sweepOf(['consumers[payment].instances=2..8'], 3, ([v]) => 100 / v!);
    const doc = parseSvg(renderSweepPlot({ axes, metrics: ['groups.payment.endToEnd.p99'], rows }));
    expect(doc.documentElement.tagName).toBe('svg');
    expect(doc.querySelectorAll('path.mean-line')).toHaveLength(1);
    expect(doc.querySelectorAll('path.ci-band')).toHaveLength(1);
    expect(doc.querySelectorAll('circle')).toHaveLength(7);
    const line = doc.querySelector('path.mean-line')!.getAttribute('d')!;
    expect(line).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){6}$/);
  });

  it('labels both axes with the varied path and the metric, and puts tick labels from the data range on them', () => {
    const { axes, rows } = sweepOf(['consumers[payment].instances=2..8'], 3, ([v]) => 100 / v!);
    const doc = parseSvg(renderSweepPlot({ axes, metrics: ['groups.payment.endToEnd.p99'], rows }));
    const labels = [...doc.querySelectorAll('text.axis-label')].map((t) => t.textContent);
    expect(labels).toEqual(['consumers[payment].instances', 'groups.payment.endToEnd.p99']);
    const xTicks = [...doc.querySelectorAll('g.x-axis g.tick text')].map((t) => Number(t.textContent));
    expect(xTicks[0]).toBe(2);
    expect(xTicks.at(-1)).toBe(8);
    const yTicks = [...doc.querySelectorAll('g.y-axis g.tick text')].map((t) => Number(t.textContent));
    // The means run from 12.5 to 50 and the CIs reach a little beyond: the nice y domain covers them.
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    expect(Math.min(...yTicks)).toBeLessThanOrEqual(12.5);
    expect(Math.max(...yTicks)).toBeGreaterThanOrEqual(50);
  });

  it('escapes markup in a metric name and a path, so user text cannot break or inject into the document', () => {
    const { axes, rows } = sweepOf(['a<b>&"c\'=1..3'], 2, ([v]) => v!);
    const metric = 'groups.<script>alert(1)</script>.p99';
    const svg = renderSweepPlot({ axes, metrics: [metric], rows });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('groups.&lt;script&gt;alert(1)&lt;/script&gt;.p99');
    const doc = parseSvg(svg);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    const labels = [...doc.querySelectorAll('text.axis-label')].map((t) => t.textContent);
    expect(labels).toEqual(['a<b>&"c\'', metric]);
  });

  it('draws no band when a single replication gives no confidence interval, and says so', () => {
    const { axes, rows } = sweepOf(['x=1..4'], 1, ([v]) => v! * 2);
    const doc = parseSvg(renderSweepPlot({ axes, metrics: ['m'], rows }));
    expect(doc.querySelectorAll('path.ci-band')).toHaveLength(0);
    expect(doc.querySelectorAll('path.mean-line')).toHaveLength(1);
    expect(doc.documentElement.textContent).toContain('no confidence interval');
  });

  it('draws one series per value of a second varied parameter, each with its line, band and legend entry', () => {
    const { axes, rows } = sweepOf(['x=1..5', 'y=10..30:10'], 3, ([x, y]) => x! * y!);
    const doc = parseSvg(renderSweepPlot({ axes, metrics: ['m', 'ignored'], rows }));
    expect(doc.querySelectorAll('path.mean-line')).toHaveLength(3);
    expect(doc.querySelectorAll('path.ci-band')).toHaveLength(3);
    expect([...doc.querySelectorAll('g.legend text')].map((t) => t.textContent)).toEqual(['y=10', 'y=20', 'y=30']);
  });

  it('still has a span on each axis when every value is the same', () => {
    const { axes, rows } = sweepOf(['x=4..4'], 2, () => 7);
    const svg = renderSweepPlot({ axes, metrics: ['m'], rows });
    expect(svg).not.toContain('NaN');
    expect(parseSvg(svg).querySelectorAll('g.x-axis g.tick').length).toBeGreaterThan(1);
  });

  it('refuses to draw without a varied axis, a metric or rows', () => {
    const { axes, rows } = sweepOf(['x=1..2'], 2, ([v]) => v!);
    expect(() => renderSweepPlot({ axes: [], metrics: ['m'], rows })).toThrow(/at least one varied axis/);
    expect(() => renderSweepPlot({ axes, metrics: [], rows })).toThrow(/at least one metric/);
    expect(() => renderSweepPlot({ axes, metrics: ['m'], rows: [] })).toThrow(/no rows/);
  });
});

describe('escapeXml', () => {
  it('replaces each of the five XML special characters and leaves other text alone', () => {
    expect(escapeXml(`a<b>&"c'd`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d');
    expect(escapeXml('p99 ≤ 0.5 s')).toBe('p99 ≤ 0.5 s');
  });
});
