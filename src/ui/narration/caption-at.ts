import type { Scenario } from '../../scenario';

/** One line of narration from the scenario's timeline. */
export interface Caption {
  readonly at: number;
  readonly text: string;
}

/** The scenario's captions in time order (a stable sort keeps the file's order at equal times). */
export function captionsOf(scenario: Scenario): Caption[] {
  const captions: Caption[] = [];
  for (const action of scenario.timeline) if (action.action === 'caption') captions.push({ at: action.at, text: action.text });
  return captions.sort((a, b) => a.at - b.at);
}

/**
 * The caption shown at virtual time `time`: the last one whose time has come (a caption stays until the
 * next one replaces it), or null before the first. At equal times the later one in the file wins.
 */
export function captionAt(captions: readonly Caption[], time: number): Caption | null {
  let shown: Caption | null = null;
  for (const caption of captions) {
    if (caption.at > time) break;
    shown = caption;
  }
  return shown;
}
