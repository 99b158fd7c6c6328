/**
 * What the lab was asked to run: scenario text as the user has it (a library file, a file, an edit, a
 * link), with the variant and seed to run it with. Kept apart from the text actually loaded (which has
 * the variant applied) so the editor, Save and Copy link work on what the user wrote.
 */
export interface ScenarioSource {
  /** The scenario's JSON text, before the variant is applied. */
  text: string;
  /** One of the scenario's `variants`, applied as the CLI's `--variant` does. */
  variant?: string;
  /** Replaces the scenario's seed, as the CLI's `--seed` does. */
  seed?: number;
}
