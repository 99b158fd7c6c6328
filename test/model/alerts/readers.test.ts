import { describe, expect, it } from 'vitest';
import { DepthMetric, DlqGrowthMetric, ErrorRateMetric, GaugeMetric, type AttemptCounts } from '../../../src/model';

describe('ErrorRateMetric', () => {
  it('reads failed attempts over attempts since the previous reading, not since the start', () => {
    const group: AttemptCounts = { attempts: 10, failures: 10 };
    const metric = new ErrorRateMetric(() => group);
    metric.start();
    Object.assign(group, { attempts: 18, failures: 12 });
    expect(metric.read()).toBe(0.25);
    Object.assign(group, { attempts: 20, failures: 14 });
    expect(metric.read()).toBe(1);
  });

  it('reads NaN for an interval without attempts, and while the group does not exist yet', () => {
    const joined: { group?: AttemptCounts } = {};
    const metric = new ErrorRateMetric(() => joined.group);
    metric.start();
    expect(metric.read()).toBeNaN();
    joined.group = { attempts: 4, failures: 1 };
    expect(metric.read()).toBe(0.25);
    expect(metric.read()).toBeNaN();
  });
});

describe('DlqGrowthMetric', () => {
  it('reads the messages that arrived since the previous reading per second of the interval', () => {
    const dlq = { adoptedTotal: 7 };
    const metric = new DlqGrowthMetric(() => dlq, 5);
    metric.start();
    dlq.adoptedTotal = 13;
    expect(metric.read()).toBe(1.2);
    expect(metric.read()).toBe(0);
  });

  it('refuses an interval that is not a positive number of seconds', () => {
    expect(() => new DlqGrowthMetric(() => undefined, 0)).toThrow(new RangeError('dlq-growth interval must be a finite number of seconds > 0, got 0'));
  });
});

describe('GaugeMetric', () => {
  it('reads NaN until what it watches exists, then reads it through the autoscaler reader it creates once', () => {
    const added: { queue?: { depth: number } } = {};
    let created = 0;
    const metric = new GaugeMetric('depth', () => {
      if (added.queue === undefined) return undefined;
      created++;
      return new DepthMetric(added.queue);
    });
    metric.start();
    expect(metric.read()).toBeNaN();
    added.queue = { depth: 3 };
    expect(metric.read()).toBe(3);
    added.queue.depth = 8;
    expect(metric.read()).toBe(8);
    expect(created).toBe(1);
  });
});
