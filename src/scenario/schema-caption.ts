import { z } from 'zod';
import { nonNegative } from './schema-common';

/** The longest caption: a sentence or two of narration, not an essay. */
export const MAX_CAPTION_CHARS = 300;

/**
 * Control characters (C0, DEL, C1) and the bidirectional overrides, which could make a caption show
 * something other than what its text says. Captions are plain text: the lab shows them as text, never markup.
 */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
  }
  return true;
}

export const captionActionSchema = z
  .strictObject({
    at: nonNegative,
    action: z.literal('caption'),
    text: z
      .string()
      .min(1)
      .max(MAX_CAPTION_CHARS)
      .refine(isPlainText, { message: 'must be plain text on one line: no control characters or direction overrides' })
      .meta({ description: `The narration, plain text, at most ${MAX_CAPTION_CHARS} characters.` }),
  })
  .meta({
    description:
      'A caption: narration the lab shows from virtual time `at` on (until the next caption). It changes nothing in the run and leaves no trace record.',
  });

export type CaptionAction = z.output<typeof captionActionSchema>;

/** The captions of a timeline, in time order (file order among equal times), for the lab to show. */
export function captionsOf(timeline: readonly { action: string }[]): CaptionAction[] {
  return timeline
    .filter((a): a is CaptionAction => a.action === 'caption')
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map(({ a }) => a);
}
