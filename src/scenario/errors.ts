/** One problem with a scenario: where (a JSON path like `consumers[0].processing.mean`) and what. */
export interface ScenarioError {
  /** JSON path of the offending field; empty when the problem is with the scenario as a whole. */
  path: string;
  message: string;
}

export type PathSegment = string | number;

/** Formats path segments as `a.b[0].c`. Keys that are not plain identifiers are quoted: `a["x y"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** "path: message" per line, the form the CLI prints and the lab shows. */
export function formatErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => `${e.path === '' ? '(scenario)' : e.path}: ${e.message}`).join('\n');
}

/** Thrown where a caller needs an exception rather than a result; carries every error found. */
export class ScenarioValidationError extends Error {
  constructor(readonly errors: readonly ScenarioError[]) {
    super(`invalid scenario:\n${formatErrors(errors)}`);
    this.name = 'ScenarioValidationError';
  }
}
