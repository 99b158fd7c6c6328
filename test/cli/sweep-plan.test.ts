import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/exit-codes';
import { formatPlan, parseVary, planPoints, planTasks } from '../../src/cli/sweep/plan';

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as CliError).lines.join('\n');
  }
  throw new Error('expected a CliError');
}

describe('--vary parsing', () => {
  it('reads a range with a step, including the end when a step lands on it', () => {
    expect(parseVary('consumers[0].instances=2..10:2')).toEqual({ path: 'consumers[0].instances', values: [2, 4, 6, 8, 10] });
  });

  it('steps by 1 when no step is given', () => {
    expect(parseVary('duration=3..6').values).toEqual([3, 4, 5, 6]);
  });

  it('stops before the end when the step overshoots it', () => {
    expect(parseVary('x=1..10:4').values).toEqual([1, 5, 9]);
  });

  it('gives clean decimal values rather than accumulated floating-point error', () => {
    expect(parseVary('consumers[0].processing.mean=0.1..0.5:0.1').values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('accepts negative bounds and a single-value range', () => {
    expect(parseVary('a.b=-1..1').values).toEqual([-1, 0, 1]);
    expect(parseVary('a=5..5').values).toEqual([5]);
  });

  it.each([
    ['consumers[0].instances', 'missing "path="'],
    ['x=2-10', 'the range must look like from..to'],
    ['x=a..10', '"from" must be a number (got "a")'],
    ['x=2..10:0', 'the step must be greater than 0'],
    ['x=2..10:-1', 'the step must be greater than 0'],
    ['x=10..2', '"to" (2) must not be less than "from" (10)'],
    ['x=0..1:0.00001', 'a sweep axis may have at most 10000'],
  ])('rejects %s with an error naming the flag and showing a valid example', (text, why) => {
    const message = errorOf(() => parseVary(text));
    expect(message).toContain(`--vary ${text}: `);
    expect(message).toContain(why);
    expect(message).toContain('e.g. --vary consumers[0].instances=2..10:2');
  });
});

describe('sweep points and tasks', () => {
  it('makes the cartesian product of the axes, the first axis varying slowest', () => {
    const points = planPoints([parseVary('a=1..2'), parseVary('b=10..30:10')]);
    expect(points.map((p) => p.set)).toEqual([
      ['a=1', 'b=10'],
      ['a=1', 'b=20'],
      ['a=1', 'b=30'],
      ['a=2', 'b=10'],
      ['a=2', 'b=20'],
      ['a=2', 'b=30'],
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points[4]!.values).toEqual([2, 20]);
  });

  it('refuses a sweep without --vary', () => {
    expect(errorOf(() => planPoints([]))).toContain('give at least one --vary flag');
  });

  it('gives replication r the seed base + r at every point (common random numbers), after the base overrides', () => {
    const tasks = planTasks(planPoints([parseVary('a=1..2')]), 2, 7, ['duration=5']);
    expect(tasks).toEqual([
      { point: 0, replication: 0, seed: 7, set: ['duration=5', 'a=1'] },
      { point: 0, replication: 1, seed: 8, set: ['duration=5', 'a=1'] },
      { point: 1, replication: 0, seed: 7, set: ['duration=5', 'a=2'] },
      { point: 1, replication: 1, seed: 8, set: ['duration=5', 'a=2'] },
    ]);
  });

  it('prints the plan as one JSON object per line', () => {
    const tasks = planTasks(planPoints([parseVary('consumers[0].instances=2..2')]), 1, 7);
    expect(formatPlan(tasks)).toBe('{"point":0,"replication":0,"seed":7,"set":["consumers[0].instances=2"]}\n');
  });
});
