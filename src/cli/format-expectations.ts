import type { ExpectationResult } from '../scenario';

/**
 * The scenario's expectations after a run, one line each: `PASS name: detail` or `FAIL name: detail`.
 * Empty when no expectation applies to the run.
 */
export function formatExpectationLines(results: readonly ExpectationResult[], variant: string | undefined): string[] {
  if (results.length === 0) return [];
  const passed = results.filter((r) => r.ok).length;
  const title = `Expectations${variant !== undefined ? ` (variant ${variant})` : ''}: ${passed} of ${results.length} pass`;
  return [title, ...results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.detail}`)];
}
