import type { Scenario } from '../../scenario';

/**
 * One side of a comparison: the scenario as written (`variant` undefined) or one of its variants.
 * Pure data, so the dialog, the column headings and the tests share it.
 */
export interface CompareOption {
  /** The variant's name, or undefined for the scenario as written. */
  variant: string | undefined;
  /** What the column heading calls it: the variant's name, or "as written". */
  name: string;
  description: string;
  /** True when choosing it runs exactly the scenario as written (a variant that sets nothing). */
  asWritten: boolean;
}

/** The two columns, A on the left and B on the right. */
export interface ComparePair {
  a: CompareOption;
  b: CompareOption;
}

export const AS_WRITTEN = 'as written';

/** "As written" first, then the scenario's variants in file order, each with its description. */
export function compareOptions(scenario: Scenario): CompareOption[] {
  const variants = Object.entries(scenario.variants).map(([name, spec]) => ({
    variant: name,
    name,
    description: spec.description ?? '',
    asWritten: Object.keys(spec.set).length === 0,
  }));
  return [{ variant: undefined, name: AS_WRITTEN, description: 'The scenario without any variant applied.', asWritten: true }, ...variants];
}

/**
 * The pair the dialog proposes: the first two options that run different scenarios. A variant that
 * sets nothing is the scenario as written under another name (the design challenge's "topic"), so it
 * does not count as different; variants come before "as written", since they are what a scenario
 * offers to be compared. Falls back to the first two options; null with fewer than two (no variants).
 */
export function defaultPair(options: readonly CompareOption[]): ComparePair | null {
  const changing = options.filter((o) => !o.asWritten);
  const plain = options.find((o) => o.variant === undefined);
  if (changing.length >= 2) return { a: changing[0]!, b: changing[1]! };
  if (changing.length === 1 && plain) return { a: plain, b: changing[0]! };
  return options.length >= 2 ? { a: options[0]!, b: options[1]! } : null;
}

/** The column heading: "A · queue — One shared queue: …". */
export function sideHeading(side: 'A' | 'B', option: CompareOption): { title: string; description: string } {
  return { title: `${side} · ${option.name}`, description: option.description };
}
