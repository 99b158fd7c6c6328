import { describe, expect, it } from 'vitest';
import { validateScenario, type ScenarioError } from '../../src/scenario';

const oneSecond = { type: 'constant', value: 1 };

type Data = Record<string, unknown> & {
  brokers: Record<string, unknown>[];
  consumers: Record<string, unknown>[];
  timeline: Record<string, unknown>[];
};

/** A valid scenario: queue `jobs` read by `workers` through a two-call handler, and stream `log` read by `readers`. */
function scenarioData(): Data {
  return {
    version: 1,
    name: 'handlers',
    duration: 60,
    producers: [{ id: 'app', target: 'jobs', rate: { perSecond: 1 } }],
    brokers: [
      { id: 'jobs', kind: 'queue' },
      { id: 'log', kind: 'stream' },
    ],
    consumers: [
      {
        id: 'workers',
        reads: 'jobs',
        concurrency: 4,
        handler: {
          style: 'sequential',
          calls: [
            { name: 'fetch', latency: oneSecond },
            { name: 'sleep', latency: oneSecond, blocking: true },
          ],
        },
      },
      { id: 'readers', reads: 'log', processing: oneSecond },
    ],
    timeline: [],
  };
}

/** The errors of the base scenario after `change`; fails if it is accepted. */
function errorsAfter(change: (data: Data) => void): ScenarioError[] {
  const data = scenarioData();
  change(data);
  const result = validateScenario(data);
  if (result.ok) expect.fail('the changed scenario was accepted');
  return result.errors;
}

const workers = (data: Data) => data.consumers[0]!;
const handler = (data: Data) => workers(data).handler as { style?: string; calls: Record<string, unknown>[] };

describe('validation of consumer handlers', () => {
  it('accepts a group with a handler instead of processing, defaulting the style to sequential and calls to non-blocking', () => {
    const data = scenarioData();
    delete handler(data).style;
    delete handler(data).calls[1]!.blocking;
    const result = validateScenario(data);
    if (!result.ok) expect.fail(JSON.stringify(result.errors));
    expect(result.scenario.consumers[0]!.handler).toEqual({
      style: 'sequential',
      calls: [
        { name: 'fetch', latency: oneSecond, blocking: false },
        { name: 'sleep', latency: oneSecond, blocking: false },
      ],
    });
  });

  it('refuses a group with both processing and a handler', () => {
    expect(errorsAfter((d) => (workers(d).processing = oneSecond))).toEqual([
      { path: 'consumers[0].handler', message: 'give either processing (one time per message) or handler (its downstream calls), not both' },
    ]);
  });

  it('refuses a group with neither processing nor a handler', () => {
    expect(errorsAfter((d) => delete workers(d).handler)).toEqual([
      {
        path: 'consumers[0].processing',
        message: 'is required unless the group has a handler: give processing (one time per message) or handler (its downstream calls)',
      },
    ]);
  });

  it('refuses a handler without calls, with an unknown style, or with a misspelt field', () => {
    expect(errorsAfter((d) => (handler(d).calls = []))).toEqual([{ path: 'consumers[0].handler.calls', message: 'must have at least 1 entry, got 0' }]);
    expect(errorsAfter((d) => (handler(d).style = 'parallel'))).toEqual([
      { path: 'consumers[0].handler.style', message: 'must be one of "sequential", "concurrent", got "parallel"' },
    ]);
    expect(errorsAfter((d) => (handler(d).calls[0]!.blockng = true))).toEqual([
      { path: 'consumers[0].handler.calls[0].blockng', message: 'unknown field; did you mean "blocking"?' },
    ]);
  });

  it('refuses two calls with the same name, and a call latency that is not a distribution', () => {
    expect(errorsAfter((d) => (handler(d).calls[1]!.name = 'fetch'))).toEqual([
      { path: 'consumers[0].handler.calls[1].name', message: 'call name "fetch" is already used in this handler; names must be unique' },
    ]);
    expect(errorsAfter((d) => (handler(d).calls[0]!.latency = { type: 'uniform', min: 2, max: 1 }))).toEqual([
      { path: 'consumers[0].handler.calls[0].latency.max', message: 'must be >= min (2), got 1' },
    ]);
  });

  it('refuses a handler on a stream group, which processes one record at a time', () => {
    expect(
      errorsAfter((d) => {
        d.consumers[1] = { id: 'readers', reads: 'log', handler: { calls: [{ name: 'fetch', latency: oneSecond }] } };
      }),
    ).toEqual([{ path: 'consumers[1].handler', message: 'applies to groups reading a queue; "log" is a stream' }]);
  });

  it('refuses set-processing on a group with a handler, and accepts it on a group with processing', () => {
    expect(errorsAfter((d) => d.timeline.push({ at: 10, action: 'set-processing', group: 'workers', processing: oneSecond }))).toEqual([
      {
        path: 'timeline[0].group',
        message: `group "workers" has a handler, whose calls set its processing time; set-processing only applies to groups with processing (edit the handler's calls instead)`,
      },
    ]);
    const data = scenarioData();
    data.timeline.push({ at: 10, action: 'set-processing', group: 'readers', processing: oneSecond });
    expect(validateScenario(data).ok).toBe(true);
  });

  it('checks a handler on a group a timeline action adds', () => {
    expect(
      errorsAfter((d) =>
        d.timeline.push({ at: 5, action: 'add-group', group: { id: 'late', reads: 'jobs', handler: { calls: [{ name: 'a', latency: oneSecond }] }, processing: oneSecond } }),
      ),
    ).toEqual([{ path: 'timeline[0].group.handler', message: 'give either processing (one time per message) or handler (its downstream calls), not both' }]);
  });
});
